package org.mlsmesh.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rejects keys that mean nothing: a typo would otherwise leave a default in place silently. The
 * error names the key, where it was written and the nearest key that exists.
 */
public final class StrictKeys {
  private StrictKeys() {}

  /** The keys of a file whose settings are exactly {@code paths} (dotted, leaves). */
  public static Config known(Collection<String> paths) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String path : paths) {
      map.put(path, true);
    }
    return ConfigFactory.parseMap(map, "known keys");
  }

  /** A key that {@code known} does not have, where it was written and the nearest that exists. */
  public record UnknownKey(String path, ConfigOrigin origin, String nearest) {
    /** {@code file:line}, or the origin's description when it has no line. */
    public String where() {
      return StrictKeys.where(origin);
    }
  }

  /**
   * Fails on the first key (by line) of {@code given} that {@code known} does not have; an object
   * of {@code known} admits only its own keys, any other value whatever it holds.
   */
  public static void check(Config given, Config known) {
    Optional<UnknownKey> unknown = firstUnknown(given, known);
    if (unknown.isPresent()) {
      UnknownKey key = unknown.get();
      throw new ConfigException(
          key.path(),
          "unknown key (at " + key.where() + "); the nearest known key is " + key.nearest());
    }
  }

  /** The first key (by line) of {@code given} that {@code known} does not have, if any. */
  public static Optional<UnknownKey> firstUnknown(Config given, Config known) {
    List<Unknown> unknown = new ArrayList<>();
    walk(given.root(), known.root(), List.of(), unknown);
    if (unknown.isEmpty()) {
      return Optional.empty();
    }
    Unknown first =
        unknown.stream()
            .min(Comparator.comparingInt((Unknown u) -> u.origin().lineNumber()))
            .orElseThrow();
    String path = ConfigUtil.joinPath(first.path());
    List<String> candidates = new ArrayList<>();
    collect(known.root(), List.of(), candidates);
    String nearest = NearestKey.of(path.substring(0, Math.min(path.length(), 200)), candidates);
    return Optional.of(new UnknownKey(Quoted.shortened(path), first.origin(), nearest));
  }

  private record Unknown(List<String> path, ConfigOrigin origin) {}

  private static void walk(
      ConfigObject given, ConfigObject known, List<String> parent, List<Unknown> unknown) {
    for (Map.Entry<String, ConfigValue> e : given.entrySet()) {
      List<String> path = append(parent, e.getKey());
      ConfigValue reference = known.get(e.getKey());
      if (reference == null) {
        unknown.add(new Unknown(path, e.getValue().origin()));
      } else if (reference.valueType() == ConfigValueType.OBJECT
          && e.getValue() instanceof ConfigObject) {
        walk((ConfigObject) e.getValue(), (ConfigObject) reference, path, unknown);
      }
    }
  }

  private static void collect(ConfigObject known, List<String> parent, List<String> into) {
    for (Map.Entry<String, ConfigValue> e : known.entrySet()) {
      List<String> path = append(parent, e.getKey());
      into.add(ConfigUtil.joinPath(path));
      if (e.getValue().valueType() == ConfigValueType.OBJECT) {
        collect((ConfigObject) e.getValue(), path, into);
      }
    }
  }

  private static List<String> append(List<String> parent, String key) {
    List<String> path = new ArrayList<>(parent);
    path.add(key);
    return path;
  }

  /** {@code file:line} of an origin, or its description when it has no line. */
  static String where(ConfigOrigin origin) {
    String description = origin.description();
    return origin.lineNumber() > 0
        ? description.replaceFirst(": " + origin.lineNumber() + "$", ":" + origin.lineNumber())
        : description;
  }
}
