package org.mlsmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class SimulateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ConformanceCommandTest.Run run(String... args) {
    return ConformanceCommandTest.run(args);
  }

  private static Document parseXml(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(Files.readString(file).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void helpDescribesArgumentsAndExitCodes() {
    ConformanceCommandTest.Run run = run("simulate", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: mlsmesh simulate")
        .contains("SCENARIO", "--seed", "--out", "--list", "--progress")
        .contains("Exit codes:");
  }

  @Test
  void listShowsTheBundledScenariosWithKindAndDescription() {
    ConformanceCommandTest.Run run = run("simulate", "--list");
    assertThat(run.exitCode()).isZero();
    assertThat(run.lines())
        .anyMatch(
            l -> l.startsWith("gossip-smoke") && l.contains("gossip") && l.contains("50 peers"))
        .anyMatch(l -> l.startsWith("gossip-partition"));
  }

  @Test
  void smokeScenarioEndToEnd(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("report");
    ConformanceCommandTest.Run run =
        run("simulate", "gossip-smoke", "--seed", "3", "--out", out.toString(), "--progress=lines");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("gossip-smoke (gossip), seed 3: 50 members")
        .contains("delivery-ratio")
        .contains("invariants: all held")
        .contains("wrote " + out.resolve("metrics.json"))
        .contains("wrote " + out.resolve("report.html"));
    assertThat(run.err())
        .contains("running gossip-smoke (gossip), seed 3")
        .contains("progress 100%");

    JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.get("scenario").asText()).isEqualTo("gossip-smoke");
    assertThat(metrics.get("seed").asLong()).isEqualTo(3);
    assertThat(metrics.get("passed").asBoolean()).isTrue();
    assertThat(metrics.get("metrics").get("delivery-ratio").asDouble()).isEqualTo(1.0);
    assertThat(metrics.get("traceSha256").asText()).hasSize(64);

    Document html = parseXml(out.resolve("report.html"));
    assertThat(html.getElementsByTagNameNS("*", "table").getLength()).isEqualTo(1);
    assertThat(Files.readString(out.resolve("report.html"))).contains("Every invariant held");
  }

  @Test
  void aViolatedInvariantExitsOneAndListsIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lossy.conf");
    // 90% of frames lost and a run that ends a second after the last publish: not everything can
    // arrive, so the (default) delivery ratio of 1.0 fails.
    Files.writeString(
        file,
        "kind = gossip\nname = lossy\npeers = 20\nmessages = 5\nwarmup = 3s\nduration = 4s\n"
            + "loss = 0.9\n");
    Path out = dir.resolve("out");
    ConformanceCommandTest.Run run =
        run("simulate", file.toString(), "--out", out.toString(), "--progress=bar");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err()).contains("\r[").contains("] 100%  virtual 4.0 / 4.0 s");
    assertThat(run.out())
        .contains("invariants: 1 violated")
        .contains("VIOLATED delivery ratio")
        .contains("(min-delivery-ratio)");
    JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
    assertThat(metrics.get("passed").asBoolean()).isFalse();
    assertThat(metrics.get("invariantViolations")).hasSize(1);
    assertThat(Files.readString(out.resolve("report.html"))).contains("1 invariant violation(s)");
  }

  @Test
  void missingScenarioArgumentIsBadUsage() {
    ConformanceCommandTest.Run run = run("simulate");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("Missing SCENARIO");
  }

  @Test
  void unknownNameIsBadInput() {
    ConformanceCommandTest.Run run = run("simulate", "no-such-scenario");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains("no-such-scenario: no such scenario file, and no bundled scenario of that name");
  }

  @Test
  void aDeeplyNestedScenarioIsOneCleanLine(@TempDir Path dir) throws Exception {
    Path deep = dir.resolve("deep.conf");
    Files.writeString(
        deep, "kind = gossip\nname = x\n" + "a { ".repeat(20_000) + "}".repeat(20_000));
    ConformanceCommandTest.Run run = run("simulate", deep.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains(deep + ":3: not a valid HOCON scenario file: nested deeper than 64 levels")
        .hasLineCount(1);
  }

  @Test
  void sizesTheMachineCannotRunAreBadInput(@TempDir Path dir) throws Exception {
    Path huge = dir.resolve("huge.conf");
    Files.writeString(huge, "kind = gossip\nname = x\npeers = 100000\nmessages = 1000000\n");
    ConformanceCommandTest.Run run = run("simulate", huge.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(errors(run)).singleElement().asString().contains("the run needs about", "-Xmx");

    Path forever = dir.resolve("forever.conf");
    Files.writeString(forever, "kind = gossip\nname = x\nmessages = 10\nduration = 3650d\n");
    ConformanceCommandTest.Run forEver = run("simulate", forever.toString());
    assertThat(forEver.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(errors(forEver)).singleElement().asString().contains("at most 24h of virtual time");
  }

  /** The lines of stderr other than the "running NAME" line printed before the run starts. */
  private static List<String> errors(ConformanceCommandTest.Run run) {
    return run.err().lines().filter(line -> !line.startsWith("mlsmesh simulate: running")).toList();
  }

  @Test
  void missingPathIsBadInput(@TempDir Path dir) {
    Path absent = dir.resolve("absent.conf");
    ConformanceCommandTest.Run run = run("simulate", absent.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(absent + ": no such scenario file");
  }

  @Test
  void badFilesAreBadInputNamingFileKeyAndValue(@TempDir Path dir) throws Exception {
    Path notHocon = dir.resolve("not-hocon.conf");
    Files.writeString(notHocon, "kind = gossip\nname = x\n{{{\n");
    assertThat(run("simulate", notHocon.toString()).err())
        .contains(notHocon + ": not a valid HOCON scenario file");

    Path unknownKind = dir.resolve("kind.conf");
    Files.writeString(unknownKind, "kind = telepathy\nname = x\n");
    ConformanceCommandTest.Run kind = run("simulate", unknownKind.toString());
    assertThat(kind.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(kind.err())
        .contains(unknownKind + ": key 'kind' = telepathy: unknown kind of scenario (known: [")
        .contains("gossip");

    Path badKey = dir.resolve("key.conf");
    Files.writeString(badKey, "kind = gossip\nname = x\npeers = 3\nloss = 7\n");
    ConformanceCommandTest.Run key = run("simulate", badKey.toString());
    assertThat(key.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(key.err()).contains(badKey + ": key 'loss' = 7: must be between 0.0 and 0.99");
  }

  @Test
  void badSeedIsBadUsage() {
    assertThat(run("simulate", "gossip-smoke", "--seed", "soon").exitCode())
        .isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void anOutputPathThatIsAFileIsBadInput(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("tiny.conf");
    Files.writeString(
        scenario,
        "kind = gossip\nname = tiny\npeers = 5\nmessages = 1\nwarmup = 1s\nduration = 3s\n");
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "");
    ConformanceCommandTest.Run run =
        run("simulate", scenario.toString(), "--out", blocker.toString(), "--progress=none");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("cannot write into " + blocker).doesNotContain("\r", "progress");
  }

  @Test
  void unknownProgressModeIsBadUsage() {
    ConformanceCommandTest.Run run = run("simulate", "gossip-smoke", "--progress=fancy");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--progress").contains("fancy");
  }
}
