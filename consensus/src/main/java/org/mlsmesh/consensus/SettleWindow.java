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
 *
 * <p>Messages a partition held back are not network delay: when the cut heals they arrive in a
 * burst, seconds late, and would stretch every later settle window (and so every Commit's time to
 * become final) long after the network is back to normal. A delay beyond {@value #HELD_BACK_FACTOR}
 * times the window in force is therefore set aside as held back, unless such delays persist: at
 * least half of the last {@value #RECENT} deliveries, arriving over more than {@value
 * #PERSIST_FACTOR} windows. That is a network that became slower, and the window follows it.
 */
final class SettleWindow {
  static final int SAMPLES = 256;
  static final int MIN_SAMPLES = 8;
  static final int RECENT = 32;
  static final int PERSIST_FACTOR = 4;

  private final ForkChoiceConfig config;
  private final long[] ring = new long[SAMPLES];
  private int count;
  private int next;
  private long current;

  /** Of the last {@value #RECENT} deliveries: which were later than the window in force. */
  private final boolean[] recentLate = new boolean[RECENT];

  /** Since when late deliveries are at least half of the recent ones; -1: they are not. */
  private long lateSince = -1;

  private int recentNext;
  private long heldBack;

  SettleWindow(ForkChoiceConfig config) {
    this.config = config;
    this.current = config.settleWindowMillis();
  }

  /** Deliveries set aside as held back by a partition so far. */
  long heldBack() {
    return heldBack;
  }

  long millis() {
    return current;
  }

  /**
   * One delivery took {@code delayMillis} (from its sender's send to its arrival here, at {@code
   * nowMillis}).
   */
  void measured(long delayMillis, long nowMillis) {
    if (config.settleWindow() == ForkChoiceConfig.SettleWindowMode.FIXED) {
      return;
    }
    long delay = Math.max(0, delayMillis);
    boolean outlier = delay > current;
    recentLate[recentNext] = outlier;
    recentNext = (recentNext + 1) % RECENT;
    if (outlier && !persists(nowMillis)) {
      heldBack++;
      return;
    }
    ring[next] = delay;
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

  /**
   * Whether late deliveries have made up at least half of the recent ones for more than a few
   * windows.
   */
  private boolean persists(long nowMillis) {
    int late = 0;
    for (boolean b : recentLate) {
      late += b ? 1 : 0;
    }
    if (late * 2 < RECENT) {
      lateSince = -1;
      return false;
    }
    if (lateSince < 0) {
      lateSince = nowMillis;
    }
    return nowMillis - lateSince > PERSIST_FACTOR * current;
  }
}
