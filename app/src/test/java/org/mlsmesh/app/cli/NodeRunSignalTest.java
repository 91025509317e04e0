package org.mlsmesh.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.node.TestJvm;

/** {@code mlsmesh node run} in its own JVM stops on SIGTERM and SIGINT and exits 0. */
class NodeRunSignalTest {
  @TempDir Path dir;

  @Test
  void sigtermStopsTheNodeWithExitZero() throws Exception {
    Process node = startNode();
    node.destroy(); // SIGTERM on POSIX systems
    assertExitsZero(node);
  }

  @Test
  void sigintStopsTheNodeWithExitZero() throws Exception {
    // A process started with SIGINT ignored (a background job) passes that on to its children.
    assumeFalse(sigintIgnored(), "SIGINT is ignored in this process and its children");
    Process node = startNode();
    assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(node.pid())).start().waitFor())
        .isZero();
    assertExitsZero(node);
  }

  private Process startNode() throws Exception {
    Path conf = BadStartInputTest.nodeConfig(dir, "");
    Process process =
        new ProcessBuilder(TestJvm.command(Main.class, "node", "run", "--config", conf.toString()))
            .redirectError(dir.resolve("stderr.log").toFile())
            .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    String line = out.readLine();
    assertThat(line).as(Files.readString(dir.resolve("stderr.log"))).contains("listening on");
    return process;
  }

  private void assertExitsZero(Process node) throws Exception {
    boolean ended = node.waitFor(30, TimeUnit.SECONDS);
    if (!ended) {
      node.destroyForcibly();
    }
    assertThat(ended).isTrue();
    assertThat(node.exitValue()).as(Files.readString(dir.resolve("stderr.log"))).isZero();
  }

  /** Whether this JVM ignores SIGINT (bit 2 of SigIgn in /proc/self/status). */
  private static boolean sigintIgnored() throws Exception {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return new BigInteger(line.substring(7).strip(), 16).testBit(1);
      }
    }
    return false;
  }
}
