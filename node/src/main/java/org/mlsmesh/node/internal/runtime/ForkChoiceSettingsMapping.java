package org.mlsmesh.node.internal.runtime;

import org.mlsmesh.config.ForkChoiceSettings;
import org.mlsmesh.config.MlsMeshConfig;
import org.mlsmesh.consensus.ForkChoiceConfig;

/** Maps {@code mlsmesh.fork-choice} (module config) onto the consensus module's settings. */
public final class ForkChoiceSettingsMapping {
  private ForkChoiceSettingsMapping() {}

  /** The fork-choice settings {@code config} names. */
  public static ForkChoiceConfig forkChoice(MlsMeshConfig config) {
    return forkChoice(config.forkChoice());
  }

  /** {@code settings} as the consensus module's validated {@link ForkChoiceConfig}. */
  public static ForkChoiceConfig forkChoice(ForkChoiceSettings settings) {
    ForkChoiceConfig.Builder builder =
        ForkChoiceConfig.builder()
            .measuredSettleWindow(
                settings.settleWindowInitial().toMillis(),
                settings.settleWindowFactor(),
                settings.settleWindowMin().toMillis(),
                settings.settleWindowMax().toMillis())
            .proposalPreferenceMillis(settings.proposalPreference().toMillis())
            .rankStepMillis(settings.rankStep().toMillis())
            .maxCommitDelayMillis(settings.maxCommitDelay().toMillis())
            .maxResends(settings.maxResends())
            .sentLogCapacity(settings.sentLogCapacity())
            .deliveredIdsCapacity(settings.deliveredIdsCapacity())
            .maxRetainedEpochs(settings.maxRetainedEpochs())
            .historyEpochs(settings.historyEpochs())
            .beaconCommits(settings.beaconCommits())
            .maxBufferedCommits(settings.maxBufferedCommits())
            .bufferTtlMillis(settings.bufferTtl().toMillis());
    // A fixed window overrides the measured one; its floor and cap are then unused.
    settings.fixedSettleWindow().ifPresent(w -> builder.settleWindowMillis(w.toMillis()));
    return builder.build();
  }
}
