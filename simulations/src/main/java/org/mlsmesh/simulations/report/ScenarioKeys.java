package org.mlsmesh.simulations.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mlsmesh.config.Quoted;
import org.mlsmesh.config.StrictKeys;

/**
 * Typed reads of a scenario file's keys. Every failure is a {@link ScenarioException} that names
 * the key, the value found and why it can't be used; the scenario registry adds the file's name.
 */
public final class ScenarioKeys {
  /** Keys every scenario file may hold, whatever its kind. */
  public static final Set<String> COMMON = Set.of("kind", "name", "seed", "description");

  private final Config config;

  public ScenarioKeys(Config config) {
    this.config = config;
  }

  /** The keys of a scenario kind: {@code paths} (dotted) and the common ones. */
  public static Config known(Set<String> paths) {
    Set<String> all = new TreeSet<>(COMMON);
    all.addAll(paths);
    return StrictKeys.known(all);
  }

  /**
   * Fails on a key that {@code known} does not have (a typo, usually), naming its value, line and
   * the nearest known key.
   */
  public void rejectUnknown(String kind, Config known) throws ScenarioException {
    Optional<StrictKeys.UnknownKey> unknown = StrictKeys.firstUnknown(config, known);
    if (unknown.isPresent()) {
      StrictKeys.UnknownKey key = unknown.get();
      String value = config.hasPath(key.path()) ? " = " + render(config.getValue(key.path())) : "";
      throw new ScenarioException(
          "key '"
              + key.path()
              + "'"
              + value
              + " (line "
              + key.origin().lineNumber()
              + "): not a setting of a "
              + kind
              + " scenario; the nearest known key is '"
              + key.nearest()
              + "'");
    }
  }

  public boolean has(String key) {
    return config.hasPath(key);
  }

  /** An integer in [{@code min}, {@code max}], or {@code fallback} when the key is absent. */
  public int intIn(String key, int fallback, int min, int max) throws ScenarioException {
    if (!config.hasPath(key)) {
      return fallback;
    }
    long value = integer(key);
    if (value < min || value > max) {
      throw bad(key, "must be between " + min + " and " + max);
    }
    return (int) value;
  }

  /** True or false, or {@code fallback} when the key is absent. */
  public boolean bool(String key, boolean fallback) throws ScenarioException {
    if (!config.hasPath(key)) {
      return fallback;
    }
    if (config.getValue(key).valueType() != ConfigValueType.BOOLEAN) {
      throw bad(key, "must be true or false");
    }
    return config.getBoolean(key);
  }

  /** A long, or {@code fallback} when the key is absent. */
  public long longValue(String key, long fallback) throws ScenarioException {
    return config.hasPath(key) ? integer(key) : fallback;
  }

  /** A whole number: Typesafe Config would silently cut 2.5 down to 2. */
  private long integer(String key) throws ScenarioException {
    Number n = read(key, Config::getNumber, "an integer");
    if (n instanceof Integer || n instanceof Long) {
      return n.longValue();
    }
    throw bad(key, "must be an integer");
  }

  /** A number in [{@code min}, {@code max}], or {@code fallback} when the key is absent. */
  public double doubleIn(String key, double fallback, double min, double max)
      throws ScenarioException {
    if (!config.hasPath(key)) {
      return fallback;
    }
    double value = read(key, Config::getDouble, "a number");
    if (!(value >= min && value <= max)) {
      throw bad(key, "must be between " + min + " and " + max);
    }
    return value;
  }

  /** A duration such as {@code 30s} or {@code 100ms}, at least {@code min}; in milliseconds. */
  public long millisAtLeast(String key, long fallbackMillis, long minMillis)
      throws ScenarioException {
    if (!config.hasPath(key)) {
      return fallbackMillis;
    }
    if (config.getValue(key).valueType() == ConfigValueType.NUMBER) {
      // Typesafe Config would read a bare number as milliseconds.
      throw bad(key, "needs a unit, such as 500ms or 30s");
    }
    Duration value = read(key, Config::getDuration, "a duration such as 500ms or 30s");
    if (value.toMillis() < minMillis) {
      throw bad(key, "must be at least " + minMillis + " ms");
    }
    return value.toMillis();
  }

  /** A required string. */
  public String string(String key) throws ScenarioException {
    if (!config.hasPath(key)) {
      throw new ScenarioException("key '" + key + "' is missing: every scenario file has one");
    }
    return read(key, Config::getString, "a string");
  }

  /** A nested object, or an empty one when the key is absent. */
  public Config object(String key) throws ScenarioException {
    return config.hasPath(key)
        ? read(key, Config::getConfig, "an object { ... }")
        : com.typesafe.config.ConfigFactory.empty();
  }

  /** The error for a value that has the right type but can't be used. */
  public ScenarioException bad(String key, String reason) {
    return new ScenarioException(
        "key '" + key + "' = " + render(config.getValue(key)) + ": " + reason);
  }

  private <T> T read(
      String key, java.util.function.BiFunction<Config, String, T> getter, String what)
      throws ScenarioException {
    try {
      return getter.apply(config, key);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw bad(key, "must be " + what);
    }
  }

  /** The value as written: strings without quotes (unless empty), others as concise HOCON. */
  static String render(ConfigValue value) {
    if (value.valueType() == ConfigValueType.STRING && !value.unwrapped().toString().isEmpty()) {
      return Quoted.shortened(value.unwrapped().toString());
    }
    return Quoted.shortened(value.render(com.typesafe.config.ConfigRenderOptions.concise()));
  }
}
