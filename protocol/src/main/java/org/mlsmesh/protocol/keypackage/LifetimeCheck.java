package org.mlsmesh.protocol.keypackage;

import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Lifetime;

/** RFC 9420 §7.2, §7.3: a lifetime (unsigned seconds) against a policy and the current time. */
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
    long total = notAfter - notBefore; // unsigned
    if (Long.compareUnsigned(total, policy.maxTotalLifetime().toSeconds()) > 0) {
      throw new ValidationException(
          ValidationCode.KEY_PACKAGE_LIFETIME_TOO_LONG,
          Long.toUnsignedString(total) + " s, at most " + policy.maxTotalLifetime().toSeconds());
    }
    long now = Math.floorDiv(nowMillis, 1000L);
    long skew = policy.clockSkew().toSeconds();
    long latest = Math.addExact(now, Math.min(skew, Long.MAX_VALUE - now)); // saturating
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
