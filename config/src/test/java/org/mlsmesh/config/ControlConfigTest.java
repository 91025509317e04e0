package org.mlsmesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlConfigTest {
  private static ControlConfig parse(String hocon) {
    return ConfigLoader.from(ConfigFactory.parseString(hocon)).node().control();
  }

  private static void assertRefused(String hocon, String key, String... fragments) {
    assertThatThrownBy(() -> parse(hocon))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
        .hasMessageContainingAll(fragments);
  }

  @Test
  void defaultsAreLoopbackWithATokenFile() {
    ControlConfig control = ConfigLoader.defaults().node().control();
    assertThat(control.enabled()).isTrue();
    assertThat(control.host()).isEqualTo("127.0.0.1");
    assertThat(control.grpcPort()).isEqualTo(7401);
    assertThat(control.httpPort()).isEqualTo(7402);
    assertThat(control.tokenFile()).isEqualTo(Path.of("control.token"));
    assertThat(control.allowNonLoopback()).isFalse();
    assertThat(control.eventBuffer()).isEqualTo(10_000);
    assertThat(control.unixSocket()).isEmpty();
  }

  @Test
  void badValuesNameTheKey() {
    assertRefused(
        "mlsmesh.node.control.grpc-port = 70000",
        "mlsmesh.node.control.grpc-port",
        "between 0 and 65535");
    assertRefused(
        "mlsmesh.node.control { grpc-port = 9000, http-port = 9000 }",
        "mlsmesh.node.control.http-port",
        "must differ from grpc-port");
    assertRefused(
        "mlsmesh.node.control.event-buffer = 3",
        "mlsmesh.node.control.event-buffer",
        "between 16 and 1000000",
        "got 3");
    assertRefused(
        "mlsmesh.node.control.allow-non-loopback = maybe",
        "mlsmesh.node.control.allow-non-loopback",
        "true or false",
        "maybe");
    assertRefused("mlsmesh.node.control.host = \"\"", "mlsmesh.node.control.host", "not be empty");
  }

  @Test
  void unknownKeyIsRefused() {
    assertThatThrownBy(() -> parse("mlsmesh.node.control.token = secret"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mlsmesh.node.control.token");
  }

  @Test
  void tokenFileIsRelativeToTheConfigFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("node.conf");
    Files.writeString(
        file,
        "mlsmesh.node.control { token-file = \"secrets/control.token\", unix-socket = c.sock }\n");
    ControlConfig control = ConfigLoader.load(file).node().control();
    assertThat(control.tokenFile())
        .isEqualTo(dir.toAbsolutePath().resolve("secrets/control.token"));
    assertThat(control.unixSocket()).contains(dir.toAbsolutePath().resolve("c.sock"));
  }
}
