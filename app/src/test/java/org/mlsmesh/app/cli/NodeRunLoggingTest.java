package org.mlsmesh.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.node.TestJvm;

/**
 * {@code mlsmesh node run} in its own JVM with the logging configuration it ships (the tests' own
 * logback-test.xml left off the class path): stdout carries its lines (the node's address, the
 * control listener's) and nothing else, logs go to stderr, WARN and above unless {@code --log} asks
 * for more.
 */
@Timeout(120)
class NodeRunLoggingTest {
  @TempDir Path dir;

  @Test
  void byDefaultStdoutHasTheNodeLineOnlyAndStderrNoDebugOrInfo() throws Exception {
    Run run = run();
    assertThat(run.stdout).hasSize(3);
    assertThat(run.stdout.get(0)).startsWith("node ").contains(" listening on ");
    assertThat(run.stdout.get(1)).startsWith("control API (gRPC mlsmesh.control.v1) on 127.0.0.1:");
    assertThat(run.stdout.get(2)).startsWith("metrics, health and status page on http://");
    assertThat(run.stderr).noneMatch(line -> line.contains(" DEBUG ") || line.contains(" INFO "));
  }

  @Test
  void logDebugGoesToStderrOnly() throws Exception {
    Run run = run("--log", "debug");
    assertThat(run.stdout).hasSize(3);
    assertThat(run.stdout.get(0)).startsWith("node ").contains(" listening on ");
    // Netty's, Pekko's and the node's own debug lines: all on stderr.
    assertThat(run.stderr).anyMatch(line -> line.contains(" DEBUG io.netty"));
    assertThat(run.stderr).anyMatch(line -> line.contains(" DEBUG o.m."));
  }

  @Test
  void anUnknownLevelIsBadUsage() throws Exception {
    assertThat(Main.run("node", "run", "--config", "x.conf", "--log", "loud")).isEqualTo(2);
  }

  private record Run(List<String> stdout, List<String> stderr) {}

  /** Starts {@code node run}, waits for its line, stops it with SIGTERM; what it printed. */
  private Run run(String... options) throws Exception {
    Path conf = BadStartInputTest.nodeConfig(dir, "");
    List<String> args = new ArrayList<>(List.of("node", "run", "--config", conf.toString()));
    args.addAll(List.of(options));
    List<String> command =
        new ArrayList<>(TestJvm.command(Main.class, args.toArray(String[]::new)));
    int cp = command.indexOf("-cp") + 1;
    command.set(cp, withoutTestClasses(command.get(cp)));
    Path err = dir.resolve("stderr.log");
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    List<String> stdout = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
      String first = out.readLine();
      assertThat(first).as(Files.readString(err, UTF_8)).contains("listening on");
      stdout.add(first);
      process.toHandle().destroy(); // SIGTERM, the streams left open: the node stops, exit 0
      out.lines().forEach(stdout::add);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(Files.readString(err, UTF_8)).isZero();
    } finally {
      process.destroyForcibly();
    }
    return new Run(stdout, Files.readAllLines(err, UTF_8));
  }

  /** The class path without this module's test classes (and so without logback-test.xml). */
  private static String withoutTestClasses(String classPath) {
    String own = Path.of("target", "test-classes").toAbsolutePath().toString();
    return Arrays.stream(classPath.split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).toAbsolutePath().toString().equals(own))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
