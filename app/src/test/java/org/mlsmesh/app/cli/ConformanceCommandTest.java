package org.mlsmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConformanceCommandTest {
  static final Path VENDORED = Path.of("..", ConformanceCommand.VENDORED);

  /** The exit code and what the command printed. */
  record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpExitsZero() {
    Run run = run("conformance", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: mlsmesh conformance").contains("--kind");
  }

  @Test
  void missingSubcommandIsBadUsage() {
    Run run = run();
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("missing subcommand");
  }

  @Test
  void unknownOptionIsBadUsage() {
    assertThat(run("conformance", "--no-such-option").exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void missingPathIsBadInput(@TempDir Path dir) {
    Run run = run("conformance", dir.resolve("absent.json").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("absent.json").contains("no such file");
  }

  @Test
  void aDeviceIsNotAVectorFileNorMissing() {
    Run run = run("conformance", "/dev/null");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains("/dev/null")
        .contains("not a regular file")
        .doesNotContain("no such file");
  }

  @Test
  void unknownKindIsBadInput(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("mystery.json"), "[]");
    Run run = run("conformance", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("mystery.json").contains("unknown test-vector kind 'mystery'");
  }

  @Test
  void unknownKindOptionIsBadInput() {
    Run run = run("conformance", "--kind", "nope", VENDORED.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("unknown kind 'nope'");
  }

  @Test
  void invalidJsonNamesTheLine(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("tree-math.json"), "[\n{\"n_leaves\": \n");
    Run run = run("conformance", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("tree-math.json").contains("invalid JSON at line");
  }

  @Test
  void malformedFieldsAreNamedNotUnexpectedErrors(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("tree-math.json"),
            "[{\"n_leaves\": -1}, {\"n_leaves\": \"eight\"}, {\"n_leaves\": 1.5}]");
    Run run = run("conformance", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.out())
        .contains("tree-math.json: tree-math: 0 passed, 3 failed")
        .contains("FAIL case #0: case 0.n_leaves = -1 is outside [1, 4294967296]")
        .contains("FAIL case #1: case 1.n_leaves is not a whole number")
        .contains("FAIL case #2: case 2.n_leaves is not a whole number")
        .doesNotContain("unexpected error");
  }

  @Test
  void topLevelObjectIsBadInput(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("tree-math.json"), "{}");
    Run run = run("conformance", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("not a JSON array");
  }

  @Test
  void kindOptionAppliesToAnyFileName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("renamed.json");
    Files.copy(VENDORED.resolve("tree-math.json"), file);
    Run run = run("conformance", "--kind", "tree-math", file.toString());
    assertThat(run.out()).startsWith("renamed.json: tree-math: ");
  }

  @Test
  void vendoredVectorsPassWithTotalsLast() {
    Run run = run("conformance", VENDORED.toString());
    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out()).doesNotContain("FAIL");
    List<String> lines = run.lines();
    assertThat(lines.get(lines.size() - 1)).matches("\\d+ passed, 0 failed, 0 skipped");
    for (String kind :
        List.of(
            "tree-math",
            "crypto-basics",
            "secret-tree",
            "message-protection",
            "key-schedule",
            "psk_secret",
            "transcript-hashes",
            "messages",
            "deserialization",
            "tree-operations",
            "tree-validation",
            "treekem",
            "welcome",
            "passive-client-welcome")) {
      assertThat(lines)
          .as(kind)
          .anyMatch(
              line ->
                  line.matches(
                      kind + "\\.json: " + kind + ": [1-9]\\d* passed, 0 failed, 0 skipped"));
    }
  }

  @Test
  void aWrongExpectationFailsTheCaseAndExitsOne(@TempDir Path dir) throws Exception {
    String original = Files.readString(VENDORED.resolve("tree-math.json"));
    // Case 0 has n_leaves 1 and n_nodes 1; claim 2 nodes instead.
    String tampered = original.replaceFirst("\"n_nodes\":\\s*1\\b", "\"n_nodes\": 2");
    assertThat(tampered).isNotEqualTo(original);
    Path file = Files.writeString(dir.resolve("tree-math.json"), tampered);
    Run run = run("conformance", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.lines().get(0))
        .isEqualTo("tree-math.json: tree-math: 9 passed, 1 failed, 0 skipped");
    assertThat(run.lines().get(1)).startsWith("  FAIL case #0: ").contains("n_nodes");
    assertThat(run.lines().get(run.lines().size() - 1)).isEqualTo("9 passed, 1 failed, 0 skipped");
  }
}
