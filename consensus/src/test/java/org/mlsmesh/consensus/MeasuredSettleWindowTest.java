package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The default settle window follows the measured delivery delay: twice its 99th percentile within
 * the bounds, the configured value until enough delays are measured; a fixed window ignores them.
 */
class MeasuredSettleWindowTest {
  private static final ForkChoiceConfig MEASURED =
      ForkChoiceConfig.builder().measuredSettleWindow(2_000, 2, 500, 20_000).build();

  @Test
  void theDefaultIsMeasuredAndAFixedWindowIsTheOverride() {
    assertThat(ForkChoiceConfig.defaults().settleWindow())
        .isEqualTo(ForkChoiceConfig.SettleWindowMode.MEASURED);
    ForkChoiceConfig fixed = ForkChoiceConfig.builder().settleWindowMillis(3_000).build();
    assertThat(fixed.settleWindow()).isEqualTo(ForkChoiceConfig.SettleWindowMode.FIXED);
    SettleWindow w = new SettleWindow(fixed);
    for (int i = 0; i < 100; i++) {
      w.measured(9_000);
    }
    assertThat(w.millis()).isEqualTo(3_000);
  }

  @Test
  void followsTwiceThe99thPercentileWithinTheBounds() {
    SettleWindow w = new SettleWindow(MEASURED);
    for (int i = 0; i < SettleWindow.MIN_SAMPLES - 1; i++) {
      w.measured(100);
    }
    assertThat(w.millis()).as("too few samples: the configured value").isEqualTo(2_000);
    w.measured(100);
    assertThat(w.millis()).as("2 x 100 ms, raised to the minimum").isEqualTo(500);
    for (int i = 0; i < 92; i++) {
      w.measured(400);
    }
    assertThat(w.millis()).isEqualTo(800);
    w.measured(3_000); // one slow delivery in 101 is above the 99th percentile
    assertThat(w.millis()).isEqualTo(800);
    w.measured(3_000);
    assertThat(w.millis()).isEqualTo(6_000);
    for (int i = 0; i < SettleWindow.SAMPLES; i++) {
      w.measured(50_000);
    }
    assertThat(w.millis()).as("capped").isEqualTo(20_000);
    for (int i = 0; i < SettleWindow.SAMPLES; i++) {
      w.measured(300);
    }
    assertThat(w.millis()).as("old samples age out").isEqualTo(600);
  }

  @Test
  void aWindowThatGrewDelaysTheSettle() {
    FakeState genesis = FakeState.genesis("measured", 4, 0);
    List<Long> ranked = Oracle.byRank(genesis, List.of(1L, 2L, 3L), Optional.empty());
    FakeCommit commit = FakeCommit.update(genesis, ranked.get(0));
    Peer peer = new Peer(genesis, ranked.get(1), MEASURED);
    peer.now = 0;
    peer.receive(commit);
    assertThat(peer.effectsOf(Effect.SetTimer.class))
        .containsExactly(new Effect.SetTimer(TimerKey.SETTLE, 2_000));
    for (int i = 0; i < 20; i++) {
      peer.apply(new Input.DeliveryDelayMeasured(1_500));
    }
    assertThat(peer.fc.settleWindowMillis()).isEqualTo(3_000);
    List<Effect> atOldEnd = peer.advance(2_000);
    assertThat(atOldEnd).noneMatch(e -> e instanceof Effect.EpochFinal);
    assertThat(atOldEnd).contains(new Effect.SetTimer(TimerKey.SETTLE, 3_000));
    assertThat(peer.advance(1_000)).anyMatch(e -> e instanceof Effect.EpochFinal);
  }

  @Test
  void badBoundsAndNegativeDelaysAreRefused() {
    assertThatThrownBy(
            () -> ForkChoiceConfig.builder().measuredSettleWindow(2_000, 2, 5_000, 1_000).build())
        .hasMessageContaining("maxSettleWindowMillis");
    assertThatThrownBy(() -> new Input.DeliveryDelayMeasured(-1)).hasMessageContaining("negative");
  }
}
