package org.mlsmesh.protocol.keypackage;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a KeyPackage's lifetime is judged (RFC 9420 §7.2, §7.3): the longest total lifetime accepted
 * and the clock skew tolerated at either end. The RFC leaves the maximum to the application
 * ("Applications MUST define a maximum total lifetime"); {@link #DEFAULT} is 90 days. An
 * application that accepts any lifetime (for instance other implementations' "no expiry" of {@code
 * not_after = 2^64 - 1}) uses {@link #anyTotalLifetime}: lifetimes are unsigned 64-bit seconds,
 * longer than any {@link Duration}, so "no maximum" is its own value.
 */
public record LifetimePolicy(Optional<Duration> maxTotalLifetime, Duration clockSkew) {
  /** At most 90 days in total, with 5 minutes of clock skew. */
  public static final LifetimePolicy DEFAULT =
      new LifetimePolicy(Duration.ofDays(90), Duration.ofMinutes(5));

  public LifetimePolicy {
    Objects.requireNonNull(maxTotalLifetime, "maxTotalLifetime");
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (maxTotalLifetime.map(Duration::isNegative).orElse(false) || clockSkew.isNegative()) {
      throw new IllegalArgumentException("negative duration");
    }
  }

  /** A policy with a maximum total lifetime. */
  public LifetimePolicy(Duration maxTotalLifetime, Duration clockSkew) {
    this(Optional.of(Objects.requireNonNull(maxTotalLifetime, "maxTotalLifetime")), clockSkew);
  }

  /**
   * A policy without a maximum total lifetime: the current time must still lie within the lifetime
   * (RFC 9420 §7.3), give or take {@code clockSkew}.
   */
  public static LifetimePolicy anyTotalLifetime(Duration clockSkew) {
    return new LifetimePolicy(Optional.empty(), clockSkew);
  }
}
