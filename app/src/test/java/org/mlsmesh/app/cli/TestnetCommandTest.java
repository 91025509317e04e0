package org.mlsmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlsmesh.app.cli.ConformanceCommandTest.Run;
import org.mlsmesh.app.testnet.Testnet;

/**
 * {@code mlsmesh testnet}: bad usage is refused; with root, ip and nft, the bundled "mixed"
 * scenario on 5 node processes (a commit race, a partition four times the settle window with a
 * Commit on one side, a kill -9 and restart) holds every invariant and leaves no namespace behind.
 * Without them it is skipped, saying why, never passed.
 */
class TestnetCommandTest {
  @Test
  void badUsageIsRefused() {
    Run unknown = ConformanceCommandTest.run("testnet", "telepathy");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(unknown.err()).contains("no scenario named telepathy").contains("mixed");
    Run few = ConformanceCommandTest.run("testnet", "mixed", "--nodes", "2");
    assertThat(few.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(few.err()).contains("--nodes must be between 3 and 30, got 2");
    Run list = ConformanceCommandTest.run("testnet", "--list");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains("mixed:", "lossy-chat:", "long-partition:");
  }

  @Test
  @Timeout(400)
  void fiveNodesHoldEveryInvariant() throws Exception {
    Optional<String> cannot = Testnet.cannotRun();
    Assumptions.assumeTrue(cannot.isEmpty(), () -> "testnet skipped: " + cannot.get());
    Path out = Path.of("target", "testnet", "verify").toAbsolutePath();
    StringWriter text = new StringWriter();
    int code;
    try (PrintWriter writer = new PrintWriter(text)) {
      code = Testnet.run("mixed", 5, 1, out, writer);
    }
    System.out.print(text);
    assertThat(code).as(text.toString()).isEqualTo(Testnet.PASSED);
    assertThat(text.toString()).contains("passed in").doesNotContain("VIOLATED");
    assertThat(out.resolve("report.html")).exists();
    assertThat(Files.readString(out.resolve("metrics.json"))).contains("\"passed\" : true");
    String pid = String.valueOf(ProcessHandle.current().pid());
    assertThat(org.mlsmesh.app.testnet.Testnet.namespacesOf(pid)).isEmpty();
  }
}
