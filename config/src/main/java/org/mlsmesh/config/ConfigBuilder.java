package org.mlsmesh.config;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node's settings in Java, for an application that keeps no HOCON file: the same keys, defaults,
 * validation and messages as a file (every key is documented in {@code reference.conf}), since
 * {@link #build()} hands what was set to {@link ConfigLoader#from}. Typed setters cover what most
 * applications set; {@link #set} reaches every other key.
 *
 * <pre>{@code
 * MlsMeshConfig config =
 *     ConfigBuilder.create()
 *         .identityFile(dir.resolve("identity.key"))
 *         .listen("0.0.0.0", 7400)
 *         .sqliteStorage(dir.resolve("node.db"))
 *         .seeds(List.of("PEERIDHEX@198.51.100.7:7400"))
 *         .set("mlsmesh.fork-choice.max-resends", 8)
 *         .build();
 * }</pre>
 *
 * <p>Paths are taken as given (a relative one is relative to the working directory).
 */
public final class ConfigBuilder {
  private final Map<String, Object> values = new LinkedHashMap<>();

  private ConfigBuilder() {}

  /** A builder with nothing set: {@link #build()} gives the defaults of {@code reference.conf}. */
  public static ConfigBuilder create() {
    return new ConfigBuilder();
  }

  /** {@code mlsmesh.node.identity-file}: the node's long-term identity. */
  public ConfigBuilder identityFile(Path file) {
    return set("mlsmesh.node.identity-file", file);
  }

  /** {@code mlsmesh.node.listen}: where the gossip transport listens; port 0 picks a free one. */
  public ConfigBuilder listen(String host, int port) {
    set("mlsmesh.node.listen.host", host);
    return set("mlsmesh.node.listen.port", port);
  }

  /**
   * {@code mlsmesh.node.storage}: one SQLite file, which keeps the node's groups across restarts.
   */
  public ConfigBuilder sqliteStorage(Path file) {
    set("mlsmesh.node.storage.engine", "sqlite");
    return set("mlsmesh.node.storage.path", file);
  }

  /** {@code mlsmesh.node.storage.engine = memory}: nothing survives the node (tests, demos). */
  public ConfigBuilder memoryStorage() {
    return set("mlsmesh.node.storage.engine", "memory");
  }

  /**
   * {@code mlsmesh.gossip.seeds}: the nodes to join the overlay through ({@code
   * PEERIDHEX@host:port}).
   */
  public ConfigBuilder seeds(List<String> seeds) {
    return set("mlsmesh.gossip.seeds", List.copyOf(seeds));
  }

  /**
   * Sets any key of {@code reference.conf}, such as {@code mlsmesh.fork-choice.max-resends}. A
   * value is a string, a number, a boolean, a {@link Duration}, a {@link Path} or a list of these,
   * as the key's HOCON value would be; {@link #build()} checks it as it checks a file's.
   *
   * @throws IllegalArgumentException for a value of another type
   */
  public ConfigBuilder set(String key, Object value) {
    values.put(Objects.requireNonNull(key, "key"), hocon(key, value));
    return this;
  }

  /**
   * The settings: what was set over {@code reference.conf}.
   *
   * @throws ConfigException naming the key and the reason, as for a file: a value out of range or
   *     of the wrong type, or a key {@code reference.conf} does not have
   */
  public MlsMeshConfig build() {
    return ConfigLoader.from(ConfigFactory.parseMap(values, "ConfigBuilder"));
  }

  private static Object hocon(String key, Object value) {
    Objects.requireNonNull(value, key);
    if (value instanceof Duration d) {
      return d.toNanos() % 1_000_000 == 0 ? d.toMillis() + "ms" : d.toNanos() + "ns";
    }
    if (value instanceof Path p) {
      return p.toString();
    }
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>();
      for (Object item : list) {
        items.add(hocon(key, item));
      }
      return items;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException(
        key + ": a " + value.getClass().getSimpleName() + " is not a configuration value");
  }
}
