package org.mlsmesh.simulations.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFilesTest {

  private static ScenarioFile parse(String text) throws ScenarioException {
    return ScenarioFiles.parse("test.conf", new StringReader(text));
  }

  @Test
  void readsTheCommonKeysAndDefaultsTheSeedToOne() throws Exception {
    ScenarioFile file = parse("kind = gossip\nname = a-b_c.1\npeers = 5\n");
    assertThat(file.kind()).isEqualTo("gossip");
    assertThat(file.name()).isEqualTo("a-b_c.1");
    assertThat(file.seed()).isEqualTo(1);
    assertThat(file.description()).isEmpty();
    assertThat(file.config().getInt("peers")).isEqualTo(5);
    assertThat(file.source()).isEqualTo("test.conf");
  }

  @Test
  void readsSeedAndDescription() throws Exception {
    ScenarioFile file = parse("kind = fork, name = x, seed = 42, description = \"what it shows\"");
    assertThat(file.seed()).isEqualTo(42);
    assertThat(file.description()).isEqualTo("what it shows");
  }

  @Test
  void missingFileNamesThePath(@TempDir Path dir) {
    Path absent = dir.resolve("absent.conf");
    assertThatThrownBy(() -> ScenarioFiles.load(absent))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining(absent.toString())
        .hasMessageContaining("no such scenario file");
  }

  @Test
  void aFolderIsNotAScenarioFile(@TempDir Path dir) {
    assertThatThrownBy(() -> ScenarioFiles.load(dir))
        .hasMessage(dir + ": not a regular file (a scenario file is expected)");
  }

  @Test
  void notHoconNamesTheFileAndTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.conf");
    Files.writeString(file, "kind = gossip\nname = x\npeers = { unclosed\n");
    assertThatThrownBy(() -> ScenarioFiles.load(file))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a valid HOCON scenario file")
        .hasMessageContaining("Key 'unclosed'");
  }

  @Test
  void unresolvedSubstitutionIsNotValid() {
    assertThatThrownBy(() -> parse("kind = gossip\nname = x\npeers = ${nowhere}\n"))
        .hasMessageContaining("not a valid HOCON scenario file")
        .hasMessageContaining("nowhere");
  }

  @Test
  void missingKindOrName() {
    assertThatThrownBy(() -> parse("name = x"))
        .hasMessage("test.conf: key 'kind' is missing: every scenario file has one");
    assertThatThrownBy(() -> parse("kind = gossip"))
        .hasMessage("test.conf: key 'name' is missing: every scenario file has one");
  }

  @Test
  void badNameSaysWhyWithTheValue() {
    assertThatThrownBy(() -> parse("kind = gossip\nname = \"../escape\""))
        .hasMessageContaining("test.conf: key 'name' = ../escape")
        .hasMessageContaining("names the output folder");
  }

  @Test
  void mistypedSeedOrKind() {
    assertThatThrownBy(() -> parse("kind = gossip\nname = x\nseed = lots"))
        .hasMessage("test.conf: key 'seed' = lots: must be an integer");
    assertThatThrownBy(() -> parse("kind = { a = 1 }\nname = x"))
        .hasMessageContaining("key 'kind' = {\"a\":1}: must be a string");
  }

  @Test
  void bundledScenariosAreListedAndLoadable() throws Exception {
    assertThat(BundledScenarios.names())
        .contains(
            "gossip-smoke",
            "gossip-stable",
            "gossip-loss10",
            "gossip-crash30",
            "gossip-partition",
            "gossip-adversaries")
        .isSorted();
    for (String name : BundledScenarios.names()) {
      ScenarioFile file = ScenarioFiles.loadBundled(name);
      assertThat(file.name()).as("the name key of %s", name).isEqualTo(name);
      assertThat(file.description()).as("description of %s", name).isNotEmpty();
      assertThat(BundledScenarios.exists(name)).isTrue();
    }
  }

  @Test
  void unknownBundledNameSaysHowToList() {
    assertThat(BundledScenarios.exists("no-such-scenario")).isFalse();
    assertThat(BundledScenarios.exists("../pom")).isFalse();
    assertThatThrownBy(() -> ScenarioFiles.loadBundled("no-such-scenario"))
        .hasMessageContaining("no bundled scenario named 'no-such-scenario'")
        .hasMessageContaining("--list");
  }
}
