package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A fork choice restored after a restart from its persisted snapshots still rolls back to them: a
 * member that crashed in an unsettled epoch follows a better sibling that arrives afterwards.
 */
class RestoreTest {
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder().settleWindowMillis(1_000).build();

  private static EpochId epochOf(FakeState s) {
    return EpochId.of(s.epochId);
  }

  @Test
  void aRestoredChainRollsBackToItsRootWhenABetterSiblingArrives() {
    FakeState genesis = FakeState.genesis("restore", 4, 0);
    List<Long> ranked = Oracle.byRank(genesis, List.of(1L, 2L, 3L), Optional.empty());
    FakeCommit winner = FakeCommit.update(genesis, ranked.get(0));
    FakeCommit loser = FakeCommit.update(genesis, ranked.get(2));
    FakeState loserEpoch = Oracle.child(genesis, loser);

    Peer before = new Peer(genesis, 0, CONFIG);
    before.receive(loser);
    CommitRecord record = before.fc.record(epochOf(loserEpoch)).orElseThrow();
    assertThat(record).isEqualTo(Oracle.record(genesis, loser, Optional.empty()));
    assertThat(before.fc.record(epochOf(genesis))).isEmpty();

    // The "restart": a new fork choice from the stored root and the stored unsettled epoch.
    FakeAdapter adapter = new FakeAdapter();
    Step<FakeState> restored =
        ForkChoice.restore(
            adapter,
            CONFIG,
            adapter.track(genesis.as(0)),
            Optional.empty(),
            List.of(new ForkChoice.Restored<>(record, adapter.track(loserEpoch.as(0)))),
            5_000);
    ForkChoice<FakeState> fc = restored.next();
    assertThat(restored.effects()).containsExactly(new Effect.SetTimer(TimerKey.SETTLE, 6_000));
    assertThat(fc.headEpoch()).isEqualTo(epochOf(loserEpoch));
    assertThat(fc.finalEpoch()).isEqualTo(epochOf(genesis));

    // The restored Commit arriving again is known: not staged a second time.
    int stagings = adapter.stagings;
    assertThat(fc.onInput(loser.received(), 5_100).effects()).isEmpty();
    assertThat(adapter.stagings).isEqualTo(stagings);

    FakeState winnerEpoch = Oracle.child(genesis, winner);
    List<Effect> effects = fc.onInput(winner.received(), 5_200).effects();
    assertThat(effects)
        .contains(
            new Effect.RolledBack(epochOf(loserEpoch), epochOf(genesis), List.of(loser.id())),
            new Effect.CommitApplied(winner.id(), epochOf(winnerEpoch), 1));
    assertThat(fc.headEpoch()).isEqualTo(epochOf(winnerEpoch));
    assertThat(fc.onInput(new Input.TimerFired(TimerKey.SETTLE), 6_000).effects())
        .contains(new Effect.EpochFinal(winner.id(), epochOf(winnerEpoch), 1));
  }

  @Test
  void aChainThatDoesNotLinkIsRefused() {
    FakeState genesis = FakeState.genesis("restore", 4, 0);
    FakeCommit first = FakeCommit.update(genesis, 1);
    FakeState next = Oracle.child(genesis, first);
    CommitRecord record = Oracle.record(genesis, first, Optional.empty());
    FakeAdapter adapter = new FakeAdapter();
    assertThatThrownBy(
            () ->
                ForkChoice.restore(
                    adapter,
                    CONFIG,
                    adapter.track(next.as(0)),
                    Optional.empty(),
                    List.of(new ForkChoice.Restored<>(record, adapter.track(next.as(0)))),
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names parent");
  }
}
