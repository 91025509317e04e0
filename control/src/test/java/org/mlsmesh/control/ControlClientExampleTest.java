package org.mlsmesh.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Node.js example client ({@code docs/control-client/example.js}) drives two real nodes end to
 * end through their control APIs. Needs Node.js and npm (the lock file is installed with {@code npm
 * ci} on first use); without them the test is skipped, saying why.
 */
@Timeout(300)
class ControlClientExampleTest {
  private static final Path CLIENT = Path.of("..", "docs", "control-client").toAbsolutePath();

  @Test
  void nodeJsDrivesTwoNodes(@TempDir Path dir) throws Exception {
    Optional<String> missing = missingTool();
    Assumptions.assumeTrue(missing.isEmpty(), () -> "Node.js example skipped: " + missing.get());
    Path log = dir.resolve("client.log");
    if (!Files.isDirectory(CLIENT.resolve("node_modules"))) {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(CLIENT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("npm.log").toFile())
              .start();
      assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci within 5 minutes").isTrue();
      assertThat(npm.exitValue()).as(Files.readString(dir.resolve("npm.log"))).isZero();
    }
    try (ControlledNode alice = ControlledNode.start(dir.resolve("alice"), List.of(), 1000);
        ControlledNode bob =
            ControlledNode.start(dir.resolve("bob"), List.of(alice.node.pinnedAddress()), 1000)) {
      Process client =
          new ProcessBuilder(
                  "node",
                  "example.js",
                  "127.0.0.1:" + alice.control.grpcPort(),
                  alice.control.tokenFile().toString(),
                  "127.0.0.1:" + bob.control.grpcPort(),
                  bob.control.tokenFile().toString())
              .directory(CLIENT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean ended = client.waitFor(180, TimeUnit.SECONDS);
      if (!ended) {
        client.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      System.out.print(output);
      assertThat(ended).as("the client ends within 180 s").isTrue();
      assertThat(client.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("\"step\":\"invited\"")
          .contains("\"text\":\"hello from Node.js\"")
          .contains("\"gapless\":true")
          .contains("\"text\":\"sent while you were away\"")
          .contains("\"agree\":true")
          .contains("\"refused\":true");
      assertThat(bob.node.groups().toCompletableFuture().get()).hasSize(1);
    }
  }

  private static Optional<String> missingTool() {
    if (!Files.isRegularFile(CLIENT.resolve("example.js"))) {
      return Optional.of("no example client at " + CLIENT);
    }
    for (String tool : List.of("node", "npm")) {
      boolean found = false;
      for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, tool))) {
          found = true;
        }
      }
      if (!found) {
        return Optional.of(tool + " is not on the PATH");
      }
    }
    return Optional.empty();
  }
}
