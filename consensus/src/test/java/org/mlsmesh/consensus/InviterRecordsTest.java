package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A member that joins late adopts what its inviter holds final after the joined epoch: a
 * better-ranked Commit that the others dropped as too late is dropped at the joiner too, instead of
 * being made final there and imposed on the group by the partition rule (random seed 244).
 */
class InviterRecordsTest {
  private static final long WINDOW = 1_000;
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder().settleWindowMillis(WINDOW).build();
  private static final FakeState GENESIS = FakeState.genesis("inviter-records", 6, 0);
  private static final List<Long> BY_RANK =
      Oracle.byRank(GENESIS, List.of(1L, 2L), Optional.empty());

  /** Better-ranked, but it reached the group after the other had become final. */
  private static final FakeCommit LATE = FakeCommit.update(GENESIS, BY_RANK.get(0));

  private static final FakeCommit FINAL = FakeCommit.update(GENESIS, BY_RANK.get(1));
  private static final EpochId FINAL_EPOCH = EpochId.of(Oracle.child(GENESIS, FINAL).epochId);

  /** The inviter: it made {@link #FINAL} final, then dropped {@link #LATE} as too late. */
  private static Peer inviter() {
    Peer p = new Peer(GENESIS, 0, CONFIG);
    p.receive(FINAL);
    p.advance(WINDOW);
    assertThat(p.receive(LATE))
        .contains(new Effect.CommitDropped(LATE.id(), Effect.DropReason.TOO_LATE));
    return p;
  }

  @Test
  void theJoinerDropsWhatItsInviterDroppedAndFollowsItsFinalCommit() {
    Peer inviter = inviter();
    Peer joiner = new Peer(GENESIS, 3, CONFIG);
    joiner.fc.adoptDecided(inviter.fc.recordsSince(GENESIS.epoch));

    assertThat(joiner.receive(LATE))
        .contains(new Effect.CommitDropped(LATE.id(), Effect.DropReason.TOO_LATE));
    joiner.receive(FINAL);
    assertThat(joiner.head()).isEqualTo(FINAL_EPOCH);
    joiner.advance(WINDOW);
    assertThat(joiner.fc.isFinal(FINAL_EPOCH)).isTrue();

    // They agree: no partition is seen, nobody rejoins.
    joiner.apply(new Input.BeaconReceived(inviter.fc.beacon()));
    inviter.apply(new Input.BeaconReceived(joiner.fc.beacon()));
    assertThat(joiner.effectsOf(Effect.PartitionDetected.class)).isEmpty();
    assertThat(inviter.effectsOf(Effect.PartitionDetected.class)).isEmpty();
  }

  @Test
  void withoutTheRecordsTheJoinerMakesTheLateCommitFinalAndTheGroupSplits() {
    Peer inviter = inviter();
    Peer joiner = new Peer(GENESIS, 3, CONFIG);

    joiner.receive(LATE);
    joiner.receive(FINAL);
    joiner.advance(WINDOW);

    assertThat(joiner.fc.isFinal(FINAL_EPOCH)).isFalse();
    inviter.apply(new Input.BeaconReceived(joiner.fc.beacon()));
    assertThat(inviter.effectsOf(Effect.RejoinByExternalCommit.class)).hasSize(1);
  }

  @Test
  void aCommitNotYetFinalAtTheInviterIsNotAdopted() {
    Peer inviter = new Peer(GENESIS, 0, CONFIG);
    inviter.receive(FINAL); // applied, not final
    Peer joiner = new Peer(GENESIS, 3, CONFIG);
    joiner.fc.adoptDecided(inviter.fc.recordsSince(GENESIS.epoch));

    joiner.receive(FINAL);
    joiner.receive(LATE);

    assertThat(joiner.head()).isEqualTo(EpochId.of(Oracle.child(GENESIS, LATE).epochId));
  }

  @Test
  void theInviterSendsItsRecordsFromTheEpochItsCommitMade() {
    Peer inviter = inviter();
    assertThat(inviter.fc.recordsForInvitee(FINAL.id()))
        .hasValueSatisfying(
            b -> {
              assertThat(b.recent()).isEmpty(); // nothing final after the invitee's epoch yet
              assertThat(b.finalEpochNumber()).isEqualTo(GENESIS.epoch + 1);
            });
    assertThat(inviter.fc.recordsForInvitee(LATE.id())).isEmpty();
  }
}
