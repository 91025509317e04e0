package org.mlsmesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
  private static NodeConfig parse(String hocon) {
    return ConfigLoader.from(ConfigFactory.parseString(hocon)).node();
  }

  private static void assertRefused(String hocon, String key, String... fragments) {
    assertThatThrownBy(() -> parse(hocon))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
        .hasMessageContainingAll(fragments);
  }

  @Test
  void defaultsAreDocumentedValues() {
    NodeConfig node = ConfigLoader.defaults().node();
    assertThat(node.identityFile()).isEqualTo(Path.of("identity.key"));
    assertThat(node.listenHost()).isEqualTo("127.0.0.1");
    assertThat(node.listenPort()).isEqualTo(7400);
    assertThat(node.storage().engine()).isEqualTo(NodeConfig.StorageEngine.SQLITE);
    assertThat(node.keyPackages().poolSize()).isEqualTo(20);
    assertThat(node.keyPackages().replenishBelow()).isEqualTo(5);
    assertThat(node.keyPackages().lifetime()).isEqualTo(Duration.ofDays(30));
    assertThat(node.keyPackages().lastResort()).isTrue();
    assertThat(node.directory().topic()).isEqualTo("mlsmesh/directory");
    assertThat(node.directory().fetchTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void overridesWinAndEnumsIgnoreCase() {
    NodeConfig node =
        parse(
            "mlsmesh.node { listen.port = 0, storage.engine = MEMORY, key-packages.pool-size = 3,"
                + " key-packages.replenish-below = 1 }");
    assertThat(node.listenPort()).isZero();
    assertThat(node.storage().engine()).isEqualTo(NodeConfig.StorageEngine.MEMORY);
    assertThat(node.keyPackages().poolSize()).isEqualTo(3);
  }

  @Test
  void wrongTypeNamesKeyValueAndReason() {
    assertRefused(
        "mlsmesh.node.listen.port = seventy",
        "mlsmesh.node.listen.port",
        "must be an integer",
        "\"seventy\"");
    assertRefused(
        "mlsmesh.node.key-packages.lifetime = forever",
        "mlsmesh.node.key-packages.lifetime",
        "must be a duration",
        "forever");
    assertRefused(
        "mlsmesh.node.key-packages.last-resort = perhaps",
        "mlsmesh.node.key-packages.last-resort",
        "true or false",
        "perhaps");
  }

  @Test
  void outOfRangeNamesKeyValueAndRange() {
    assertRefused(
        "mlsmesh.node.listen.port = 70000",
        "mlsmesh.node.listen.port",
        "between 0 and 65535",
        "got 70000");
    assertRefused(
        "mlsmesh.node.key-packages { pool-size = 4, replenish-below = 5 }",
        "mlsmesh.node.key-packages.replenish-below",
        "between 0 and 4",
        "got 5");
    assertRefused(
        "mlsmesh.node.key-packages.lifetime = 10s",
        "mlsmesh.node.key-packages.lifetime",
        "between 1 minute and 90 days",
        "PT10S");
    assertRefused(
        "mlsmesh.node.directory.fetch-timeout = 0s",
        "mlsmesh.node.directory.fetch-timeout",
        "positive",
        "PT0S");
  }

  @Test
  void unknownEnumValueNamesTheChoices() {
    assertRefused(
        "mlsmesh.node.storage.engine = postgres",
        "mlsmesh.node.storage.engine",
        "sqlite or memory",
        "postgres");
  }

  @Test
  void emptyPathIsRefused() {
    assertRefused("mlsmesh.node.identity-file = \"\"", "mlsmesh.node.identity-file", "file path");
  }

  @Test
  void aFileNamesWhereTheBadValueIs(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("node.conf");
    Files.writeString(file, "mlsmesh.node {\n  listen.port = \"x\"\n}\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContainingAll("mlsmesh.node.listen.port", "\"x\"", "node.conf", "2");
  }

  @Test
  void relativePathsAreRelativeToTheConfigFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("node.conf");
    Files.writeString(
        file, "mlsmesh.node { identity-file = id.key, storage.path = \"/abs/node.db\" }");
    NodeConfig node = ConfigLoader.load(file).node();
    assertThat(node.identityFile()).isEqualTo(dir.toAbsolutePath().resolve("id.key"));
    assertThat(node.storage().path()).isEqualTo(Path.of("/abs/node.db"));
  }

  @Test
  void aFolderIsNotAConfigFile(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("no such configuration file");
  }

  @Test
  void anUnreadableFileIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secret.conf");
    Files.writeString(file, "mlsmesh.node.listen.port = 1");
    Files.setPosixFilePermissions(file, java.util.Set.of());
    // Root reads every file; the check can only be shown as an ordinary user.
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "running as root");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContainingAll(file.toString(), "not readable");
  }
}
