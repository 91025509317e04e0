package org.mlsmesh.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads and validates the configuration: the given overrides over {@code reference.conf}, read
 * within the limits of {@link HoconInput}. Fails fast with a {@link ConfigException} naming the key
 * and the reason; a key {@code reference.conf} does not have is refused ({@link StrictKeys}).
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** The defaults of {@code reference.conf} only. */
  public static MlsMeshConfig defaults() {
    return from(ConfigFactory.empty());
  }

  /** A HOCON file over the defaults. */
  public static MlsMeshConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file.toString(), "no such configuration file");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigException(file.toString(), "the configuration file is not readable");
    }
    MlsMeshConfig config = from(HoconInput.parseFile(file));
    // Relative paths of the node section are relative to the file's folder.
    Path folder = file.toAbsolutePath().getParent();
    return new MlsMeshConfig(
        config.protocol(),
        config.gossip(),
        config.node().resolvedAgainst(folder),
        config.forkChoice());
  }

  /** {@code overrides} over the defaults; a key the defaults do not have is refused. */
  public static MlsMeshConfig from(Config overrides) {
    Config reference = ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader());
    Config config;
    try {
      config = overrides.withFallback(reference).resolve(ConfigResolveOptions.defaults());
      StrictKeys.check(overrides.resolveWith(config), reference.withOnlyPath("mlsmesh"));
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("mlsmesh", e.getMessage());
    }
    return new MlsMeshConfig(
        protocol(config.getConfig("mlsmesh.protocol")),
        gossip(config.getConfig("mlsmesh.gossip")),
        NodeConfigReader.read(config.getConfig("mlsmesh.node")),
        ForkChoiceSettingsReader.read(config.getConfig(ForkChoiceSettings.SECTION)));
  }

  private static GossipConfig gossip(Config c) {
    String s = GossipConfig.SECTION;
    return new GossipConfig(
        stringsAt(c, s, "seeds"),
        intAt(c, s, "active-view-size"),
        intAt(c, s, "passive-view-size"),
        intAt(c, s, "active-random-walk-length"),
        intAt(c, s, "passive-random-walk-length"),
        intAt(c, s, "shuffle-size"),
        durationAt(c, s, "shuffle-interval"),
        durationAt(c, s, "heartbeat-interval"),
        durationAt(c, s, "failure-timeout"),
        durationAt(c, s, "neighbor-request-timeout"),
        durationAt(c, s, "reconnect-backoff"),
        durationAt(c, s, "reconnect-backoff-max"),
        durationAt(c, s, "lazy-push-delay"),
        durationAt(c, s, "graft-timeout"),
        durationAt(c, s, "tree-optimization-gain"),
        durationAt(c, s, "tree-optimization-interval"),
        durationAt(c, s, "seen-cache-ttl"),
        intAt(c, s, "seen-cache-max-entries"),
        durationAt(c, s, "retention"),
        intAt(c, s, "retention-max-messages"),
        durationAt(c, s, "anti-entropy-interval"),
        durationAt(c, s, "anti-entropy-delay"),
        bytesAt(c, s, "max-frame-bytes"),
        bytesAt(c, s, "max-payload-bytes"),
        intAt(c, s, "max-topics"),
        intAt(c, s, "penalty-invalid-frame"),
        intAt(c, s, "penalty-rejected-message"),
        intAt(c, s, "penalty-rate-limited"),
        intAt(c, s, "ban-threshold"),
        durationAt(c, s, "ban-duration"),
        intAt(c, s, "rate-limit-frames-per-second"),
        intAt(c, s, "rate-limit-burst"),
        durationAt(c, s, "idle-timeout"));
  }

  private static java.util.List<String> stringsAt(Config c, String section, String key) {
    return at(c, section, key, Config::getStringList, "a list of strings");
  }

  private static java.time.Duration durationAt(Config c, String section, String key) {
    return at(c, section, key, Config::getDuration, "a duration such as 500ms or 2s");
  }

  private static int bytesAt(Config c, String section, String key) {
    long bytes = at(c, section, key, Config::getBytes, "a size such as 1 MiB or 65536");
    if (bytes > Integer.MAX_VALUE) {
      throw new ConfigException(section + "." + key, "must be below 2 GiB, got " + bytes);
    }
    return (int) bytes;
  }

  /** Reads {@code key} with {@code getter}; a missing or ill-typed value names the key. */
  private static <T> T at(
      Config c,
      String section,
      String key,
      java.util.function.BiFunction<Config, String, T> getter,
      String expected) {
    return ConfigValues.at(c, section, key, getter, expected);
  }

  private static ProtocolConfig protocol(Config c) {
    return new ProtocolConfig(
        intAt(c, "mlsmesh.protocol", "out-of-order-tolerance"),
        intAt(c, "mlsmesh.protocol", "maximum-forward-distance"),
        intAt(c, "mlsmesh.protocol", "past-epochs"));
  }

  private static int intAt(Config c, String section, String key) {
    return at(c, section, key, Config::getInt, "an integer");
  }
}
