package org.mlsmesh.node.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.consensus.ForkChoiceConfig;

class ForkChoiceSettingsMappingTest {
  private static ForkChoiceConfig mapped(String hocon) {
    return ForkChoiceSettingsMapping.forkChoice(
        ConfigLoader.from(ConfigFactory.parseString(hocon)));
  }

  @Test
  void theReferenceDefaultsAreTheForkChoiceDefaults() {
    assertThat(ForkChoiceSettingsMapping.forkChoice(ConfigLoader.defaults()))
        .isEqualTo(ForkChoiceConfig.defaults());
  }

  @Test
  void aDurationFixesTheWindowAndEveryKeyIsCarried() {
    ForkChoiceConfig f =
        mapped(
            "mlsmesh.fork-choice { settle-window = 300ms, max-resends = 2, sent-log-capacity = 7,"
                + " delivered-ids-capacity = 9, max-retained-epochs = 3, history-epochs = 40,"
                + " beacon-commits = 4, max-buffered-commits = 5, buffer-ttl = 6s,"
                + " proposal-preference = 200ms, rank-step = 30ms, max-commit-delay = 900ms }");
    assertThat(f.settleWindow()).isEqualTo(ForkChoiceConfig.SettleWindowMode.FIXED);
    assertThat(f.settleWindowMillis()).isEqualTo(300);
    assertThat(f)
        .isEqualTo(
            ForkChoiceConfig.builder()
                .settleWindowMillis(300)
                .maxResends(2)
                .sentLogCapacity(7)
                .deliveredIdsCapacity(9)
                .maxRetainedEpochs(3)
                .historyEpochs(40)
                .beaconCommits(4)
                .maxBufferedCommits(5)
                .bufferTtlMillis(6_000)
                .proposalPreferenceMillis(200)
                .rankStepMillis(30)
                .maxCommitDelayMillis(900)
                .build());
  }

  @Test
  void aMeasuredWindowKeepsItsFloorCapAndFactor() {
    ForkChoiceConfig f =
        mapped(
            "mlsmesh.fork-choice { settle-window = measured, settle-window-initial = 1s,"
                + " settle-window-factor = 3, settle-window-min = 200ms, settle-window-max = 9s }");
    assertThat(f.settleWindow()).isEqualTo(ForkChoiceConfig.SettleWindowMode.MEASURED);
    assertThat(f.settleWindowMillis()).isEqualTo(1_000);
    assertThat(f.settleDelayFactor()).isEqualTo(3);
    assertThat(f.minSettleWindowMillis()).isEqualTo(200);
    assertThat(f.maxSettleWindowMillis()).isEqualTo(9_000);
  }
}
