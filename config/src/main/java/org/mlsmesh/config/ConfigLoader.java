package org.mlsmesh.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads and validates the configuration: the given overrides over {@code reference.conf}. Fails
 * fast with a {@link ConfigException} naming the key and the reason.
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
    try {
      return from(ConfigFactory.parseFile(file.toFile()));
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(file.toString(), e.getMessage());
    }
  }

  /** {@code overrides} over the defaults. */
  public static MlsMeshConfig from(Config overrides) {
    Config config;
    try {
      config =
          overrides
              .withFallback(ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader()))
              .resolve(ConfigResolveOptions.defaults());
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("mlsmesh", e.getMessage());
    }
    return new MlsMeshConfig(protocol(config.getConfig("mlsmesh.protocol")));
  }

  private static ProtocolConfig protocol(Config c) {
    return new ProtocolConfig(
        intAt(c, "mlsmesh.protocol", "out-of-order-tolerance"),
        intAt(c, "mlsmesh.protocol", "maximum-forward-distance"),
        intAt(c, "mlsmesh.protocol", "past-epochs"));
  }

  private static int intAt(Config c, String section, String key) {
    try {
      return c.getInt(key);
    } catch (com.typesafe.config.ConfigException.Missing e) {
      throw new ConfigException(section + "." + key, "missing");
    } catch (com.typesafe.config.ConfigException.WrongType e) {
      throw new ConfigException(section + "." + key, "must be an integer: " + e.getMessage());
    }
  }
}
