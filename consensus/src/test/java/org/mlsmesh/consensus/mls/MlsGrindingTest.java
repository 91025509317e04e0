package org.mlsmesh.consensus.mls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.consensus.ForkChoice;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.consensus.Rank;
import org.mlsmesh.consensus.Step;
import org.mlsmesh.consensus.TieBreak;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.GroupState;

/**
 * Grinding with real MLS: a committer that re-rolls its Commit many times (each with a fresh
 * UpdatePath, so a fresh hash and next epoch) against one honest Commit wins exactly the races its
 * rank in the parent epoch gives it — never more — and is flagged for equivocating.
 */
class MlsGrindingTest {
  private static final int ROUNDS = 24;
  private static final int REROLLS = 12;

  @Test
  void rerolledCommitsWinNoMoreRacesThanTheirRank() throws Exception {
    int grinderWins = 0;
    int rankSaysGrinder = 0;
    Random order = new Random(5);
    for (int round = 0; round < ROUNDS; round++) {
      MlsTestGroup group = new MlsTestGroup(4, 1_000 + round, round % 2 == 0);
      GroupState observerState = group.genesis.get(3);
      ForkChoice<GroupState> observer =
          group.forkChoice(3, ForkChoiceConfig.builder().settleWindowMillis(10_000).build());
      Secret exporter = group.adapters.get(3).forkChoiceExporter(observerState);
      Optional<org.mlsmesh.protocol.tree.LeafIndex> creator =
          Optional.of(group.genesis.get(0).ownLeaf());
      Rank grinderRank = TieBreak.rank(exporter, group.genesis.get(1).ownLeaf(), creator);
      Rank honestRank = TieBreak.rank(exporter, group.genesis.get(2).ownLeaf(), creator);
      exporter.destroy();

      List<LocalCommit> commits = new ArrayList<>();
      List<CommitId> grinderCommits = new ArrayList<>();
      for (int k = 0; k < REROLLS; k++) {
        LocalCommit c =
            group.adapters.get(1).commit(group.genesis.get(1), CommitOptions.defaults());
        commits.add(c);
        grinderCommits.add(c.commit());
      }
      LocalCommit honest =
          group.adapters.get(2).commit(group.genesis.get(2), CommitOptions.defaults());
      commits.add(honest);
      Collections.shuffle(commits, order);

      CommitId head = null;
      int flags = 0;
      for (LocalCommit c : commits) {
        Step<GroupState> step = MlsGroupAdapterTest.received(observer, c, MlsTestGroup.NOW);
        for (Effect e : step.effects()) {
          if (e instanceof Effect.CommitApplied applied) {
            head = applied.commit();
          } else if (e instanceof Effect.FlagEquivocation flag) {
            assertThat(flag.member()).isEqualTo(group.genesis.get(1).ownLeaf());
            flags++;
          }
        }
      }
      boolean grinderWon = grinderCommits.contains(head);
      boolean grinderRanksBetter = grinderRank.isBetterThan(honestRank);
      assertThat(grinderWon).as("round " + round).isEqualTo(grinderRanksBetter);
      assertThat(flags)
          .as("each extra Commit of the grinder is flagged once")
          .isEqualTo(REROLLS - 1);
      grinderWins += grinderWon ? 1 : 0;
      rankSaysGrinder += grinderRanksBetter ? 1 : 0;
    }
    assertThat(grinderWins).isEqualTo(rankSaysGrinder);
    // Ranks are fair coin flips here; both outcomes occur, so the assertion above has teeth.
    assertThat(grinderWins).isBetween(3, ROUNDS - 3);
  }
}
