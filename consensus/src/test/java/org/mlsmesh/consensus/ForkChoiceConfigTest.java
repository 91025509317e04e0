package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ForkChoiceConfigTest {
  @Test
  void defaultsAreValidAndRoundTripThroughTheBuilder() {
    ForkChoiceConfig d = ForkChoiceConfig.defaults();
    assertThat(d.settleWindowMillis()).isEqualTo(2_000);
    assertThat(d.toBuilder().build()).isEqualTo(d);
  }

  @Test
  void everyBadValueIsRejectedWithItsName() {
    List<UnaryOperator<ForkChoiceConfig.Builder>> bad =
        List.of(
            b -> b.settleWindowMillis(0),
            b -> b.maxRetainedEpochs(0),
            b -> b.maxBufferedCommits(0),
            b -> b.bufferTtlMillis(-1),
            b -> b.maxResends(-1),
            b -> b.sentLogCapacity(-1),
            b -> b.deliveredIdsCapacity(0),
            b -> b.historyEpochs(0),
            b -> b.beaconCommits(0),
            b -> b.proposalPreferenceMillis(-1),
            b -> b.rankStepMillis(-1),
            b -> b.maxCommitDelayMillis(-1));
    for (UnaryOperator<ForkChoiceConfig.Builder> change : bad) {
      assertThatThrownBy(() -> change.apply(ForkChoiceConfig.builder()).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageMatching("\\w+ must .*");
    }
  }

  @Test
  void relatedValuesAreChecked() {
    assertThatThrownBy(() -> ForkChoiceConfig.builder().historyEpochs(4).beaconCommits(5).build())
        .hasMessageContaining("beaconCommits");
    assertThatThrownBy(
            () ->
                ForkChoiceConfig.builder()
                    .proposalPreferenceMillis(600)
                    .maxCommitDelayMillis(500)
                    .build())
        .hasMessageContaining("maxCommitDelayMillis");
  }
}
