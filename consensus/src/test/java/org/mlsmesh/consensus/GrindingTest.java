package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * A committer that re-rolls its Commit many times (different hashes) wins no more races than its
 * rank gives it: the rank depends on the parent epoch and the leaf, not on the Commit. And the
 * member that created an epoch, the only one that could have ground its secrets, ranks last in it.
 */
class GrindingTest {
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder().settleWindowMillis(1_000).build();
  private static final int MEMBERS = 8;
  private static final long GRINDER = 3;

  @Test
  void reRollingTheCommitWinsExactlyTheRacesTheRankGives() {
    int epochs = 300;
    int variants = 40;
    int wins = 0;
    int rankWins = 0;
    List<Long> leaves = new ArrayList<>();
    for (long m = 0; m < MEMBERS; m++) {
      leaves.add(m);
    }
    for (int e = 0; e < epochs; e++) {
      FakeState genesis = FakeState.genesis("grind-" + e, MEMBERS, 0);
      List<FakeCommit> commits = new ArrayList<>();
      for (long m = 0; m < MEMBERS; m++) {
        if (m != GRINDER) {
          commits.add(FakeCommit.update(genesis, m));
        }
      }
      for (int v = 0; v < variants; v++) {
        commits.add(FakeCommit.update(genesis, GRINDER).withNonce(v));
      }
      Collections.shuffle(commits, new Random(e));
      Peer observer = new Peer(genesis, 0, CONFIG);
      for (FakeCommit c : commits) {
        observer.receive(c);
      }
      FakeCommit won =
          commits.stream()
              .filter(c -> EpochId.of(c.childEpochId()).equals(observer.head()))
              .findFirst()
              .orElseThrow();
      if (won.committer() == GRINDER) {
        wins++;
        assertThat(observer.effectsOf(Effect.FlagEquivocation.class)).hasSize(variants - 1);
      }
      if (Oracle.byRank(genesis, leaves, Optional.empty()).get(0) == GRINDER) {
        rankWins++;
      }
    }
    assertThat(wins).isEqualTo(rankWins);
    // About one race in eight, as for any member.
    assertThat(wins).isBetween(epochs / MEMBERS / 2, epochs / MEMBERS * 2);
  }

  @Test
  void theCreatorOfAnEpochRanksLastInItHoweverItGroundItsSecrets() {
    FakeState genesis = FakeState.genesis("creator", MEMBERS, 0);
    // The grinder tries many Commits and keeps the one whose next epoch would rank it best.
    FakeCommit best = null;
    Rank bestRaw = Rank.LAST;
    for (int v = 0; v < 500; v++) {
      FakeCommit c = FakeCommit.update(genesis, GRINDER).withNonce(v);
      Rank raw = Oracle.rank(Oracle.child(genesis, c), GRINDER, Optional.empty());
      if (raw.isBetterThan(bestRaw)) {
        bestRaw = raw;
        best = c;
      }
    }
    FakeState ground = Oracle.child(genesis, best);
    assertThat(Oracle.rank(ground, GRINDER, Optional.of(LeafIndex.of(GRINDER))))
        .isEqualTo(Rank.LAST);

    for (long honest = 0; honest < MEMBERS; honest++) {
      if (honest == GRINDER) {
        continue;
      }
      Peer peer = new Peer(genesis, 0, CONFIG);
      peer.receive(best);
      FakeCommit again = FakeCommit.update(ground, GRINDER);
      FakeCommit other = FakeCommit.update(ground, honest);
      peer.receive(again);
      peer.receive(other);
      assertThat(peer.head()).isEqualTo(EpochId.of(Oracle.child(ground, other).epochId));
    }
  }
}
