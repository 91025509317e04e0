package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.tree.LeafIndex;

/** Members of better rank commit first; the others prefer proposals for a while. */
class PacingTest {
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder()
          .proposalPreferenceMillis(500)
          .rankStepMillis(100)
          .maxCommitDelayMillis(800)
          .build();

  @Test
  void theMemberThatWouldWinARaceCommitsAtOnceAndTheOthersWaitByRank() {
    int size = 8;
    FakeState genesis = FakeState.genesis("pacing", size, 0);
    List<FakeCommit> everyone = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    long first = -1;
    for (long m = 0; m < size; m++) {
      Peer peer = new Peer(genesis, m, CONFIG);
      CommitAdvice advice = peer.fc.commitAdvice();
      assertThat(advice.members()).isEqualTo(size);
      assertThat(advice.delayMillis()).isEqualTo(Pacing.delay(advice.position(), CONFIG));
      assertThat(advice.preferProposals()).isEqualTo(advice.position() > 0);
      positions.add(advice.position());
      if (advice.position() == 0) {
        first = m;
      }
      everyone.add(FakeCommit.update(genesis, m));
    }
    assertThat(positions).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(first).isEqualTo(Oracle.winner(genesis, everyone, Optional.empty()).committer());
  }

  @Test
  void delaysGrowWithThePositionUpToTheCap() {
    assertThat(Pacing.delay(0, CONFIG)).isZero();
    assertThat(Pacing.delay(1, CONFIG)).isEqualTo(500);
    assertThat(Pacing.delay(3, CONFIG)).isEqualTo(700);
    assertThat(Pacing.delay(4, CONFIG)).isEqualTo(800);
    assertThat(Pacing.delay(1_000, CONFIG)).isEqualTo(800);
    ForkChoiceConfig huge =
        CONFIG.toBuilder().rankStepMillis(Long.MAX_VALUE / 2).maxCommitDelayMillis(1_000).build();
    assertThat(Pacing.delay(Integer.MAX_VALUE, huge)).isEqualTo(1_000);
  }

  @Test
  void theCreatorOfTheEpochIsLast() {
    FakeState genesis = FakeState.genesis("pacing creator", 5, 0);
    Peer creator = new Peer(genesis, 2, CONFIG, Optional.of(LeafIndex.of(2)));
    assertThat(creator.fc.commitAdvice().position()).isEqualTo(4);
    assertThat(creator.fc.commitAdvice().delayMillis()).isEqualTo(Pacing.delay(4, CONFIG));
  }
}
