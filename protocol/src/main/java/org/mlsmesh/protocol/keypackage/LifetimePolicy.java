package org.mlsmesh.protocol.keypackage;

import java.time.Duration;
import java.util.Objects;

/**
 * How a KeyPackage's lifetime is judged (RFC 9420 §7.2, §7.3): the longest total lifetime accepted
 * (the RFC requires applications to define one) and the clock skew tolerated at either end.
 */
public record LifetimePolicy(Duration maxTotalLifetime, Duration clockSkew) {
  /** At most 90 days in total, with 5 minutes of clock skew. */
  public static final LifetimePolicy DEFAULT =
      new LifetimePolicy(Duration.ofDays(90), Duration.ofMinutes(5));

  public LifetimePolicy {
    Objects.requireNonNull(maxTotalLifetime, "maxTotalLifetime");
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (maxTotalLifetime.isNegative() || clockSkew.isNegative()) {
      throw new IllegalArgumentException("negative duration");
    }
  }
}
