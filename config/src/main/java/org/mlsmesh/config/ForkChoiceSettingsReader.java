package org.mlsmesh.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads {@code mlsmesh.fork-choice}. A bad value names the key, the value as written, where it was
 * written and the allowed range.
 */
final class ForkChoiceSettingsReader {
  private static final Duration MAX_WINDOW = Duration.ofHours(1);
  private static final Duration MAX_DELAY = Duration.ofHours(1);
  private static final Duration MAX_TTL = Duration.ofDays(1);

  private final Config c;

  private ForkChoiceSettingsReader(Config forkChoice) {
    this.c = forkChoice;
  }

  static ForkChoiceSettings read(Config forkChoice) {
    return new ForkChoiceSettingsReader(forkChoice).settings();
  }

  private ForkChoiceSettings settings() {
    Duration min = duration("settle-window-min", Duration.ofMillis(1), MAX_WINDOW);
    Duration max = duration("settle-window-max", min, MAX_WINDOW);
    Duration preference = duration("proposal-preference", Duration.ZERO, MAX_DELAY);
    int history = count("history-epochs", 1, 1_000_000);
    return new ForkChoiceSettings(
        settleWindow("settle-window"),
        duration("settle-window-initial", Duration.ofMillis(1), MAX_WINDOW),
        count("settle-window-factor", 1, 100),
        min,
        max,
        preference,
        duration("rank-step", Duration.ZERO, MAX_DELAY),
        duration("max-commit-delay", preference, MAX_DELAY),
        count("max-resends", 0, 1_000),
        count("sent-log-capacity", 0, 1_000_000),
        count("delivered-ids-capacity", 1, 10_000_000),
        count("max-retained-epochs", 1, 100_000),
        history,
        count("beacon-commits", 1, history),
        count("max-buffered-commits", 1, 1_000_000),
        duration("buffer-ttl", Duration.ofMillis(1), MAX_TTL));
  }

  /** {@code measured}, or a fixed window as a duration. */
  private Optional<Duration> settleWindow(String key) {
    String expected = "measured or a duration such as 2s";
    String written = at(key, Config::getString, expected);
    if (written.trim().toLowerCase(Locale.ROOT).equals("measured")) {
      return Optional.empty();
    }
    Duration fixed = at(key, Config::getDuration, expected);
    return Optional.of(within(key, fixed, Duration.ofMillis(1), MAX_WINDOW));
  }

  private Duration duration(String key, Duration min, Duration max) {
    return within(key, at(key, Config::getDuration, "a duration such as 500ms or 2s"), min, max);
  }

  private Duration within(String key, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw ConfigValues.bad(
          c,
          ForkChoiceSettings.SECTION,
          key,
          "must be between " + min.toMillis() + "ms and " + max.toMillis() + "ms");
    }
    return value;
  }

  private int count(String key, int min, int max) {
    int value = at(key, Config::getInt, "an integer");
    if (value < min || value > max) {
      throw ConfigValues.bad(
          c, ForkChoiceSettings.SECTION, key, "must be between " + min + " and " + max);
    }
    return value;
  }

  private <T> T at(String key, BiFunction<Config, String, T> getter, String expected) {
    return ConfigValues.at(c, ForkChoiceSettings.SECTION, key, getter, expected);
  }
}
