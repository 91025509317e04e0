package org.mlsmesh.consensus.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.protocol.codec.Bytes;

class WelcomeGateTest {
  private static final Bytes BOB = Bytes.fromHex("b0");
  private static final CommitId SHARED = commit("01");
  private static final CommitId AFTER_PARTING = commit("02");

  @Test
  void rejoiningDropsOnlyTheWelcomesOfCommitsAfterTheBranchPoint() {
    WelcomeGate gate = new WelcomeGate();
    gate.hold(SHARED, 11, List.of(BOB), 0); // made epoch 12: both branches have it
    gate.hold(AFTER_PARTING, 15, List.of(BOB), 0); // made epoch 16: only ours

    assertThat(gate.dropAfter(15)).containsExactly(AFTER_PARTING);

    assertThat(gate.isHeld(SHARED)).isTrue();
    assertThat(gate.isHeld(AFTER_PARTING)).isFalse();
  }

  @Test
  void aCommitOnTheBranchPointItselfLost() {
    WelcomeGate gate = new WelcomeGate();
    gate.hold(AFTER_PARTING, 15, List.of(BOB), 0);

    assertThat(gate.dropAfter(15)).containsExactly(AFTER_PARTING);
    assertThat(gate.isEmpty()).isTrue();
  }

  @Test
  void aWelcomeKeptOverARejoinStillWaitsForItsConfirmations() {
    WelcomeGate gate = new WelcomeGate();
    gate.hold(SHARED, 11, List.of(BOB), 0);
    gate.dropAfter(15);

    assertThat(gate.takeReady(Map.of(), List.of(BOB), 1_000, 30_000)).isEmpty();
    assertThat(gate.takeReady(Map.of(), List.of(BOB), 30_000, 30_000)).containsExactly(SHARED);
  }

  private static CommitId commit(String hexByte) {
    return CommitId.of(Bytes.fromHex(hexByte.repeat(32)));
  }
}
