package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What the local member sent on a losing branch is re-sent on the winner with the same id, at most
 * {@code maxResends} times, and receivers deliver each id exactly once.
 */
class OutboxTest {
  private static final long WINDOW = 1_000;
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder().settleWindowMillis(WINDOW).maxResends(2).build();
  private static final AppMessageId HELLO = AppMessageId.of(Bytes.fromHex("4e1100"));
  private static final Bytes HELLO_TEXT = Bytes.wrap("hello".getBytes());

  private FakeState genesis;
  private List<Long> ranked;

  @BeforeEach
  void setUp() {
    genesis = FakeState.genesis("outbox", 6, 0);
    ranked = Oracle.byRank(genesis, List.of(1L, 2L, 3L, 4L, 5L), Optional.empty());
  }

  private static EpochId epochOf(FakeState s) {
    return EpochId.of(s.epochId);
  }

  private FakeCommit byRank(int position) {
    return FakeCommit.update(genesis, ranked.get(position));
  }

  @Test
  void aMessageSentOnALosingEpochIsResentOnTheWinnerWithTheSameId() {
    Peer sender = new Peer(genesis, 0, CONFIG);
    FakeCommit loser = byRank(4);
    FakeCommit winner = byRank(0);
    sender.receive(loser);
    FakeState loserEpoch = Oracle.child(genesis, loser);
    assertThat(sender.apply(new Input.ApplicationSent(HELLO, HELLO_TEXT, epochOf(loserEpoch))))
        .isEmpty();

    List<Effect> effects = sender.receive(winner);
    EpochId winnerEpoch = epochOf(Oracle.child(genesis, winner));
    assertThat(effects).endsWith(new Effect.ResendApplication(HELLO, HELLO_TEXT, winnerEpoch, 1));

    // Once the winner is final the message is done: nothing more is re-sent.
    sender.advance(WINDOW);
    sender.advance(WINDOW);
    assertThat(sender.effectsOf(Effect.ResendApplication.class)).hasSize(1);
    assertThat(sender.fc.stats().resends()).isEqualTo(1);
  }

  @Test
  void aFinalMessageSentAgainOnALosingEpochIsResentOnTheWinner() {
    // Random seed 554: sent in an epoch that became final, sent again for a rejoiner in a later
    // epoch that then lost: the second copy was not tracked, and the rejoiner never got it.
    Peer sender = new Peer(genesis, 0, CONFIG);
    FakeCommit first = byRank(0);
    sender.receive(first);
    FakeState one = Oracle.child(genesis, first);
    sender.apply(new Input.ApplicationSent(HELLO, HELLO_TEXT, epochOf(one)));
    sender.advance(WINDOW);
    sender.advance(WINDOW);
    List<Long> next = Oracle.byRank(one, List.of(1L, 2L), Optional.empty());
    FakeCommit loser = FakeCommit.update(one, next.get(1));
    sender.receive(loser);
    sender.apply(new Input.ApplicationSent(HELLO, HELLO_TEXT, epochOf(Oracle.child(one, loser))));

    FakeCommit winner = FakeCommit.update(one, next.get(0));
    List<Effect> effects = sender.receive(winner);

    EpochId winnerEpoch = epochOf(Oracle.child(one, winner));
    assertThat(effects).endsWith(new Effect.ResendApplication(HELLO, HELLO_TEXT, winnerEpoch, 1));
  }

  @Test
  void aMessageOnTheWinningBranchIsNeverResent() {
    Peer sender = new Peer(genesis, 0, CONFIG);
    FakeCommit winner = byRank(0);
    sender.receive(winner);
    sender.apply(
        new Input.ApplicationSent(HELLO, HELLO_TEXT, epochOf(Oracle.child(genesis, winner))));
    sender.receive(byRank(3));
    sender.advance(WINDOW);
    assertThat(sender.effectsOf(Effect.ResendApplication.class)).isEmpty();
  }

  @Test
  void receiversDeliverEachIdExactlyOnce() {
    Peer sender = new Peer(genesis, 0, CONFIG);
    Peer early = new Peer(genesis, 1, CONFIG);
    Peer late = new Peer(genesis, 2, CONFIG);
    FakeCommit loser = byRank(4);
    FakeCommit winner = byRank(0);
    for (Peer p : List.of(sender, early, late)) {
      p.receive(loser);
    }
    sender.apply(
        new Input.ApplicationSent(HELLO, HELLO_TEXT, epochOf(Oracle.child(genesis, loser))));
    // "early" decrypts the first copy on the losing epoch.
    early.apply(new Input.ApplicationReceived(HELLO, HELLO_TEXT));
    for (Peer p : List.of(sender, early, late)) {
      p.receive(winner);
    }
    Effect.ResendApplication resend = sender.effectsOf(Effect.ResendApplication.class).get(0);
    assertThat(resend.id()).isEqualTo(HELLO);
    // Both receive the re-sent copy; "late" also gets the first copy afterwards.
    early.apply(new Input.ApplicationReceived(resend.id(), resend.payload()));
    late.apply(new Input.ApplicationReceived(resend.id(), resend.payload()));
    late.apply(new Input.ApplicationReceived(HELLO, HELLO_TEXT));
    // The sender's own echo is not delivered to itself.
    sender.apply(new Input.ApplicationReceived(HELLO, HELLO_TEXT));

    assertThat(early.effectsOf(Effect.Deliver.class))
        .containsExactly(new Effect.Deliver(HELLO, HELLO_TEXT));
    assertThat(late.effectsOf(Effect.Deliver.class))
        .containsExactly(new Effect.Deliver(HELLO, HELLO_TEXT));
    assertThat(sender.effectsOf(Effect.Deliver.class)).isEmpty();
    assertThat(early.fc.stats().duplicates()).isEqualTo(1);
  }

  @Test
  void resendsAreBoundedThenTheMessageIsAbandoned() {
    Peer sender = new Peer(genesis, 0, CONFIG);
    sender.receive(byRank(4));
    sender.apply(
        new Input.ApplicationSent(HELLO, HELLO_TEXT, epochOf(Oracle.child(genesis, byRank(4)))));
    sender.receive(byRank(3));
    sender.receive(byRank(2));
    List<Effect> last = sender.receive(byRank(1));
    assertThat(sender.effectsOf(Effect.ResendApplication.class))
        .extracting(Effect.ResendApplication::attempt)
        .containsExactly(1, 2);
    assertThat(last).contains(new Effect.ApplicationAbandoned(HELLO));
    sender.receive(byRank(0));
    assertThat(sender.effectsOf(Effect.ResendApplication.class)).hasSize(2);
  }

  @Test
  void aProposalCommittedByTheWinnerIsDone() {
    Peer proposer = new Peer(genesis, 0, CONFIG);
    ProposalRef ref = ProposalRef.of(Bytes.fromHex("0f"));
    Intent intent = Intent.of(Bytes.fromHex("1e"));
    proposer.apply(new Input.ProposalSent(ref, intent, epochOf(genesis), 0));
    proposer.receive(byRank(0).withProposals(ref.value()));
    proposer.advance(WINDOW);
    proposer.advance(WINDOW);
    assertThat(proposer.effectsOf(Effect.ResendProposal.class)).isEmpty();
  }

  @Test
  void aProposalTheNextEpochDidNotCommitIsProposedAgain() {
    Peer proposer = new Peer(genesis, 0, CONFIG);
    ProposalRef ref = ProposalRef.of(Bytes.fromHex("0f"));
    Intent intent = Intent.of(Bytes.fromHex("1e"));
    proposer.receive(byRank(4).withProposals(ref.value()));
    FakeState withIt = Oracle.child(genesis, byRank(4).withProposals(ref.value()));
    // Proposed on genesis, and carried by the current head: nothing to do yet.
    assertThat(proposer.apply(new Input.ProposalSent(ref, intent, epochOf(genesis), 0))).isEmpty();
    assertThat(proposer.fc.headEpoch()).isEqualTo(epochOf(withIt));
    // A better Commit without it wins: propose again on the winner.
    FakeCommit without = byRank(0);
    assertThat(proposer.receive(without))
        .endsWith(new Effect.ResendProposal(intent, epochOf(Oracle.child(genesis, without)), 1));
  }

  @Test
  void ownCommitRebuildsAreBounded() {
    Peer author = new Peer(genesis, ranked.get(4), CONFIG);
    Intent intent = Intent.of(Bytes.fromHex("ad"));
    FakeCommit mine = byRank(4);
    author.apply(
        new Input.LocalCommitCreated(
            mine.id(), mine.parentEpoch(), mine.wire(), intent, Optional.empty(), 2));
    assertThat(author.receive(byRank(0))).contains(new Effect.IntentAbandoned(intent));
    assertThat(author.effectsOf(Effect.RebuildCommit.class)).isEmpty();
  }

  @Test
  void anInvalidOwnCommitIsHandedBack() {
    Peer author = new Peer(genesis, 1, CONFIG);
    Intent intent = Intent.of(Bytes.fromHex("ad"));
    FakeCommit broken = FakeCommit.update(genesis, 1).asInvalid();
    List<Effect> effects = author.apply(broken.created(intent, Bytes.EMPTY));
    assertThat(effects)
        .contains(new Effect.RebuildCommit(broken.id(), intent, epochOf(genesis), 1));
  }

  @Test
  void deliveredIdsAreBounded() {
    DeliveredIds ids = new DeliveredIds(2);
    AppMessageId a = AppMessageId.of(Bytes.fromHex("0a"));
    AppMessageId b = AppMessageId.of(Bytes.fromHex("0b"));
    AppMessageId c = AppMessageId.of(Bytes.fromHex("0c"));
    assertThat(ids.markDelivered(a)).isTrue();
    assertThat(ids.markDelivered(a)).isFalse();
    assertThat(ids.markDelivered(b)).isTrue();
    assertThat(ids.markDelivered(c)).isTrue();
    assertThat(ids.size()).isEqualTo(2);
    assertThat(ids.contains(a)).isFalse();
    assertThat(ids.contains(c)).isTrue();
  }
}
