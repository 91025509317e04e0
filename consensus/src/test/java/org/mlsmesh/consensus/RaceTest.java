package org.mlsmesh.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * Commit races delivered in every order (or many seeded orders) to several members: all converge on
 * the winner the tie-break predicts, end in the same final state, and erase everything else.
 */
class RaceTest {
  private static final ForkChoiceConfig CONFIG =
      ForkChoiceConfig.builder().settleWindowMillis(1_000).build();

  @Test
  void twoCommitsInBothOrders() {
    FakeState genesis = FakeState.genesis("two", 4, 0);
    List<FakeCommit> commits =
        List.of(FakeCommit.update(genesis, 1), FakeCommit.update(genesis, 2));
    FakeCommit winner = Oracle.winner(genesis, commits, Optional.empty());
    for (List<FakeCommit> order : permutations(commits)) {
      for (long observer : new long[] {0, 1, 2}) {
        Peer peer = race(genesis, observer, order, new Random(observer));
        assertConverged(peer, Oracle.child(genesis, winner));
      }
    }
  }

  @Test
  void fiveCommitsOfMixedClassesInEveryOrder() {
    FakeState genesis = FakeState.genesis("five", 8, 0);
    List<FakeCommit> commits =
        List.of(
            FakeCommit.update(genesis, 1),
            FakeCommit.update(genesis, 2).withAdds(1),
            FakeCommit.update(genesis, 3).withAdds(2),
            FakeCommit.update(genesis, 4),
            FakeCommit.update(genesis, 5).withNonce(9));
    FakeCommit winner = Oracle.winner(genesis, commits, Optional.empty());
    assertThat(winner.commitClass()).isEqualTo(CommitClass.ADDS_ONLY);
    List<List<FakeCommit>> orders = permutations(commits);
    assertThat(orders).hasSize(120);
    for (List<FakeCommit> order : orders) {
      for (long observer : new long[] {0, 3, 6}) {
        Peer peer = race(genesis, observer, order, new Random(order.hashCode()));
        assertConverged(peer, Oracle.child(genesis, winner));
      }
    }
  }

  @Test
  void aRemovalBeatsEveryRank() {
    FakeState genesis = FakeState.genesis("remove", 6, 0);
    List<FakeCommit> commits = new ArrayList<>();
    for (long m = 1; m < 6; m++) {
      commits.add(FakeCommit.update(genesis, m).withAdds(1));
    }
    // The worst-ranked member removes someone: it wins anyway.
    long worst = 1;
    for (long m = 1; m < 6; m++) {
      if (Oracle.rank(genesis, m, Optional.empty())
              .compareTo(Oracle.rank(genesis, worst, Optional.empty()))
          > 0) {
        worst = m;
      }
    }
    FakeCommit removal = FakeCommit.update(genesis, worst).withRemoves(worst == 1 ? 2L : 1L);
    commits.add(removal);
    for (long seed = 0; seed < 20; seed++) {
      List<FakeCommit> order = new ArrayList<>(commits);
      Collections.shuffle(order, new Random(seed));
      Peer peer = race(genesis, 0, order, new Random(seed));
      assertConverged(peer, Oracle.child(genesis, removal));
    }
  }

  /**
   * Every member commits, one Commit is invalid, some are delivered twice, and a second round of
   * Commits is built on random first-round Commits (most of them losers); 200 seeded orders.
   */
  @Test
  void allMembersCommitInManySeededOrdersWithChildrenDuplicatesAndInvalidCommits() {
    int members = 12;
    FakeState genesis = FakeState.genesis("all", members, 0);
    Random setup = new Random(7);
    List<FakeCommit> round1 = new ArrayList<>();
    for (long m = 0; m < members; m++) {
      round1.add(FakeCommit.update(genesis, m).withAdds(setup.nextInt(2)));
    }
    FakeCommit forged = FakeCommit.update(genesis, 0).withRemoves(1L, 2L).asInvalid();
    FakeCommit winner1 = Oracle.winner(genesis, round1, Optional.empty());
    FakeState epoch1 = Oracle.child(genesis, winner1);

    List<FakeCommit> round2 = new ArrayList<>();
    List<FakeCommit> onWinner = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      FakeCommit parentCommit = round1.get(setup.nextInt(round1.size()));
      FakeState parent = Oracle.child(genesis, parentCommit);
      FakeCommit child = FakeCommit.update(parent, setup.nextInt(members)).withNonce(i);
      round2.add(child);
      if (parentCommit.equals(winner1)) {
        onWinner.add(child);
      }
    }
    FakeCommit extra = FakeCommit.update(epoch1, 5).withNonce(99);
    round2.add(extra);
    onWinner.add(extra);
    FakeState expected =
        Oracle.child(
            epoch1,
            Oracle.winner(
                epoch1,
                onWinner,
                Optional.of(org.mlsmesh.protocol.tree.LeafIndex.of(winner1.committer()))));

    List<FakeCommit> all = new ArrayList<>(round1);
    all.addAll(round2);
    all.add(forged);
    all.add(round1.get(3));
    all.add(round2.get(0));
    long rollbacks = 0;
    long losingBranch = 0;
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      List<FakeCommit> order = new ArrayList<>(all);
      Collections.shuffle(order, random);
      long observer = random.nextInt(members);
      Peer peer = race(genesis, observer, order, random);
      assertConverged(peer, expected);
      assertThat(peer.effectsOf(Effect.CommitRejected.class))
          .extracting(Effect.CommitRejected::commit)
          .containsExactly(forged.id());
      rollbacks += peer.fc.stats().rollbacks();
      losingBranch +=
          peer.effectsOf(Effect.CommitDropped.class).stream()
              .filter(d -> d.reason() == Effect.DropReason.ON_LOSING_BRANCH)
              .count();
    }
    // The seeds exercise what they claim to: rollbacks and Commits built on losers.
    assertThat(rollbacks).isGreaterThan(200);
    assertThat(losingBranch).isGreaterThan(200);
  }

  /**
   * Delivers {@code order} to {@code observer}; its own Commits first come in as {@link
   * Input.LocalCommitCreated}. Deliveries are spread over less than the settle window; then the
   * clock runs past two windows.
   */
  static Peer race(FakeState genesis, long observer, List<FakeCommit> order, Random random) {
    Peer peer = new Peer(genesis, observer, CONFIG);
    for (FakeCommit c : order) {
      peer.now += random.nextInt(20);
      if (c.committer() == observer) {
        peer.apply(c.created(Intent.of(Bytes.fromHex("01")), Bytes.fromHex("0e")));
      } else {
        peer.receive(c);
      }
    }
    peer.advance(CONFIG.settleWindowMillis());
    peer.advance(CONFIG.settleWindowMillis());
    peer.advance(CONFIG.settleWindowMillis());
    return peer;
  }

  static void assertConverged(Peer peer, FakeState expected) {
    assertThat(peer.head().value()).as("head").isEqualTo(expected.epochId);
    assertThat(peer.fc.head().members).isEqualTo(expected.members);
    assertThat(peer.fc.isFinal(peer.head())).isTrue();
    // Everything but the final head is erased, each state once.
    assertThat(peer.adapter.alive()).containsExactly(peer.fc.head());
    assertThat(peer.adapter.exporters).allMatch(s -> s.isDestroyed());
    // Our own losing Commits are handed back; Welcomes only for a final own Commit.
    List<CommitId> finals = new ArrayList<>();
    for (Effect.EpochFinal f : peer.effectsOf(Effect.EpochFinal.class)) {
      finals.add(f.commit());
    }
    for (Effect.ReleaseWelcome w : peer.effectsOf(Effect.ReleaseWelcome.class)) {
      assertThat(finals).contains(w.commit());
    }
    for (Effect.RebuildCommit r : peer.effectsOf(Effect.RebuildCommit.class)) {
      assertThat(finals).doesNotContain(r.lost());
    }
  }

  static <T> List<List<T>> permutations(List<T> items) {
    List<List<T>> out = new ArrayList<>();
    permute(new ArrayList<>(items), 0, out);
    return out;
  }

  private static <T> void permute(List<T> items, int k, List<List<T>> out) {
    if (k == items.size()) {
      out.add(List.copyOf(items));
      return;
    }
    for (int i = k; i < items.size(); i++) {
      Collections.swap(items, k, i);
      permute(items, k + 1, out);
      Collections.swap(items, k, i);
    }
  }
}
