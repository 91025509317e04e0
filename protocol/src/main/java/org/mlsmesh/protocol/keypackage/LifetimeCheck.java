package org.mlsmesh.protocol.keypackage;

import java.time.Duration;
import java.util.Optional;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Lifetime;

/**
 * RFC 9420 §7.2, §7.3: a lifetime against a policy and the current time. Lifetimes are unsigned
 * 64-bit seconds: every comparison is unsigned, so {@code not_after = 2^64 - 1} means "far future",
 * never "before 1970".
 */
final class LifetimeCheck {
  private LifetimeCheck() {}

  static void check(Lifetime lifetime, LifetimePolicy policy, long nowMillis)
      throws ValidationException {
    long notBefore = lifetime.notBefore();
    long notAfter = lifetime.notAfter();
    if (Long.compareUnsigned(notAfter, notBefore) < 0) {
      throw new ValidationException(
          ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT, "not_after precedes not_before");
    }
    long total = notAfter - notBefore; // unsigned, exact since not_after >= not_before
    Optional<Duration> max = policy.maxTotalLifetime();
    if (max.isPresent() && Long.compareUnsigned(total, max.get().toSeconds()) > 0) {
      throw new ValidationException(
          ValidationCode.KEY_PACKAGE_LIFETIME_TOO_LONG,
          Long.toUnsignedString(total) + " s, at most " + max.get().toSeconds());
    }
    long now = Math.floorDiv(nowMillis, 1000L);
    long skew = policy.clockSkew().toSeconds();
    long latest = now + skew; // both in [0, 2^63): the unsigned sum is exact
    long earliest = Math.max(0, now - skew);
    if (Long.compareUnsigned(notBefore, latest) > 0) {
      throw new ValidationException(
          ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT,
          "not valid before " + Long.toUnsignedString(notBefore) + ", now " + now);
    }
    if (Long.compareUnsigned(notAfter, earliest) < 0) {
      throw new ValidationException(
          ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT,
          "expired at " + Long.toUnsignedString(notAfter) + ", now " + now);
    }
  }
}
