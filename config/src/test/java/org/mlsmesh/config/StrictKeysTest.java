package org.mlsmesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown keys are refused everywhere, with the key, file:line and the nearest known key. */
class StrictKeysTest {
  @TempDir Path dir;

  private Path conf(String text) throws Exception {
    return Files.writeString(dir.resolve("node.conf"), text);
  }

  @Test
  void aTypoUnderTheNodeSectionNamesKeyLineAndTheKeyMeant() throws Exception {
    Path file = conf("mlsmesh.node {\n  listen.port = 0\n  storage.engin = memory\n}\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "mlsmesh.node.storage.engin: unknown key (at "
                + file
                + ":3); the nearest known key is mlsmesh.node.storage.engine");
  }

  @Test
  void aSettingInTheWrongSectionPointsToWhereItBelongs() throws Exception {
    Path file = conf("mlsmesh.node.seeds = [\"a:1\"]\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessageContaining("mlsmesh.node.seeds: unknown key")
        .hasMessageEndingWith("the nearest known key is mlsmesh.gossip.seeds");
  }

  @Test
  void aTopLevelKeyOtherThanMlsmeshIsRefused() throws Exception {
    Path file = conf("mlsmesh.protocol.past-epochs = 3\nmlsmes.gossip.seeds = []\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessageStartingWith("mlsmes: unknown key (at " + file + ":2)")
        .hasMessageEndingWith("nearest known key is mlsmesh");
  }

  @Test
  void theFirstUnknownKeyInTheFileIsReported() throws Exception {
    Path file = conf("mlsmesh.gossip.zzz = 1\nmlsmesh.gossip.aaa = 2\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessageStartingWith("mlsmesh.gossip.zzz: unknown key (at " + file + ":1)");
  }

  @Test
  void aHugeUnknownKeyIsQuotedShort() throws Exception {
    Path file = conf("mlsmesh." + "k".repeat(100_000) + " = 1\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400))
        .hasMessageContaining("(100008 characters)");
  }

  @Test
  void knownKeysOfAListOfPathsAdmitOnlyThem() {
    var known = StrictKeys.known(List.of("members", "network.loss"));
    StrictKeys.check(HoconInput.parseText("ok", "members = 3, network.loss = 0.1"), known);
    assertThatThrownBy(
            () ->
                StrictKeys.check(
                    HoconInput.parseText("s.conf", "members = 3\nnetwork.los = 0.1"), known))
        .hasMessage(
            "network.los: unknown key (at s.conf:2); the nearest known key is network.loss");
  }

  @Test
  void substitutionsMayReferToTheDefaults() throws Exception {
    Path file = conf("mlsmesh.protocol.past-epochs = ${mlsmesh.protocol.out-of-order-tolerance}\n");
    assertThat(ConfigLoader.load(file).protocol().pastEpochs()).isEqualTo(32);
  }
}
