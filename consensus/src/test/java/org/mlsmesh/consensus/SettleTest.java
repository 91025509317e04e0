package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The settle window: when it ends the winner is final, snapshots and losing branches are erased,
 * and only then the winner's Welcome is released (RFC 9750 §5.2.2, §5.2.3).
 */
class SettleTest {
  private static final long WINDOW = 1_000;
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder().settleWindowMillis(WINDOW).build();
  private static final Bytes WELCOME = Bytes.fromHex("77e1c0");
  private static final Intent ADD_CAROL = Intent.of(Bytes.fromHex("add0ca"));

  private FakeState genesis;
  private FakeCommit best;
  private FakeCommit worst;

  @BeforeEach
  void setUp() {
    genesis = FakeState.genesis("settle", 6, 0);
    List<Long> ranked = Oracle.byRank(genesis, List.of(1L, 2L, 3L, 4L, 5L), Optional.empty());
    best = FakeCommit.update(genesis, ranked.get(0)).withAdds(1);
    worst = FakeCommit.update(genesis, ranked.get(4)).withAdds(1);
  }

  private static EpochId epochOf(FakeState s) {
    return EpochId.of(s.epochId);
  }

  @Test
  void theWindowStartsAtTheFirstCommitAndEndsWithErasureThenTheWelcome() {
    Peer peer = new Peer(genesis, best.committer(), CONFIG);
    peer.now = 100;
    peer.receive(worst);
    assertThat(peer.effectsOf(Effect.SetTimer.class))
        .containsExactly(new Effect.SetTimer(TimerKey.SETTLE, 100 + WINDOW));
    peer.now = 900;
    List<Effect> applied = peer.apply(best.created(ADD_CAROL, WELCOME));
    assertThat(applied).noneMatch(e -> e instanceof Effect.ReleaseWelcome);
    assertThat(applied).noneMatch(e -> e instanceof Effect.SetTimer);

    assertThat(peer.advance(WINDOW - 900 + 100 - 1)).isEmpty();
    assertThat(peer.adapter.destroyed).isEmpty();

    List<Effect> settled = peer.advance(1);
    FakeState worstState = Oracle.child(genesis, worst);
    FakeState bestState = Oracle.child(genesis, best);
    assertThat(settled)
        .containsExactly(
            new Effect.EraseSnapshot(epochOf(genesis)),
            new Effect.EraseSnapshot(epochOf(worstState)),
            new Effect.EpochFinal(best.id(), epochOf(bestState), 1),
            new Effect.ReleaseWelcome(best.id(), WELCOME));
    assertThat(peer.adapter.destroyed)
        .extracting(s -> s.epochId)
        .containsExactly(genesis.epochId, worstState.epochId);
    assertThat(peer.adapter.destroyed).allMatch(FakeState::isDestroyed);
    assertThat(peer.adapter.alive()).containsExactly(peer.fc.head());
    assertThat(peer.fc.isFinal(epochOf(bestState))).isTrue();
  }

  @Test
  void theWelcomeOfALosingCommitIsNeverReleased() {
    Peer peer = new Peer(genesis, worst.committer(), CONFIG);
    peer.apply(worst.created(ADD_CAROL, WELCOME));
    List<Effect> lost = peer.receive(best);
    assertThat(lost)
        .contains(
            new Effect.RebuildCommit(
                worst.id(), ADD_CAROL, epochOf(Oracle.child(genesis, best)), 1));
    peer.advance(WINDOW);
    peer.advance(WINDOW);
    assertThat(peer.effectsOf(Effect.ReleaseWelcome.class)).isEmpty();
  }

  @Test
  void aWelcomeWaitsForEveryLaterBetterSibling() {
    Peer peer = new Peer(genesis, worst.committer(), CONFIG);
    peer.apply(worst.created(ADD_CAROL, WELCOME));
    peer.now += WINDOW - 1;
    peer.receive(best);
    peer.advance(1);
    assertThat(peer.effectsOf(Effect.ReleaseWelcome.class)).isEmpty();
    assertThat(peer.effectsOf(Effect.EpochFinal.class))
        .extracting(Effect.EpochFinal::commit)
        .containsExactly(best.id());
  }

  @Test
  void aCommitOnAFinalEpochIsTooLate() {
    Peer peer = new Peer(genesis, 0, CONFIG);
    peer.receive(worst);
    peer.advance(WINDOW);
    FakeState next = Oracle.child(genesis, worst);
    peer.receive(FakeCommit.update(next, 2));
    assertThat(peer.receive(best))
        .containsExactly(new Effect.CommitDropped(best.id(), Effect.DropReason.TOO_LATE));
    assertThat(peer.head()).isEqualTo(epochOf(Oracle.child(next, FakeCommit.update(next, 2))));
  }

  @Test
  void aChainSettlesEpochByEpochAndSetsTheNextTimer() {
    Peer peer = new Peer(genesis, 0, CONFIG);
    FakeState s1 = Oracle.child(genesis, worst);
    FakeCommit c2 = FakeCommit.update(s1, 3);
    peer.receive(worst);
    peer.now = 500;
    peer.receive(c2);
    List<Effect> first = peer.advance(500);
    assertThat(first).contains(new Effect.EpochFinal(worst.id(), epochOf(s1), 1));
    assertThat(first).contains(new Effect.SetTimer(TimerKey.SETTLE, 1_500));
    assertThat(first)
        .noneMatch(e -> e instanceof Effect.EpochFinal f && f.commit().equals(c2.id()));
    List<Effect> second = peer.advance(500);
    assertThat(second).contains(new Effect.EpochFinal(c2.id(), epochOf(Oracle.child(s1, c2)), 2));
    assertThat(peer.adapter.alive()).containsExactly(peer.fc.head());
  }

  @Test
  void aLongUnsettledChainIsCappedAtMaxRetainedEpochs() {
    ForkChoiceConfig small = CONFIG.toBuilder().maxRetainedEpochs(2).build();
    Peer peer = new Peer(genesis, 0, small);
    FakeState parent = genesis;
    List<CommitId> commits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      FakeCommit c = FakeCommit.update(parent, 1 + i % 5);
      commits.add(c.id());
      peer.receive(c);
      parent = Oracle.child(parent, c);
      assertThat(peer.adapter.alive().size()).isLessThanOrEqualTo(3);
    }
    assertThat(peer.effectsOf(Effect.EpochFinal.class))
        .extracting(Effect.EpochFinal::commit)
        .containsExactlyElementsOf(commits.subList(0, 4));
    assertThat(peer.head()).isEqualTo(epochOf(parent));
  }

  @Test
  void aLateTimerOrAnyLaterInputSettlesWhatIsDue() {
    Peer peer = new Peer(genesis, 0, CONFIG);
    peer.receive(worst);
    peer.now += 10 * WINDOW;
    List<Effect> effects =
        peer.apply(
            new Input.ApplicationReceived(AppMessageId.of(Bytes.fromHex("01")), Bytes.EMPTY));
    assertThat(effects)
        .contains(new Effect.EpochFinal(worst.id(), epochOf(Oracle.child(genesis, worst)), 1));
  }

  @Test
  void aClockThatGoesBackIsClamped() {
    Peer peer = new Peer(genesis, 0, CONFIG);
    peer.now = 5_000;
    peer.receive(worst);
    peer.now = 0;
    assertThat(peer.advance(WINDOW - 1)).isEmpty();
    peer.now = 5_000;
    assertThat(peer.advance(WINDOW)).anyMatch(e -> e instanceof Effect.EpochFinal);
  }
}
