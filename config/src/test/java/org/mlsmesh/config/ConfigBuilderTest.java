package org.mlsmesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java builder reads like a HOCON file: same defaults, same values, same errors. */
class ConfigBuilderTest {
  private static final String SEED =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef@127.0.0.1:7400";

  @Test
  void nothingSetIsTheDefaults() {
    assertThat(ConfigBuilder.create().build()).isEqualTo(ConfigLoader.defaults());
  }

  @Test
  void typedSettersAndAnyKeyLandWhereAFileWouldPutThem() {
    MlsMeshConfig built =
        ConfigBuilder.create()
            .identityFile(Path.of("/keys/identity.key"))
            .listen("0.0.0.0", 7401)
            .sqliteStorage(Path.of("/data/node.db"))
            .seeds(List.of(SEED))
            .set("mlsmesh.gossip.shuffle-interval", Duration.ofMillis(7500))
            .set("mlsmesh.fork-choice.max-resends", 8)
            .build();
    MlsMeshConfig file =
        ConfigLoader.from(
            ConfigFactory.parseString(
                "mlsmesh.node { identity-file = \"/keys/identity.key\", listen { host ="
                    + " \"0.0.0.0\", port = 7401 }, storage { engine = sqlite, path ="
                    + " \"/data/node.db\" } }\n"
                    + "mlsmesh.gossip { seeds = [\""
                    + SEED
                    + "\"], shuffle-interval = 7.5s }\n"
                    + "mlsmesh.fork-choice.max-resends = 8\n"));
    assertThat(built).isEqualTo(file);
    assertThat(built.node().listenPort()).isEqualTo(7401);
    assertThat(built.gossip().shuffleInterval()).isEqualTo(Duration.ofMillis(7500));
    assertThat(built).isNotEqualTo(ConfigLoader.defaults());
  }

  @Test
  void memoryStorage() {
    assertThat(ConfigBuilder.create().memoryStorage().build().node().storage().engine())
        .isEqualTo(NodeConfig.StorageEngine.MEMORY);
  }

  @Test
  void aBadValueFailsWithTheKeyAndTheReasonAsInAFile() {
    String fromFile =
        messageOf(
            () -> ConfigLoader.from(ConfigFactory.parseString("mlsmesh.node.listen.port = 70000")));
    assertThat(fromFile).contains("mlsmesh.node.listen.port");
    assertThatThrownBy(() -> ConfigBuilder.create().listen("127.0.0.1", 70_000).build())
        .isInstanceOf(ConfigException.class)
        .hasMessage(fromFile);
  }

  @Test
  void anUnknownKeyIsRefusedNamingIt() {
    assertThatThrownBy(() -> ConfigBuilder.create().set("mlsmesh.node.listen.prot", 1).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mlsmesh.node.listen.prot");
  }

  @Test
  void aValueOfAnotherTypeIsRefusedAtOnce() {
    assertThatThrownBy(() -> ConfigBuilder.create().set("mlsmesh.node.listen.host", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mlsmesh.node.listen.host");
  }

  private static String messageOf(Runnable load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("no ConfigException");
  }
}
