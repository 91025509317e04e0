package org.mlsmesh.config;

import com.typesafe.config.Config;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads {@code mlsmesh.node}. A value of the wrong type names the key, the value as written and
 * where it was written; ranges are checked by the records.
 */
final class NodeConfigReader {
  private final Config c;

  private NodeConfigReader(Config node) {
    this.c = node;
  }

  static NodeConfig read(Config node) {
    return new NodeConfigReader(node).node();
  }

  private NodeConfig node() {
    return new NodeConfig(
        path("identity-file"),
        at("listen.host", Config::getString, "a string"),
        at("listen.port", Config::getInt, "an integer"),
        new NodeConfig.Storage(engine("storage.engine"), path("storage.path")),
        new NodeConfig.KeyPackages(
            at("key-packages.pool-size", Config::getInt, "an integer"),
            at("key-packages.replenish-below", Config::getInt, "an integer"),
            duration("key-packages.lifetime"),
            at("key-packages.last-resort", Config::getBoolean, "true or false")),
        new NodeConfig.Directory(
            at("directory.topic", Config::getString, "a string"),
            duration("directory.republish-interval"),
            duration("directory.fetch-timeout"),
            at("directory.max-identities", Config::getInt, "an integer"),
            at("directory.max-per-identity", Config::getInt, "an integer"),
            duration("directory.tombstone-ttl")),
        new ControlConfig(
            at("control.enabled", Config::getBoolean, "true or false"),
            at("control.host", Config::getString, "a string"),
            at("control.grpc-port", Config::getInt, "an integer"),
            optionalPath("control.unix-socket"),
            at("control.http-port", Config::getInt, "an integer"),
            path("control.token-file"),
            at("control.allow-non-loopback", Config::getBoolean, "true or false"),
            at("control.event-buffer", Config::getInt, "an integer")));
  }

  private Duration duration(String key) {
    return at(key, Config::getDuration, "a duration such as 500ms, 2s or 30d");
  }

  private Path path(String key) {
    String value = at(key, Config::getString, "a file path");
    try {
      if (value.isBlank()) {
        throw new InvalidPathException(value, "empty path");
      }
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw bad(key, "must be a file path: " + e.getMessage());
    }
  }

  /** A path, or nothing when the value is the empty string. */
  private Optional<Path> optionalPath(String key) {
    String value = at(key, Config::getString, "a file path or \"\"");
    return value.isEmpty() ? Optional.empty() : Optional.of(path(key));
  }

  private NodeConfig.StorageEngine engine(String key) {
    String value = at(key, Config::getString, "sqlite or memory");
    try {
      return NodeConfig.StorageEngine.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(key, "must be sqlite or memory");
    }
  }

  private <T> T at(String key, BiFunction<Config, String, T> getter, String expected) {
    return ConfigValues.at(c, NodeConfig.SECTION, key, getter, expected);
  }

  private ConfigException bad(String key, String reason) {
    return ConfigValues.bad(c, NodeConfig.SECTION, key, reason);
  }
}
