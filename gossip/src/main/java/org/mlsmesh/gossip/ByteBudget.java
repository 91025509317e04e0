package org.mlsmesh.gossip;

/**
 * A token bucket of received bytes that may run into debt: a frame is taken while the bucket holds
 * anything, even when it costs more than what is left; the debt is paid back at the refill rate,
 * and a peer more than {@code maxDebt} in debt is over its budget.
 */
final class ByteBudget {
  /** What one frame does to the budget. */
  enum Outcome {
    /** Within the budget. */
    TAKEN,
    /** Taken, but the bucket is now in debt: read nothing more from the peer until it is repaid. */
    IN_DEBT,
    /** Not taken: the peer went on sending while its debt was already at the limit. */
    OVER_BUDGET
  }

  private final long bytesPerSecond;
  private final long burst;
  private final long maxDebt;
  private long tokens;
  private long refilledAt;

  ByteBudget(long bytesPerSecond, long burst, long maxDebt, long nowMillis) {
    this.bytesPerSecond = bytesPerSecond;
    this.burst = burst;
    this.maxDebt = maxDebt;
    this.tokens = burst;
    this.refilledAt = nowMillis;
  }

  Outcome take(long bytes, long nowMillis) {
    long elapsed = nowMillis - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * bytesPerSecond / 1000);
      refilledAt = nowMillis;
    }
    if (tokens <= -maxDebt) {
      return Outcome.OVER_BUDGET;
    }
    tokens -= bytes;
    return tokens < 0 ? Outcome.IN_DEBT : Outcome.TAKEN;
  }

  /** When the debt is repaid at the refill rate ({@code nowMillis} when there is none). */
  long repaidAt(long nowMillis) {
    return tokens >= 0
        ? nowMillis
        : nowMillis + (-tokens * 1000 + bytesPerSecond - 1) / bytesPerSecond;
  }
}
