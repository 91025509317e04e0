package org.mlsmesh.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The judge of the demo on hand-made event logs: each invariant can fail, and says why. */
class DemoSummaryTest {
  private static final String A = "aaaa";
  private static final String B = "bbbb";
  private static final String C = "cccc";
  private static final String FINAL = "ffff";

  private long clock;

  private DemoEvent event(String phase, String node, String kind, String... keyValues) {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      data.put(keyValues[i], keyValues[i + 1]);
    }
    return DemoEvent.of(clock++, phase, node, kind, data);
  }

  private DemoEvent action(String phase, String node, String what, String... keyValues) {
    String[] all = new String[keyValues.length + 2];
    all[0] = "what";
    all[1] = what;
    System.arraycopy(keyValues, 0, all, 2, keyValues.length);
    return event(phase, node, DemoEvent.Kinds.ACTION, all);
  }

  /**
   * A run as the demo records a good one: alice's Add of dave races bob's Remove of erin on epoch
   * 3; alice and carol had applied alice's first and roll back; alice re-applies in epoch 5; two
   * messages before the race, one per side during the partition.
   */
  private List<DemoEvent> goodRun() {
    return run(false);
  }

  /** The good run; with {@code leak}, carol gets alice's partition message before the heal. */
  private List<DemoEvent> run(boolean leak) {
    List<DemoEvent> e = new ArrayList<>();
    e.add(event("chat", "alice", DemoEvent.Kinds.SENT, "id", "m1", "recipients", "bob,carol,erin"));
    for (String n : List.of("bob", "carol", "erin")) {
      e.add(event("chat", n, DemoEvent.Kinds.MESSAGE, "from", "alice", "id", "m1"));
    }
    e.add(
        action(
            "race",
            "",
            "race",
            "parent-epoch",
            "3",
            "parent-creator",
            "alice",
            "racers",
            "alice>add>dave,bob>remove>erin"));
    e.add(event("race", "alice", DemoEvent.Kinds.JOINED, "member", "dave"));
    e.add(event("race", "alice", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", A));
    e.add(event("race", "bob", DemoEvent.Kinds.LEFT, "member", "erin"));
    e.add(event("race", "bob", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", B));
    e.add(event("race", "carol", DemoEvent.Kinds.JOINED, "member", "dave"));
    e.add(event("race", "carol", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", A));
    e.add(fork("alice", B));
    e.add(fork("carol", B));
    e.add(event("race", "carol", DemoEvent.Kinds.LEFT, "member", "erin"));
    e.add(event("race", "carol", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", B));
    e.add(event("race", "alice", DemoEvent.Kinds.LEFT, "member", "erin"));
    e.add(event("race", "alice", DemoEvent.Kinds.EPOCH, "epoch", "5", "authenticator", C));
    for (String n : List.of("bob", "carol")) {
      e.add(event("race", n, DemoEvent.Kinds.JOINED, "member", "dave"));
      e.add(event("race", n, DemoEvent.Kinds.EPOCH, "epoch", "5", "authenticator", C));
    }
    e.add(action("partition", "", "partition", "sides", "alice,bob|carol,dave,erin"));
    e.add(
        event(
            "partition",
            "alice",
            DemoEvent.Kinds.SENT,
            "id",
            "p1",
            "recipients",
            "bob,carol,dave,erin"));
    e.add(event("partition", "bob", DemoEvent.Kinds.MESSAGE, "from", "alice", "id", "p1"));
    if (leak) {
      e.add(event("partition", "carol", DemoEvent.Kinds.MESSAGE, "from", "alice", "id", "p1"));
    }
    e.add(action("heal", "", "heal"));
    for (String n : leak ? List.of("dave", "erin") : List.of("carol", "dave", "erin")) {
      e.add(event("heal", n, DemoEvent.Kinds.MESSAGE, "from", "alice", "id", "p1"));
    }
    for (String n : DemoNodes.NAMES) {
      e.add(
          event(
              "final",
              n,
              DemoEvent.Kinds.FINAL_STATUS,
              "member",
              "true",
              "epoch",
              "6",
              "authenticator",
              FINAL,
              "members",
              "alice,bob,carol,dave,erin"));
    }
    return e;
  }

  private static DemoSummary.Invariant invariant(DemoSummary s, String name) {
    return s.invariants().stream()
        .filter(i -> i.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no invariant " + name + " in " + s.invariants()));
  }

  private static List<DemoEvent> without(List<DemoEvent> events, Predicate<DemoEvent> drop) {
    return events.stream().filter(drop.negate()).toList();
  }

  @Test
  void aGoodRunHoldsEveryInvariantAndNamesTheWinnerByClass() {
    DemoSummary s = DemoSummary.of(goodRun());

    assertThat(s.invariants()).allMatch(DemoSummary.Invariant::holds);
    assertThat(s.ok()).isTrue();
    DemoSummary.Race race = s.race();
    assertThat(race.forked()).isTrue();
    assertThat(race.versionsOfNextEpoch()).isEqualTo(2);
    assertThat(race.rollbacks())
        .extracting(DemoSummary.Rollback::node)
        .containsExactly("alice", "carol");
    assertThat(race.winner()).isEqualTo("bob");
    assertThat(race.losers()).hasSize(1);
    DemoSummary.Loser alice = race.losers().get(0);
    assertThat(alice.commit()).isEqualTo("alice adds dave");
    assertThat(alice.lostBy()).isEqualTo("class");
    assertThat(alice.reason()).contains("Remove outranks an Add");
    assertThat(alice.tookEffectInEpoch()).isEqualTo(5);
    assertThat(alice.sameChangeAsWinner()).isFalse();
    assertThat(s.delivery().expected()).isEqualTo(7);
    assertThat(s.delivery().delivered()).isEqualTo(7);
    assertThat(s.partition().sent()).isEqualTo(1);
    assertThat(s.agreement().epoch()).isEqualTo(6);
    assertThat(DemoNarrator.summary(s))
        .anyMatch(l -> l.equals("  winner: bob (bob removes erin), kept by every node."))
        .anyMatch(l -> l.startsWith("  alice adds dave: lost by class — a Remove outranks an Add"))
        .anyMatch(l -> l.endsWith("re-applied on the winner's epoch: took effect in epoch 5."))
        .anyMatch(
            l -> l.contains("2 rollback(s): alice (1 Commit dropped), carol (1 Commit dropped)"))
        .anyMatch(l -> l.equals("PASS: 8 of 8 invariants hold."));
  }

  @Test
  void aDuplicateOrAMissingDeliveryBreaksExactlyOnce() {
    List<DemoEvent> twice = new ArrayList<>(goodRun());
    twice.add(event("final", "bob", DemoEvent.Kinds.MESSAGE, "from", "alice", "id", "m1"));
    DemoSummary dup = DemoSummary.of(twice);
    assertThat(invariant(dup, "exactly once").holds()).isFalse();
    assertThat(dup.delivery().duplicates()).isEqualTo(1);
    assertThat(dup.ok()).isFalse();

    DemoSummary missing =
        DemoSummary.of(
            without(
                goodRun(),
                e -> e.kind().equals(DemoEvent.Kinds.MESSAGE) && e.node().equals("erin")));
    assertThat(invariant(missing, "exactly once").holds()).isFalse();
    assertThat(missing.delivery().missing()).isEqualTo(2);
    assertThat(DemoSummary.missingDeliveries(goodRun())).isZero();

    List<DemoEvent> toSender = new ArrayList<>(goodRun());
    toSender.add(event("final", "alice", DemoEvent.Kinds.MESSAGE, "from", "alice", "id", "m1"));
    assertThat(DemoSummary.of(toSender).delivery().unexpected()).isEqualTo(1);
  }

  @Test
  void nodesThatEndInDifferentEpochsDoNotAgree() {
    List<DemoEvent> events = new ArrayList<>(goodRun());
    events.removeIf(e -> e.kind().equals(DemoEvent.Kinds.FINAL_STATUS) && e.node().equals("erin"));
    events.add(
        event(
            "final",
            "erin",
            DemoEvent.Kinds.FINAL_STATUS,
            "member",
            "true",
            "epoch",
            "4",
            "authenticator",
            A,
            "members",
            "alice,bob,carol,erin"));
    DemoSummary s = DemoSummary.of(events);
    assertThat(invariant(s, "all five agree").holds()).isFalse();
    assertThat(DemoNarrator.summary(s)).anyMatch(l -> l.contains("do NOT agree"));
  }

  @Test
  void anAddThatBeatsARemoveBreaksTheRule() {
    // Everyone keeps alice's version A of epoch 4: the Add won, which the classes forbid.
    List<DemoEvent> events = new ArrayList<>();
    events.add(
        action(
            "race",
            "",
            "race",
            "parent-epoch",
            "3",
            "parent-creator",
            "alice",
            "racers",
            "alice>add>dave,bob>remove>erin"));
    events.add(event("race", "alice", DemoEvent.Kinds.JOINED, "member", "dave"));
    events.add(event("race", "alice", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", A));
    events.add(event("race", "bob", DemoEvent.Kinds.LEFT, "member", "erin"));
    events.add(event("race", "bob", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", B));
    events.add(fork("bob", A));
    events.add(event("race", "bob", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", A));
    for (String n : List.of("alice", "bob")) {
      events.add(event("race", n, DemoEvent.Kinds.LEFT, "member", "erin"));
      events.add(event("race", n, DemoEvent.Kinds.EPOCH, "epoch", "5", "authenticator", C));
    }
    DemoSummary s = DemoSummary.of(events);
    assertThat(s.race().winner()).isEqualTo("alice");
    assertThat(invariant(s, "race winner follows the fork-choice rule").holds()).isFalse();
    assertThat(s.race().losers().get(0).lostBy()).isEqualTo("wrong");
    assertThat(s.race().losers().get(0).tookEffectInEpoch()).isEqualTo(5);
  }

  @Test
  void aRemovedMemberThatSawTheLosersVersionThenRejoinedDoesNotHideTheWinner() {
    // erin applied alice's Add (the loser) before bob's Remove of erin won; carol re-invites her.
    List<DemoEvent> e = new ArrayList<>(goodRun());
    int raceStart = 0;
    while (!e.get(raceStart).kind().equals(DemoEvent.Kinds.ACTION)
        || !e.get(raceStart).get("what").equals("race")) {
      raceStart++;
    }
    e.add(
        raceStart + 1,
        event("race", "erin", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", A));
    e.add(raceStart + 2, event("race", "erin", DemoEvent.Kinds.LEFT, "member", "erin"));
    e.add(event("final", "erin", DemoEvent.Kinds.JOINED, "member", "erin"));
    e.add(event("final", "erin", DemoEvent.Kinds.EPOCH, "epoch", "6", "authenticator", "ee"));
    DemoSummary s = DemoSummary.of(e);
    assertThat(s.race().winner()).isEqualTo("bob");
    assertThat(invariant(s, "the race has one winner").holds()).isTrue();
  }

  @Test
  void aNodeThatWentPastTheEpochOnAVersionThatLostLaterKeepsTheWinners() {
    // alice first switched to a third version of epoch 4, built epoch 5 on it, then rolled back
    // to bob's.
    List<DemoEvent> e = new ArrayList<>(goodRun());
    int aliceFork = 0;
    while (!e.get(aliceFork).kind().equals(DemoEvent.Kinds.FORK_RESOLVED)
        || !e.get(aliceFork).node().equals("alice")) {
      aliceFork++;
    }
    e.add(aliceFork, fork("alice", "dd"));
    e.add(
        aliceFork + 1,
        event("race", "alice", DemoEvent.Kinds.EPOCH, "epoch", "5", "authenticator", "d5"));
    DemoSummary s = DemoSummary.of(e);
    assertThat(s.race().winner()).isEqualTo("bob");
    assertThat(invariant(s, "the race has one winner").holds()).isTrue();
  }

  @Test
  void aRaceWithoutOverlapIsToldAsNoFork() {
    // bob's Remove reached alice before she committed: her Add was built on epoch 4.
    List<DemoEvent> events = new ArrayList<>();
    events.add(
        action(
            "race",
            "",
            "race",
            "parent-epoch",
            "3",
            "parent-creator",
            "alice",
            "racers",
            "alice>add>dave,bob>remove>erin"));
    for (String n : List.of("alice", "bob", "carol")) {
      events.add(event("race", n, DemoEvent.Kinds.LEFT, "member", "erin"));
      events.add(event("race", n, DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", B));
    }
    for (String n : List.of("alice", "bob", "carol")) {
      events.add(event("race", n, DemoEvent.Kinds.JOINED, "member", "dave"));
      events.add(event("race", n, DemoEvent.Kinds.EPOCH, "epoch", "5", "authenticator", C));
    }
    DemoSummary s = DemoSummary.of(events);
    assertThat(s.race().forked()).isFalse();
    assertThat(s.race().rollbacks()).isEmpty();
    assertThat(s.race().winner()).isEqualTo("bob");
    assertThat(DemoNarrator.summary(s)).anyMatch(l -> l.startsWith("  no fork:"));
  }

  @Test
  void aMessageAcrossTheCutBeforeTheHealMeansThePartitionDidNotHold() {
    DemoSummary whole = DemoSummary.of(goodRun());
    assertThat(whole.partition().crossedBeforeHeal()).isZero();
    List<DemoEvent> events = run(true);
    DemoSummary s = DemoSummary.of(events);
    assertThat(s.partition().crossedBeforeHeal()).isEqualTo(1);
    assertThat(invariant(s, "the partition held until the heal").holds()).isFalse();
  }

  @Test
  void aTimedOutStepFailsTheRun() {
    List<DemoEvent> events = new ArrayList<>(goodRun());
    events.add(action("final", "", "timeout", "waiting-for", "something"));
    DemoSummary s = DemoSummary.of(events);
    assertThat(invariant(s, "every step completed").holds()).isFalse();
    assertThat(invariant(s, "every step completed").detail()).contains("something");
  }

  /** alice adds dave while bob and carol both remove erin; carol's version is rolled back. */
  private List<DemoEvent> threeWayRace(boolean carolSawBobsFirst, String creator) {
    List<DemoEvent> e = new ArrayList<>();
    e.add(
        action(
            "race",
            "",
            "race",
            "parent-epoch",
            "3",
            "parent-creator",
            creator,
            "racers",
            "alice>add>dave,bob>remove>erin,carol>remove>erin"));
    e.add(event("race", "alice", DemoEvent.Kinds.JOINED, "member", "dave"));
    e.add(event("race", "alice", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", A));
    e.add(event("race", "bob", DemoEvent.Kinds.LEFT, "member", "erin"));
    e.add(event("race", "bob", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", B));
    e.add(event("race", "carol", DemoEvent.Kinds.LEFT, "member", "erin"));
    e.add(
        event(
            "race",
            "carol",
            DemoEvent.Kinds.EPOCH,
            "epoch",
            "4",
            "authenticator",
            carolSawBobsFirst ? B : C));
    if (!carolSawBobsFirst) {
      e.add(fork("carol", B));
      e.add(event("race", "carol", DemoEvent.Kinds.EPOCH, "epoch", "4", "authenticator", B));
    }
    e.add(fork("alice", B));
    e.add(event("race", "alice", DemoEvent.Kinds.LEFT, "member", "erin"));
    e.add(event("race", "alice", DemoEvent.Kinds.EPOCH, "epoch", "5", "authenticator", FINAL));
    for (String n : List.of("bob", "carol")) {
      e.add(event("race", n, DemoEvent.Kinds.JOINED, "member", "dave"));
      e.add(event("race", n, DemoEvent.Kinds.EPOCH, "epoch", "5", "authenticator", FINAL));
    }
    e.add(action("race", "alice", "race-commit-done", "racer", "alice>add>dave", "ok", "true"));
    e.add(action("race", "bob", "race-commit-done", "racer", "bob>remove>erin", "ok", "true"));
    e.add(
        action(
            "race",
            "carol",
            "race-commit-done",
            "racer",
            "carol>remove>erin",
            "ok",
            carolSawBobsFirst ? "false" : "true",
            "failure",
            carolSawBobsFirst ? "not a member" : ""));
    return e;
  }

  @Test
  void betweenTwoRemovesTheRankDecidesAndTheSameChangeNeedsNoReapplying() {
    DemoSummary s = DemoSummary.of(threeWayRace(false, "alice"));
    DemoSummary.Race race = s.race();
    assertThat(race.versionsOfNextEpoch()).isEqualTo(3);
    assertThat(race.winner()).isEqualTo("bob");
    assertThat(race.notRacing()).isEmpty();
    assertThat(race.losers())
        .extracting(DemoSummary.Loser::committer, DemoSummary.Loser::lostBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", "class"),
            org.assertj.core.groups.Tuple.tuple("carol", "rank"));
    DemoSummary.Loser carol = race.losers().get(1);
    assertThat(carol.sameChangeAsWinner()).isTrue();
    assertThat(carol.tookEffectInEpoch()).isEqualTo(4);
    assertThat(invariant(s, "race winner follows the fork-choice rule").holds()).isTrue();
    assertThat(invariant(s, "every loser's change took effect").holds()).isTrue();
    assertThat(DemoNarrator.summary(s))
        .anyMatch(l -> l.startsWith("  carol removes erin: lost by rank — one class, so the rank"))
        .anyMatch(l -> l.contains("the winner's Commit made the same change"));
  }

  @Test
  void aRacerThatSawAnotherCommitFirstWasNotInTheRace() {
    DemoSummary s = DemoSummary.of(threeWayRace(true, "alice"));
    assertThat(s.race().notRacing()).containsExactly("carol removes erin");
    assertThat(s.race().winner()).isEqualTo("bob");
    assertThat(s.race().losers()).extracting(DemoSummary.Loser::committer).containsExactly("alice");
    assertThat(DemoNarrator.summary(s)).anyMatch(l -> l.contains("not in the race after all"));
  }

  @Test
  void theCreatorOfTheParentEpochWinningByRankBreaksTheRule() {
    DemoSummary s = DemoSummary.of(threeWayRace(false, "bob"));
    assertThat(s.race().losers().get(1).lostBy()).isEqualTo("wrong");
    assertThat(invariant(s, "race winner follows the fork-choice rule").holds()).isFalse();
  }

  /** {@code node} rolled back one Commit and kept {@code winner}'s version of epoch 4. */
  private DemoEvent fork(String node, String winner) {
    return event(
        "race",
        node,
        DemoEvent.Kinds.FORK_RESOLVED,
        "epoch",
        "4",
        "authenticator",
        winner,
        "dropped",
        "1");
  }
}
