package org.mlsmesh.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The fork-choice settings of {@code mlsmesh.fork-choice}, as read and range-checked by {@link
 * ConfigLoader}. The node maps them onto the consensus module's own settings; this module does not
 * depend on it. See {@code reference.conf} for what each one means.
 *
 * @param fixedSettleWindow a fixed settle window, or empty for one derived from measured delays
 * @param settleWindowInitial the measured window's value until enough delays are measured
 * @param settleWindowFactor a measured window is this many times the 99th-percentile delay
 * @param settleWindowMin floor of a measured window
 * @param settleWindowMax cap of a measured window
 * @param proposalPreference how long a member without the best rank prefers proposing
 * @param rankStep extra commit delay per rank position after the second
 * @param maxCommitDelay cap of the commit pacing delay
 * @param maxResends re-sends per message, rebuilds per Commit or proposal intent
 * @param sentLogCapacity own final messages and intents kept for re-sending
 * @param deliveredIdsCapacity application message ids remembered for exactly-once delivery
 * @param maxRetainedEpochs unsettled epochs kept above the final one
 * @param historyEpochs public records of final Commits kept
 * @param beaconCommits records in one beacon
 * @param maxBufferedCommits Commits on unknown parents kept at once
 * @param bufferTtl how long such a Commit waits for its parent
 */
public record ForkChoiceSettings(
    Optional<Duration> fixedSettleWindow,
    Duration settleWindowInitial,
    int settleWindowFactor,
    Duration settleWindowMin,
    Duration settleWindowMax,
    Duration proposalPreference,
    Duration rankStep,
    Duration maxCommitDelay,
    int maxResends,
    int sentLogCapacity,
    int deliveredIdsCapacity,
    int maxRetainedEpochs,
    int historyEpochs,
    int beaconCommits,
    int maxBufferedCommits,
    Duration bufferTtl) {
  /** The section these settings are read from. */
  public static final String SECTION = "mlsmesh.fork-choice";

  public ForkChoiceSettings {
    Objects.requireNonNull(fixedSettleWindow, "fixedSettleWindow");
    Objects.requireNonNull(settleWindowInitial, "settleWindowInitial");
    Objects.requireNonNull(settleWindowMin, "settleWindowMin");
    Objects.requireNonNull(settleWindowMax, "settleWindowMax");
    Objects.requireNonNull(proposalPreference, "proposalPreference");
    Objects.requireNonNull(rankStep, "rankStep");
    Objects.requireNonNull(maxCommitDelay, "maxCommitDelay");
    Objects.requireNonNull(bufferTtl, "bufferTtl");
  }

  /** True when the settle window follows the measured delivery delays. */
  public boolean measuredSettleWindow() {
    return fixedSettleWindow.isEmpty();
  }
}
