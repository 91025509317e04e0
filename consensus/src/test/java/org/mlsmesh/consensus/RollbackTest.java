package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.tree.LeafIndex;

/** Apply at once, roll back to the snapshot when a better sibling arrives (RFC 9750 §5.2.2). */
class RollbackTest {
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder().settleWindowMillis(1_000).build();

  private FakeState genesis;
  private FakeCommit loser;
  private FakeCommit winner;
  private FakeState loserEpoch;
  private FakeCommit onLoser;
  private Peer peer;

  @BeforeEach
  void race() {
    genesis = FakeState.genesis("rollback", 6, 0);
    List<Long> ranked = Oracle.byRank(genesis, List.of(1L, 2L, 3L, 4L, 5L), Optional.empty());
    winner = FakeCommit.update(genesis, ranked.get(0));
    loser = FakeCommit.update(genesis, ranked.get(4));
    loserEpoch = Oracle.child(genesis, loser);
    onLoser = FakeCommit.update(loserEpoch, ranked.get(1));
    peer = new Peer(genesis, 0, CONFIG);
  }

  private static EpochId epochOf(FakeState s) {
    return EpochId.of(s.epochId);
  }

  @Test
  void aBetterSiblingRollsBackTheLoserAndTheCommitBuiltOnIt() {
    assertThat(peer.receive(loser))
        .contains(new Effect.CommitApplied(loser.id(), epochOf(loserEpoch), 1));
    FakeState onLoserEpoch = Oracle.child(loserEpoch, onLoser);
    assertThat(peer.receive(onLoser))
        .contains(new Effect.CommitApplied(onLoser.id(), epochOf(onLoserEpoch), 2));
    assertThat(peer.head()).isEqualTo(epochOf(onLoserEpoch));

    FakeState winnerEpoch = Oracle.child(genesis, winner);
    assertThat(peer.receive(winner))
        .containsExactly(
            new Effect.PersistSnapshot(epochOf(winnerEpoch)),
            new Effect.RolledBack(
                epochOf(onLoserEpoch), epochOf(genesis), List.of(loser.id(), onLoser.id())),
            new Effect.CommitApplied(winner.id(), epochOf(winnerEpoch), 1));
    assertThat(peer.head()).isEqualTo(epochOf(winnerEpoch));
    assertThat(peer.fc.isOnChain(epochOf(loserEpoch))).isFalse();
    // The losing branch is kept (for late messages on it) until the window ends.
    assertThat(peer.fc.state(epochOf(loserEpoch))).isPresent();
    assertThat(peer.adapter.destroyed).isEmpty();
    assertThat(peer.fc.stats().rollbacks()).isEqualTo(1);
  }

  @Test
  void commitsThatArriveOnTheLoserAfterwardAreDroppedUnstaged() {
    peer.receive(loser);
    peer.receive(winner);
    int stagings = peer.adapter.stagings;
    assertThat(peer.receive(onLoser))
        .containsExactly(
            new Effect.CommitDropped(onLoser.id(), Effect.DropReason.ON_LOSING_BRANCH));
    assertThat(peer.adapter.stagings).isEqualTo(stagings);
  }

  @Test
  void aWorseSiblingIsOutrankedAndNeverApplied() {
    peer.receive(winner);
    FakeState loserState = Oracle.child(genesis, loser);
    assertThat(peer.receive(loser))
        .containsExactly(
            new Effect.PersistSnapshot(epochOf(loserState)),
            new Effect.CommitOutranked(loser.id(), winner.id()));
    assertThat(peer.head()).isEqualTo(epochOf(Oracle.child(genesis, winner)));
  }

  @Test
  void ourCommitOnTheLoserIsHandedBackToBeRebuiltOnTheWinner() {
    Peer author = new Peer(genesis, onLoser.committer(), CONFIG);
    author.receive(loser);
    Intent intent = Intent.of(Bytes.fromHex("ad"));
    author.apply(onLoser.created(intent, Bytes.EMPTY));
    List<Effect> effects = author.receive(winner);
    EpochId winnerEpoch = epochOf(Oracle.child(genesis, winner));
    assertThat(effects).contains(new Effect.RebuildCommit(onLoser.id(), intent, winnerEpoch, 1));
  }

  @Test
  void theLowerHashWinsBetweenTwoCommitsOfOneCommitterWhoIsFlagged() {
    FakeCommit first = FakeCommit.update(genesis, 2);
    FakeCommit second = FakeCommit.update(genesis, 2).withNonce(1);
    peer.receive(first);
    List<Effect> effects = peer.receive(second);
    assertThat(effects)
        .contains(
            new Effect.FlagEquivocation(
                LeafIndex.of(2), epochOf(genesis), first.id(), second.id()));
    FakeCommit lower = first.id().compareTo(second.id()) < 0 ? first : second;
    assertThat(peer.head()).isEqualTo(epochOf(Oracle.child(genesis, lower)));
    assertThat(peer.fc.stats().equivocations()).isEqualTo(1);
  }

  @Test
  void anInvalidCommitIsNeverChosenWhateverItsClass() {
    FakeCommit forged = FakeCommit.update(genesis, winner.committer()).withRemoves(5L).asInvalid();
    peer.receive(loser);
    assertThat(peer.receive(forged))
        .containsExactly(new Effect.CommitRejected(forged.id(), "BAD_SIGNATURE", "forged"));
    assertThat(peer.head()).isEqualTo(epochOf(loserEpoch));
    // A second copy is recognized and not staged again.
    int stagings = peer.adapter.stagings;
    assertThat(peer.receive(forged)).isEmpty();
    assertThat(peer.adapter.stagings).isEqualTo(stagings);
  }

  @Test
  void aCommitThatDoesNotValidateOnItsClaimedParentIsRejected() {
    FakeState elsewhere = FakeState.genesis("other group", 6, 0);
    FakeCommit foreign = FakeCommit.update(elsewhere, 1);
    Input.CommitReceived lying =
        new Input.CommitReceived(foreign.id(), epochOf(genesis), foreign.wire());
    assertThat(peer.apply(lying))
        .containsExactly(
            new Effect.CommitRejected(foreign.id(), "WRONG_EPOCH", "built on another epoch"));
  }

  @Test
  void duplicatesAreIgnored() {
    peer.receive(loser);
    assertThat(peer.receive(loser)).isEmpty();
    peer.advance(CONFIG.settleWindowMillis());
    assertThat(peer.receive(loser)).isEmpty();
  }
}
