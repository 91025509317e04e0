package org.mlsmesh.consensus;

import java.util.Arrays;

/**
 * The settle window in force: the configured one ({@link ForkChoiceConfig.SettleWindowMode#FIXED}),
 * or, by default, {@code settleDelayFactor} times the 99th percentile of the last {@value #SAMPLES}
 * measured delivery delays, within the configured bounds. Until {@value #MIN_SAMPLES} delays are
 * measured it is the configured value. The delays come in as inputs ({@link
 * Input.DeliveryDelayMeasured}), so the window is a function of the inputs: deterministic.
 *
 * <p>Why a percentile of delays: a competing Commit must reach every member within the window, and
 * so must the messages that members who have not seen a Commit yet still encrypt in its parent
 * epoch (RFC 9750 §5.2.2); the factor covers both legs.
 */
final class SettleWindow {
  static final int SAMPLES = 256;
  static final int MIN_SAMPLES = 8;

  private final ForkChoiceConfig config;
  private final long[] ring = new long[SAMPLES];
  private int count;
  private int next;
  private long current;

  SettleWindow(ForkChoiceConfig config) {
    this.config = config;
    this.current = config.settleWindowMillis();
  }

  long millis() {
    return current;
  }

  /** One delivery took {@code delayMillis} (from its sender's send to its arrival here). */
  void measured(long delayMillis) {
    if (config.settleWindow() == ForkChoiceConfig.SettleWindowMode.FIXED) {
      return;
    }
    ring[next] = Math.max(0, delayMillis);
    next = (next + 1) % SAMPLES;
    count = Math.min(count + 1, SAMPLES);
    if (count < MIN_SAMPLES) {
      return;
    }
    long[] sorted = Arrays.copyOf(ring, count);
    Arrays.sort(sorted);
    long p99 = sorted[(int) Math.ceil(0.99 * count) - 1];
    long window =
        p99 > Long.MAX_VALUE / config.settleDelayFactor()
            ? Long.MAX_VALUE
            : p99 * config.settleDelayFactor();
    current =
        Math.max(config.minSettleWindowMillis(), Math.min(config.maxSettleWindowMillis(), window));
  }
}
