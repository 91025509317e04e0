package org.mlsmesh.consensus;

/**
 * The fork choice's settings, validated on construction. Times are in milliseconds of the clock the
 * shell passes as {@code nowMillis}.
 *
 * @param settleWindowMillis how long after the first Commit on an epoch competing Commits are still
 *     accepted; then the winner is final and the epoch's state is erased (RFC 9750 §5.2.2). Set it
 *     above twice the gossip delay at the 99th percentile: once for competing Commits to arrive,
 *     once more for messages that a member who has not seen the Commit yet still encrypts in the
 *     parent epoch.
 * @param maxRetainedEpochs at most this many unsettled epochs are kept above the final one; a
 *     longer chain settles its oldest epoch early
 * @param maxBufferedCommits Commits on unknown parents kept at once (the oldest go first)
 * @param bufferTtlMillis how long such a Commit waits for its parent
 * @param maxResends re-sends per application message, and rebuilds per Commit or proposal intent
 * @param sentLogCapacity final messages and intents of the local member kept (within the history
 *     window) to be re-sent if a partition later makes their branch lose
 * @param deliveredIdsCapacity application message ids remembered for exactly-once delivery
 * @param historyEpochs public records of final Commits kept to decide long partitions
 * @param beaconCommits records in a beacon
 * @param proposalPreferenceMillis how long a member that does not hold the best rank prefers
 *     sending proposals to committing
 * @param rankStepMillis extra wait per rank position after the second
 * @param maxCommitDelayMillis cap of the commit pacing delay
 * @param settleWindow whether {@code settleWindowMillis} is the window ({@link
 *     SettleWindowMode#FIXED}, the override) or only its value until enough delays are measured
 *     ({@link SettleWindowMode#MEASURED}, the default: see {@link SettleWindow})
 * @param settleDelayFactor a measured window is this many times the 99th percentile of the measured
 *     delivery delays ({@link Input.DeliveryDelayMeasured})
 * @param minSettleWindowMillis lower bound of a measured window
 * @param maxSettleWindowMillis upper bound of a measured window
 */
public record ForkChoiceConfig(
    long settleWindowMillis,
    int maxRetainedEpochs,
    int maxBufferedCommits,
    long bufferTtlMillis,
    int maxResends,
    int sentLogCapacity,
    int deliveredIdsCapacity,
    int historyEpochs,
    int beaconCommits,
    long proposalPreferenceMillis,
    long rankStepMillis,
    long maxCommitDelayMillis,
    SettleWindowMode settleWindow,
    int settleDelayFactor,
    long minSettleWindowMillis,
    long maxSettleWindowMillis) {

  /** Where the settle window comes from. */
  public enum SettleWindowMode {
    /** Always {@code settleWindowMillis}. */
    FIXED,
    /** Derived from measured delivery delays; {@code settleWindowMillis} until there are some. */
    MEASURED
  }

  public ForkChoiceConfig {
    positive("settleWindowMillis", settleWindowMillis);
    positive("maxRetainedEpochs", maxRetainedEpochs);
    positive("maxBufferedCommits", maxBufferedCommits);
    positive("bufferTtlMillis", bufferTtlMillis);
    notNegative("maxResends", maxResends);
    notNegative("sentLogCapacity", sentLogCapacity);
    positive("deliveredIdsCapacity", deliveredIdsCapacity);
    positive("historyEpochs", historyEpochs);
    positive("beaconCommits", beaconCommits);
    notNegative("proposalPreferenceMillis", proposalPreferenceMillis);
    notNegative("rankStepMillis", rankStepMillis);
    notNegative("maxCommitDelayMillis", maxCommitDelayMillis);
    java.util.Objects.requireNonNull(settleWindow, "settleWindow");
    positive("settleDelayFactor", settleDelayFactor);
    positive("minSettleWindowMillis", minSettleWindowMillis);
    if (maxSettleWindowMillis < minSettleWindowMillis) {
      throw new IllegalArgumentException(
          "maxSettleWindowMillis ("
              + maxSettleWindowMillis
              + ") is below minSettleWindowMillis ("
              + minSettleWindowMillis
              + ")");
    }
    if (beaconCommits > historyEpochs) {
      throw new IllegalArgumentException(
          "beaconCommits (" + beaconCommits + ") exceeds historyEpochs (" + historyEpochs + ")");
    }
    if (maxCommitDelayMillis < proposalPreferenceMillis) {
      throw new IllegalArgumentException(
          "maxCommitDelayMillis ("
              + maxCommitDelayMillis
              + ") is below proposalPreferenceMillis ("
              + proposalPreferenceMillis
              + ")");
    }
  }

  /**
   * The defaults: a settle window of twice the measured 99th-percentile delivery delay within [500
   * ms, 60 s] (2 s until measured), 64 retained epochs, 5 re-sends.
   */
  public static ForkChoiceConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from the defaults. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.settleWindowMillis = settleWindowMillis;
    b.maxRetainedEpochs = maxRetainedEpochs;
    b.maxBufferedCommits = maxBufferedCommits;
    b.bufferTtlMillis = bufferTtlMillis;
    b.maxResends = maxResends;
    b.sentLogCapacity = sentLogCapacity;
    b.deliveredIdsCapacity = deliveredIdsCapacity;
    b.historyEpochs = historyEpochs;
    b.beaconCommits = beaconCommits;
    b.proposalPreferenceMillis = proposalPreferenceMillis;
    b.rankStepMillis = rankStepMillis;
    b.maxCommitDelayMillis = maxCommitDelayMillis;
    b.settleWindow = settleWindow;
    b.settleDelayFactor = settleDelayFactor;
    b.minSettleWindowMillis = minSettleWindowMillis;
    b.maxSettleWindowMillis = maxSettleWindowMillis;
    return b;
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void notNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  /** Builds a validated {@link ForkChoiceConfig}; unset values keep their defaults. */
  public static final class Builder {
    private long settleWindowMillis = 2_000;
    private int maxRetainedEpochs = 64;
    private int maxBufferedCommits = 256;
    private long bufferTtlMillis = 30_000;
    private int maxResends = 5;
    private int sentLogCapacity = 4_096;
    private int deliveredIdsCapacity = 100_000;
    private int historyEpochs = 1_024;
    private int beaconCommits = 16;
    private long proposalPreferenceMillis = 500;
    private long rankStepMillis = 100;
    private long maxCommitDelayMillis = 5_000;
    private SettleWindowMode settleWindow = SettleWindowMode.MEASURED;
    private int settleDelayFactor = 2;
    private long minSettleWindowMillis = 500;
    private long maxSettleWindowMillis = 60_000;

    private Builder() {}

    /** A fixed settle window: the override of the measured one. */
    public Builder settleWindowMillis(long value) {
      settleWindowMillis = value;
      settleWindow = SettleWindowMode.FIXED;
      return this;
    }

    /**
     * A settle window of {@code factor} times the measured 99th-percentile delivery delay, within
     * [{@code minMillis}, {@code maxMillis}], and {@code initialMillis} until measured.
     */
    public Builder measuredSettleWindow(
        long initialMillis, int factor, long minMillis, long maxMillis) {
      settleWindowMillis = initialMillis;
      settleWindow = SettleWindowMode.MEASURED;
      settleDelayFactor = factor;
      minSettleWindowMillis = minMillis;
      maxSettleWindowMillis = maxMillis;
      return this;
    }

    public Builder maxRetainedEpochs(int value) {
      maxRetainedEpochs = value;
      return this;
    }

    public Builder maxBufferedCommits(int value) {
      maxBufferedCommits = value;
      return this;
    }

    public Builder bufferTtlMillis(long value) {
      bufferTtlMillis = value;
      return this;
    }

    public Builder maxResends(int value) {
      maxResends = value;
      return this;
    }

    public Builder sentLogCapacity(int value) {
      sentLogCapacity = value;
      return this;
    }

    public Builder deliveredIdsCapacity(int value) {
      deliveredIdsCapacity = value;
      return this;
    }

    public Builder historyEpochs(int value) {
      historyEpochs = value;
      return this;
    }

    public Builder beaconCommits(int value) {
      beaconCommits = value;
      return this;
    }

    public Builder proposalPreferenceMillis(long value) {
      proposalPreferenceMillis = value;
      return this;
    }

    public Builder rankStepMillis(long value) {
      rankStepMillis = value;
      return this;
    }

    public Builder maxCommitDelayMillis(long value) {
      maxCommitDelayMillis = value;
      return this;
    }

    public ForkChoiceConfig build() {
      return new ForkChoiceConfig(
          settleWindowMillis,
          maxRetainedEpochs,
          maxBufferedCommits,
          bufferTtlMillis,
          maxResends,
          sentLogCapacity,
          deliveredIdsCapacity,
          historyEpochs,
          beaconCommits,
          proposalPreferenceMillis,
          rankStepMillis,
          maxCommitDelayMillis,
          settleWindow,
          settleDelayFactor,
          minSettleWindowMillis,
          maxSettleWindowMillis);
    }
  }
}
