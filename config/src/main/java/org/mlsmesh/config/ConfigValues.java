package org.mlsmesh.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.function.BiFunction;

/** Typed reads of one section whose errors name the key, the value as written and where. */
final class ConfigValues {
  private ConfigValues() {}

  /**
   * Reads {@code key} of {@code section} with {@code getter}; a missing or ill-typed value fails.
   */
  static <T> T at(
      Config c, String section, String key, BiFunction<Config, String, T> getter, String expected) {
    try {
      return getter.apply(c, key);
    } catch (com.typesafe.config.ConfigException.Missing e) {
      throw new ConfigException(section + "." + key, "missing");
    } catch (com.typesafe.config.ConfigException.BadValue
        | com.typesafe.config.ConfigException.WrongType e) {
      throw bad(c, section, key, "must be " + expected);
    }
  }

  /** An error for {@code key} of {@code section} that quotes its value and where it was set. */
  static ConfigException bad(Config c, String section, String key, String reason) {
    ConfigValue value;
    try {
      value = c.getValue(key);
    } catch (com.typesafe.config.ConfigException e) {
      // A parent of the key is not an object: Typesafe's message names what is there instead.
      return new ConfigException(section + "." + key, reason + ": " + e.getMessage());
    }
    String rendered = Quoted.shortened(value.render(ConfigRenderOptions.concise()));
    String origin = value.origin().description();
    return new ConfigException(
        section + "." + key, reason + ", got " + rendered + " (" + origin + ")");
  }
}
