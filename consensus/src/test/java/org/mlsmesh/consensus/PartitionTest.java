package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * Partitions longer than the settle window: both sides finalize their own branch; beacons show the
 * split, every member decides the survivor by the tie-break on the first differing Commits, and the
 * losing side rejoins, then re-sends its outbox and hands back its intents.
 */
class PartitionTest {
  private static final long WINDOW = 1_000;
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder().settleWindowMillis(WINDOW).build();
  private static final FakeState GENESIS = FakeState.genesis("partition", 6, 0);

  /** One side of a partition: its members and the Commits they finalized. */
  private static final class Side {
    final List<Peer> peers = new ArrayList<>();
    final List<FakeCommit> commits = new ArrayList<>();
    FakeState head = GENESIS;

    Side(ForkChoiceConfig config, long... members) {
      for (long m : members) {
        peers.add(new Peer(GENESIS, m, config));
      }
    }

    /**
     * {@code committer} commits on the side's head; everyone on the side applies and settles it.
     */
    FakeCommit commit(long committer, Intent intent) {
      FakeCommit c = FakeCommit.update(head, committer);
      for (Peer p : peers) {
        if (p.leaf == committer) {
          p.apply(c.created(intent, Bytes.EMPTY));
        } else {
          p.receive(c);
        }
        p.advance(WINDOW);
      }
      commits.add(c);
      head = Oracle.child(head, c);
      return c;
    }

    Peer peer(long leaf) {
      return peers.stream().filter(p -> p.leaf == leaf).findFirst().orElseThrow();
    }
  }

  private static final Intent INTENT = Intent.of(Bytes.fromHex("0100"));

  /** {@code a} and {@code b}, the committer whose Commit on genesis wins first. */
  private static long[] survivorFirst(long a, long b) {
    return firstSurvives(a, b) ? new long[] {a, b} : new long[] {b, a};
  }

  private static boolean firstSurvives(long committerA, long committerB) {
    return TieBreak.beats(
        Oracle.record(GENESIS, FakeCommit.update(GENESIS, committerA), Optional.empty()),
        Oracle.record(GENESIS, FakeCommit.update(GENESIS, committerB), Optional.empty()));
  }

  @Test
  void everyMemberDecidesTheSameSurvivorAndOnlyTheLosersRejoin() {
    Side x = new Side(CONFIG, 0, 1, 2);
    Side y = new Side(CONFIG, 3, 4, 5);
    x.commit(1, INTENT);
    x.commit(2, INTENT);
    x.commit(0, INTENT);
    y.commit(4, INTENT);
    y.commit(5, INTENT);
    boolean xSurvives = firstSurvives(1, 4);
    Side survivor = xSurvives ? x : y;
    Side loser = xSurvives ? y : x;
    for (Peer p : x.peers) {
      assertThat(p.fc.isFinal(EpochId.of(x.head.epochId))).isTrue();
    }

    for (Peer a : x.peers) {
      for (Peer b : y.peers) {
        a.apply(new Input.BeaconReceived(b.fc.beacon()));
        b.apply(new Input.BeaconReceived(a.fc.beacon()));
      }
    }

    for (Peer p : survivor.peers) {
      // Decided once; each member of the losing side is shown as such (it is told: see the
      // group engine), so that one that missed the others' news still learns it lost.
      assertThat(p.effectsOf(Effect.PartitionDetected.class))
          .hasSize(loser.peers.size())
          .allMatch(Effect.PartitionDetected::weSurvive)
          .extracting(d -> d.from().value())
          .containsExactlyInAnyOrderElementsOf(loser.peers.stream().map(l -> l.leaf).toList());
      assertThat(p.effectsOf(Effect.RejoinByExternalCommit.class)).isEmpty();
      assertThat(p.fc.rejoinPending()).isFalse();
    }
    for (Peer p : loser.peers) {
      assertThat(p.effectsOf(Effect.PartitionDetected.class))
          .hasSize(1)
          .noneMatch(Effect.PartitionDetected::weSurvive);
      List<Effect.RejoinByExternalCommit> rejoins =
          p.effectsOf(Effect.RejoinByExternalCommit.class);
      assertThat(rejoins).hasSize(1);
      Effect.RejoinByExternalCommit rejoin = rejoins.get(0);
      assertThat(rejoin.survivingEpoch()).isEqualTo(EpochId.of(survivor.head.epochId));
      assertThat(rejoin.survivingEpochNumber()).isEqualTo(survivor.head.epoch);
      assertThat(rejoin.ours().commit()).isEqualTo(loser.commits.get(0).id());
      assertThat(rejoin.theirs().commit()).isEqualTo(survivor.commits.get(0).id());
      assertThat(p.fc.rejoinPending()).isTrue();
    }
  }

  @Test
  void theLosingSideRejoinsThenResendsItsOutboxAndHandsBackItsIntents() {
    long[] ranked = survivorFirst(1, 4);
    long a = ranked[0];
    long b = ranked[1];
    // Side "win" commits with leaf a first, side "lose" with leaf b.
    Side win = new Side(CONFIG, a, 0);
    Side lose = new Side(CONFIG, b, 2);
    Peer l = lose.peer(b);

    AppMessageId beforeFork = AppMessageId.of(Bytes.fromHex("b0"));
    l.apply(
        new Input.ApplicationSent(beforeFork, Bytes.fromHex("00"), EpochId.of(GENESIS.epochId)));
    win.commit(a, INTENT);
    win.commit(0, INTENT);
    Intent addCarol = Intent.of(Bytes.fromHex("ca"));
    FakeCommit ourLost = lose.commit(b, addCarol);
    AppMessageId m1 = AppMessageId.of(Bytes.fromHex("01"));
    l.apply(new Input.ApplicationSent(m1, Bytes.fromHex("11"), l.head()));
    lose.commit(2, INTENT);
    AppMessageId m2 = AppMessageId.of(Bytes.fromHex("02"));
    l.apply(new Input.ApplicationSent(m2, Bytes.fromHex("22"), l.head()));
    Intent removeDave = Intent.of(Bytes.fromHex("de"));
    l.apply(new Input.ProposalSent(ProposalRef.of(Bytes.fromHex("9f")), removeDave, l.head(), 0));
    assertThat(l.effectsOf(Effect.ResendApplication.class)).isEmpty();

    List<Effect> decided = l.apply(new Input.BeaconReceived(win.peer(a).fc.beacon()));
    Effect.RejoinByExternalCommit rejoin =
        Peer.of(decided, Effect.RejoinByExternalCommit.class).get(0);
    assertThat(rejoin.intents()).containsExactly(addCarol, removeDave);
    assertThat(rejoin.outbox()).containsExactly(m1, m2);
    assertThat(rejoin.contact()).isEqualTo(LeafIndex.of(a));

    // The node joins the survivor by external Commit; its new epoch is final.
    FakeState joined = win.head.as(b);
    l.adapter.track(joined);
    Step<FakeState> step = l.fc.onRejoined(joined, Optional.of(LeafIndex.of(b)), l.now);
    l.fc = step.next();
    EpochId newHead = EpochId.of(joined.epochId);
    assertThat(step.effects())
        .containsSubsequence(
            new Effect.EraseSnapshot(EpochId.of(lose.head.epochId)),
            new Effect.PersistSnapshot(newHead),
            new Effect.RebuildCommit(ourLost.id(), addCarol, newHead, 1),
            new Effect.ResendApplication(m1, Bytes.fromHex("11"), newHead, 1),
            new Effect.ResendApplication(m2, Bytes.fromHex("22"), newHead, 1),
            new Effect.ResendProposal(removeDave, newHead, 1));
    assertThat(Peer.of(step.effects(), Effect.ResendApplication.class))
        .extracting(Effect.ResendApplication::id)
        .doesNotContain(beforeFork);
    assertThat(l.fc.headEpoch()).isEqualTo(newHead);
    assertThat(l.fc.rejoinPending()).isFalse();
    assertThat(l.adapter.alive()).containsExactly(joined);

    // Commits of the surviving branch now apply normally.
    FakeCommit next = FakeCommit.update(win.head, 0);
    l.receive(next);
    assertThat(l.fc.headEpoch()).isEqualTo(EpochId.of(Oracle.child(win.head, next).epochId));
  }

  /** Random schedule seed 24: the contact's records ran past the epoch rejoined. */
  @Test
  void recordsAfterTheEpochRejoinedAreNotTakenAsFinal() {
    long[] ranked = survivorFirst(1, 4);
    Side win = new Side(CONFIG, ranked[0], 0);
    Side lose = new Side(CONFIG, ranked[1], 2);
    Peer l = lose.peer(ranked[1]);
    win.commit(ranked[0], INTENT);
    FakeState rejoinedAt = win.head;
    FakeCommit next = win.commit(0, INTENT);
    FakeCommit afterNext = win.commit(ranked[0], INTENT);
    lose.commit(ranked[1], INTENT);
    l.apply(new Input.BeaconReceived(win.peer(ranked[0]).fc.beacon()));
    assertThat(l.fc.rejoinPending()).isTrue();

    // Joined at the epoch after the first Commit; the contact's records already list two more.
    FakeState joined = rejoinedAt.as(ranked[1]);
    l.adapter.track(joined);
    List<CommitRecord> contactRecords = win.peer(ranked[0]).fc.recordsSince(0).recent();
    assertThat(contactRecords).hasSize(3);
    l.fc =
        l.fc.onRejoined(joined, Optional.of(LeafIndex.of(ranked[1])), contactRecords, l.now).next();

    assertThat(Peer.of(l.receive(next), Effect.CommitApplied.class)).hasSize(1);
    assertThat(Peer.of(l.receive(afterNext), Effect.CommitApplied.class)).hasSize(1);
    assertThat(l.fc.headEpoch()).isEqualTo(EpochId.of(win.head.epochId));
  }

  /**
   * Random schedule seed 25: a member rejoined a branch that had split again and lost; the winner's
   * Commit on the fork epoch had reached it before the rejoin and sat in its buffer.
   */
  @Test
  void aBufferedCommitOfABetterBranchIsStillDecidedAfterARejoin() {
    long[] ranked = survivorFirst(1, 0);
    long shared = ranked[0];
    long lost = ranked[1];
    Peer l = new Peer(GENESIS, lost, CONFIG);
    Peer b = new Peer(GENESIS, 2, CONFIG);
    Peer c = new Peer(GENESIS, 3, CONFIG);
    l.apply(FakeCommit.update(GENESIS, lost).created(INTENT, Bytes.EMPTY));
    l.advance(WINDOW);
    FakeCommit first = FakeCommit.update(GENESIS, shared);
    FakeState fork = Oracle.child(GENESIS, first);
    for (Peer p : List.of(b, c)) {
      p.receive(first);
      p.advance(WINDOW);
    }
    // The fork epoch's creator ranks last: it is on neither side.
    FakeCommit onB = FakeCommit.update(fork, 4);
    FakeCommit onC = FakeCommit.update(fork, 5);
    b.receive(onB);
    c.receive(onC);
    b.advance(WINDOW);
    c.advance(WINDOW);
    List<CommitRecord> bRecords = b.fc.recordsSince(0).recent();
    List<CommitRecord> cRecords = c.fc.recordsSince(0).recent();
    if (!TieBreak.beats(cRecords.get(1), bRecords.get(1))) {
      Peer t = b;
      b = c;
      c = t;
      List<CommitRecord> r = bRecords;
      bRecords = cRecords;
      cRecords = r;
    }
    FakeCommit onWinner = cRecords.get(1).commit().equals(onC.id()) ? onC : onB;
    FakeCommit onLoser = onWinner == onC ? onB : onC;

    l.receive(onWinner); // its parent is unknown here: buffered
    l.apply(new Input.BeaconReceived(b.fc.beacon()));
    assertThat(l.fc.rejoinPending()).isTrue();
    FakeState joined = Oracle.child(fork, onLoser).as(lost);
    l.adapter.track(joined);
    l.fc = l.fc.onRejoined(joined, Optional.of(LeafIndex.of(lost)), bRecords, l.now).next();
    assertThat(l.fc.rejoinPending()).isFalse();

    List<Effect> decided = l.apply(new Input.BeaconReceived(c.fc.beacon()));
    assertThat(Peer.of(decided, Effect.RejoinByExternalCommit.class))
        .singleElement()
        .satisfies(r -> assertThat(r.theirs().commit()).isEqualTo(onWinner.id()));
  }

  @Test
  void threeSidesAgreeOnOneSurvivor() {
    long[] committers = {1, 3, 5};
    List<Side> sides = new ArrayList<>();
    List<CommitRecord> firsts = new ArrayList<>();
    for (long c : committers) {
      Side s = new Side(CONFIG, c, c - 1);
      firsts.add(Oracle.record(GENESIS, s.commit(c, INTENT), Optional.empty()));
      s.commit(c - 1, INTENT);
      sides.add(s);
    }
    CommitId winner = TieBreak.winner(firsts).commit();
    for (Side s : sides) {
      for (Side t : sides) {
        if (s != t) {
          for (Peer p : s.peers) {
            p.apply(new Input.BeaconReceived(t.peers.get(0).fc.beacon()));
          }
        }
      }
    }
    for (Side s : sides) {
      boolean survivor = s.commits.get(0).id().equals(winner);
      for (Peer p : s.peers) {
        assertThat(p.fc.rejoinPending()).isEqualTo(!survivor);
        List<Effect.RejoinByExternalCommit> rejoins =
            p.effectsOf(Effect.RejoinByExternalCommit.class);
        if (survivor) {
          assertThat(rejoins).isEmpty();
        } else {
          // The worst side may first set out for the middle one: it turns to the best when it
          // hears of it, and rejoins that one.
          assertThat(rejoins).isNotEmpty().hasSizeLessThanOrEqualTo(2);
          assertThat(rejoins.get(rejoins.size() - 1).theirs().commit()).isEqualTo(winner);
        }
      }
    }
  }

  @Test
  void aLossFurtherBackTurnsTheRejoinToTheBranchThatWonThere() {
    // Random seed 969: we lost on epoch 1 to a branch that shared our epoch 1, then learnt that
    // our epoch 1 itself lost on genesis; the branch we were rejoining lost with it.
    List<Long> onGenesis = Oracle.byRank(GENESIS, List.of(1L, 2L, 3L, 4L, 5L), Optional.empty());
    FakeCommit best = FakeCommit.update(GENESIS, onGenesis.get(0));
    FakeCommit ourFirst = FakeCommit.update(GENESIS, onGenesis.get(1));
    FakeState epoch1 = Oracle.child(GENESIS, ourFirst);
    List<Long> onEpoch1 =
        Oracle.byRank(
            epoch1, List.of(1L, 2L, 3L, 4L, 5L), Optional.of(LeafIndex.of(onGenesis.get(1))));
    FakeCommit theirSecond = FakeCommit.update(epoch1, onEpoch1.get(0));
    FakeCommit ourSecond = FakeCommit.update(epoch1, onEpoch1.get(1));
    Peer we = new Peer(GENESIS, 0, CONFIG);
    Peer sharedOurFirst = new Peer(GENESIS, 0, CONFIG);
    Peer winner = new Peer(GENESIS, 0, CONFIG);
    for (FakeCommit c : List.of(ourFirst, ourSecond)) {
      we.receive(c);
      we.advance(WINDOW);
    }
    for (FakeCommit c : List.of(ourFirst, theirSecond)) {
      sharedOurFirst.receive(c);
      sharedOurFirst.advance(WINDOW);
    }
    winner.receive(best);
    winner.advance(WINDOW);

    we.apply(new Input.BeaconReceived(sharedOurFirst.fc.beacon()));
    assertThat(we.effectsOf(Effect.RejoinByExternalCommit.class))
        .singleElement()
        .satisfies(r -> assertThat(r.theirs().commit()).isEqualTo(theirSecond.id()));
    we.apply(new Input.BeaconReceived(winner.fc.beacon()));

    List<Effect.RejoinByExternalCommit> rejoins = we.effectsOf(Effect.RejoinByExternalCommit.class);
    assertThat(rejoins).hasSize(2);
    assertThat(rejoins.get(1).theirs().commit()).isEqualTo(best.id());
    assertThat(rejoins.get(1).ours().commit()).isEqualTo(ourFirst.id());
  }

  @Test
  void aBeaconAboutRetainedEpochsPullsTheMissingCommits() {
    Peer ahead = new Peer(GENESIS, 1, CONFIG);
    Peer behind = new Peer(GENESIS, 2, CONFIG);
    FakeCommit c1 = FakeCommit.update(GENESIS, 3);
    FakeCommit c2 = FakeCommit.update(Oracle.child(GENESIS, c1), 4);
    ahead.receive(c1);
    ahead.receive(c2);
    assertThat(behind.apply(new Input.BeaconReceived(ahead.fc.beacon())))
        .containsExactly(new Effect.RequestCommits(LeafIndex.of(1), List.of(c1.id(), c2.id())));
    behind.receive(c1);
    behind.receive(c2);
    assertThat(behind.apply(new Input.BeaconReceived(ahead.fc.beacon()))).isEmpty();
  }

  @Test
  void aBeaconThatDoesNotReachAKnownEpochAsksForOlderRecords() {
    ForkChoiceConfig short1 = CONFIG.toBuilder().beaconCommits(1).build();
    Side x = new Side(short1, 1);
    Side y = new Side(short1, 4);
    for (int i = 0; i < 3; i++) {
      x.commit(1, INTENT);
      y.commit(4, INTENT);
    }
    Peer p = x.peer(1);
    Peer q = y.peer(4);
    assertThat(p.apply(new Input.BeaconReceived(q.fc.beacon())))
        .containsExactly(
            new Effect.RequestCommits(LeafIndex.of(4), List.of(y.commits.get(2).id())),
            new Effect.RequestRecords(LeafIndex.of(4), 0));
    List<Effect> decided = p.apply(new Input.BeaconReceived(q.fc.recordsSince(0)));
    assertThat(Peer.of(decided, Effect.PartitionDetected.class)).hasSize(1);
  }

  @Test
  void aMemberBuildingOnACommitInvalidHereIsReported() {
    Peer peer = new Peer(GENESIS, 0, CONFIG);
    FakeCommit forged = FakeCommit.update(GENESIS, 2).asInvalid();
    peer.receive(forged);
    // Member 2 accepted it (a buggy or malicious validator): its beacon shows the Commit.
    CommitRecord theirs = Oracle.record(GENESIS, forged, Optional.empty());
    Beacon beacon =
        new Beacon(LeafIndex.of(2), 1, EpochId.of(forged.childEpochId()), List.of(theirs));
    assertThat(peer.apply(new Input.BeaconReceived(beacon)))
        .containsExactly(new Effect.FollowsInvalidCommit(LeafIndex.of(2), theirs));
  }
}
