package org.mlsmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.app.cli.ConformanceCommandTest.Run;
import picocli.CommandLine;

/** {@code mlsmesh chat} as a command: its typed lines come from a string. */
@Timeout(120)
class ChatCommandTest {
  static Run chat(String typed, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        new CommandLine(
            new ChatCommand(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8))));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void isASubcommandOfMlsmesh() {
    Run run = ConformanceCommandTest.run("chat", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: mlsmesh chat").contains("--config").contains("--dir");
  }

  @Test
  void withoutAConfigTheNodeLivesInItsFolderAndKeepsItsGroups(@TempDir Path dir) {
    Path folder = dir.resolve("me");
    Run first =
        chat(
            "/whoami\n/create\n/epoch\n/members\n/bogus\n/quit\nnot read\n",
            "--dir",
            folder.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("created a new identity in " + folder.resolve("identity.key"))
        .contains("created group 1")
        .contains("group 1: epoch 0 (final 0), epoch authenticator ")
        .contains("group 1, epoch 0, 1 member:")
        .contains("unknown command /bogus")
        .contains("bye");
    String identity = line(first.out(), "you are ");
    assertThat(first.out()).contains("  " + identity + "  (you)");
    assertThat(folder.resolve("node.db")).isRegularFile();

    // The same folder again: the same identity, the group is still there and current again (end
    // of input quits).
    Run second = chat("/members\nhello again\n", "--dir", folder.toString());
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).doesNotContain("created a new identity");
    assertThat(line(second.out(), "you are ")).isEqualTo(identity);
    assertThat(second.out())
        .containsPattern("(?m)^1  [0-9a-f]+  epoch 0, 1 member  \\(current\\)$");
    assertThat(second.out())
        .contains("talking in group 1 again")
        .contains("group 1, epoch 0, 1 member:")
        .doesNotContain("no current group")
        .doesNotContain("failed");
  }

  @Test
  void listensWhereToldAndSaysWhichAddressToGive(@TempDir Path dir) {
    Run local = chat("/quit\n", "--dir", dir.resolve("a").toString(), "--listen", "127.0.0.1:0");
    assertThat(local.exitCode()).as(local.err()).isZero();
    assertThat(local.out())
        .containsPattern("seed address for others: [0-9a-f]{64}@127\\.0\\.0\\.1:[1-9]");

    Run all = chat("/quit\n", "--dir", dir.resolve("b").toString(), "--listen", "0.0.0.0:0");
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out())
        .contains("listening on every address of this machine; seed address for others, one of:")
        .containsPattern("(?m)^  [0-9a-f]{64}@127\\.0\\.0\\.1:[1-9][0-9]*$");
  }

  @Test
  void aBadListenAddressIsBadUsage(@TempDir Path dir) {
    Run run = chat("", "--dir", dir.toString(), "--listen", "7400");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("'7400' is not HOST:PORT");
    Run both = chat("", "--dir", dir.toString(), "--listen", "127.0.0.1:0", "--port", "1");
    assertThat(both.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(both.err()).contains("--listen and --port");
  }

  @Test
  void helpShowsTheRealDefaults() {
    Run run = ConformanceCommandTest.run("chat", "--help");
    String help = run.out().replaceAll("\\s+", "");
    assertThat(help)
        .contains("(default:~/.mlsmesh/chat)")
        .contains("(default:127.0.0.1:0)")
        .contains("(default:60)")
        .doesNotContain("default:null");
    for (String[] command :
        List.of(
            new String[] {"demo"},
            new String[] {"conformance"},
            new String[] {"interop"},
            new String[] {"interop-client"},
            new String[] {"simulate"},
            new String[] {"keygen"},
            new String[] {"node", "run"})) {
      List<String> args = new ArrayList<>(List.of(command));
      args.add("--help");
      Run usage = ConformanceCommandTest.run(args.toArray(String[]::new));
      assertThat(usage.out()).as(String.join(" ", args)).doesNotContain("default: null");
    }
  }

  @Test
  void aConfigFileTakesNoFolderPortOrSeedOptions(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("node.conf");
    Files.writeString(conf, "mlsmesh.node.listen.port = 0\n");
    Run run = chat("", "--config", conf.toString(), "--port", "7");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--dir, --listen, --port and --seed go without --config");
  }

  @Test
  void aBadTimeoutIsBadUsage(@TempDir Path dir) {
    Run run = chat("", "--dir", dir.toString(), "--timeout", "0");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--timeout must be at least 1 second, got 0");
  }

  private static String line(String out, String prefix) {
    return out.lines()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in " + out))
        .substring(prefix.length());
  }
}
