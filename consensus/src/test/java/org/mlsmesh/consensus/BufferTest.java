package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Commits that overtake their parent wait, bounded in number and time, until it arrives. */
class BufferTest {
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder()
          .settleWindowMillis(1_000)
          .maxBufferedCommits(2)
          .bufferTtlMillis(5_000)
          .build();

  private final FakeState genesis = FakeState.genesis("buffer", 6, 0);

  private static EpochId epochOf(FakeState s) {
    return EpochId.of(s.epochId);
  }

  @Test
  void aChainDeliveredInReverseIsAppliedInOrderWhenItsRootArrives() {
    Peer peer = new Peer(genesis, 0, CONFIG);
    FakeCommit c1 = FakeCommit.update(genesis, 1);
    FakeState s1 = Oracle.child(genesis, c1);
    FakeCommit c2 = FakeCommit.update(s1, 2);
    FakeState s2 = Oracle.child(s1, c2);
    FakeCommit c3 = FakeCommit.update(s2, 3);
    FakeState s3 = Oracle.child(s2, c3);

    assertThat(peer.receive(c3)).isEmpty();
    assertThat(peer.receive(c2)).isEmpty();
    assertThat(peer.receive(c2)).isEmpty();
    assertThat(peer.head()).isEqualTo(epochOf(genesis));
    assertThat(Peer.of(peer.receive(c1), Effect.CommitApplied.class))
        .extracting(Effect.CommitApplied::commit)
        .containsExactly(c1.id(), c2.id(), c3.id());
    assertThat(peer.head()).isEqualTo(epochOf(s3));
  }

  @Test
  void theOldestWaitingCommitIsEvictedWhenTheBufferIsFull() {
    Peer peer = new Peer(genesis, 0, CONFIG);
    FakeState unknown1 = FakeState.genesis("u1", 6, 0);
    FakeState unknown2 = FakeState.genesis("u2", 6, 0);
    FakeState unknown3 = FakeState.genesis("u3", 6, 0);
    FakeCommit o1 = FakeCommit.update(unknown1, 1);
    peer.receive(o1);
    peer.receive(FakeCommit.update(unknown2, 1));
    assertThat(peer.receive(FakeCommit.update(unknown3, 1)))
        .containsExactly(new Effect.CommitDropped(o1.id(), Effect.DropReason.BUFFER_FULL));
  }

  @Test
  void aWaitingCommitExpires() {
    Peer peer = new Peer(genesis, 0, CONFIG);
    FakeCommit orphan = FakeCommit.update(FakeState.genesis("nowhere", 6, 0), 1);
    peer.receive(orphan);
    assertThat(peer.advance(4_999)).isEmpty();
    assertThat(peer.advance(1))
        .containsExactly(new Effect.CommitDropped(orphan.id(), Effect.DropReason.BUFFER_EXPIRED));
  }

  @Test
  void aWaitingCommitWhoseParentLosesIsDropped() {
    Peer peer = new Peer(genesis, 0, CONFIG);
    List<Long> ranked = Oracle.byRank(genesis, List.of(1L, 2L, 3L), Optional.empty());
    FakeCommit winner = FakeCommit.update(genesis, ranked.get(0));
    FakeCommit loser = FakeCommit.update(genesis, ranked.get(2));
    FakeCommit child = FakeCommit.update(Oracle.child(genesis, loser), 4);
    peer.receive(child);
    peer.receive(winner);
    List<Effect> effects = peer.receive(loser);
    assertThat(effects).contains(new Effect.CommitOutranked(loser.id(), winner.id()));
    assertThat(effects)
        .endsWith(new Effect.CommitDropped(child.id(), Effect.DropReason.ON_LOSING_BRANCH));
  }

  @Test
  void aWaitingCommitCanRollBackTheHead() {
    Peer peer = new Peer(genesis, 0, CONFIG);
    List<Long> ranked = Oracle.byRank(genesis, List.of(1L, 2L, 3L), Optional.empty());
    FakeCommit winner = FakeCommit.update(genesis, ranked.get(0));
    FakeCommit loser = FakeCommit.update(genesis, ranked.get(2));
    FakeCommit onWinner = FakeCommit.update(Oracle.child(genesis, winner), 5);
    peer.receive(onWinner);
    peer.receive(loser);
    List<Effect> effects = peer.receive(winner);
    assertThat(effects).anyMatch(e -> e instanceof Effect.RolledBack);
    assertThat(peer.head())
        .isEqualTo(epochOf(Oracle.child(Oracle.child(genesis, winner), onWinner)));
  }
}
