package org.mlsmesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @Test
  void defaultsComeFromReferenceConf() {
    ProtocolConfig protocol = ConfigLoader.defaults().protocol();
    assertThat(protocol.outOfOrderTolerance()).isEqualTo(32);
    assertThat(protocol.maximumForwardDistance()).isEqualTo(1000);
    assertThat(protocol.pastEpochs()).isEqualTo(2);
  }

  @Test
  void overridesWin() {
    MlsMeshConfig config =
        ConfigLoader.from(ConfigFactory.parseString("mlsmesh.protocol.past-epochs = 7"));
    assertThat(config.protocol().pastEpochs()).isEqualTo(7);
    assertThat(config.protocol().outOfOrderTolerance()).isEqualTo(32);
  }

  @Test
  void outOfRangeValueNamesItsKey() {
    assertThatThrownBy(
            () ->
                ConfigLoader.from(
                    ConfigFactory.parseString("mlsmesh.protocol.maximum-forward-distance = 0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mlsmesh.protocol.maximum-forward-distance")
        .hasMessageContaining("got 0");
  }

  @Test
  void wrongTypeNamesItsKey() {
    assertThatThrownBy(
            () ->
                ConfigLoader.from(ConfigFactory.parseString("mlsmesh.protocol.past-epochs = many")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mlsmesh.protocol.past-epochs")
        .hasMessageContaining("integer");
  }

  @Test
  void malformedFileNamesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("node.conf");
    Files.writeString(file, "mlsmesh { protocol { past-epochs = ");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void missingFileIsReported(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.conf")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no such configuration file");
  }
}
