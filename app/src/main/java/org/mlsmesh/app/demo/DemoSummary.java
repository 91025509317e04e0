package org.mlsmesh.app.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the demo's events show: the race (fork, rollbacks, winner and why), the partition, the
 * deliveries and the final agreement, and whether each invariant held. Computed from the recorded
 * events alone, so anyone holding {@code demo.json} can check it.
 */
public record DemoSummary(
    Race race,
    Partition partition,
    Delivery delivery,
    Agreement agreement,
    List<Invariant> invariants) {
  public DemoSummary {
    Objects.requireNonNull(agreement, "agreement");
    Objects.requireNonNull(delivery, "delivery");
    invariants = List.copyOf(invariants);
  }

  /** True when every invariant held. */
  public boolean ok() {
    return invariants.stream().allMatch(Invariant::holds);
  }

  /** One rollback a node's fork choice reported. */
  public record Rollback(String node, String phase, long epoch, int droppedCommits) {}

  /**
   * The commit race.
   *
   * @param parentEpoch the epoch the Commits were built on
   * @param racers the competing Commits, as "committer adds/removes member"
   * @param notRacing those of them that were not built on {@code parentEpoch} after all: the
   *     committer had seen another racer's Commit first, so its command failed or did nothing
   * @param versionsOfNextEpoch how many different epoch authenticators the nodes reported for epoch
   *     {@code parentEpoch + 1}: above one, competing branches really existed
   * @param forked whether the race produced a fork (two versions, or a rollback)
   * @param winner the committer whose Commit made the epoch every node kept, or "unknown"
   * @param losers the other racers, each with why it lost
   */
  public record Race(
      long parentEpoch,
      String parentCreator,
      List<String> racers,
      List<String> notRacing,
      int versionsOfNextEpoch,
      boolean forked,
      List<Rollback> rollbacks,
      String winner,
      String winnerCommit,
      List<Loser> losers) {
    public Race {
      racers = List.copyOf(racers);
      notRacing = List.copyOf(notRacing);
      rollbacks = List.copyOf(rollbacks);
      losers = List.copyOf(losers);
    }
  }

  /**
   * A racer that lost.
   *
   * @param lostBy "class" or "rank", the step of the fork-choice rule (RFC 9750 §5.2.2) that
   *     decided
   * @param reason the rule in words
   * @param tookEffectInEpoch the epoch in which its change took effect at the winner after all:
   *     {@code parentEpoch + 1} when the winner's Commit made the same change, later when the loser
   *     re-applied its intent on the winner's epoch, -1 when it never did
   * @param sameChangeAsWinner whether the winner's Commit made the same membership change
   */
  public record Loser(
      String committer,
      String commit,
      String lostBy,
      String reason,
      long tookEffectInEpoch,
      boolean sameChangeAsWinner) {}

  /**
   * The partition.
   *
   * @param sent messages sent while it lasted
   * @param crossedBeforeHeal of those, deliveries across the cut before the heal (0 if it held)
   * @param millis how long the sides were apart
   * @param deliveredAfterHealMillis from the heal to the last delivery of those messages
   */
  public record Partition(
      List<String> left,
      List<String> right,
      int sent,
      int crossedBeforeHeal,
      long millis,
      long deliveredAfterHealMillis) {
    public Partition {
      left = List.copyOf(left);
      right = List.copyOf(right);
    }
  }

  /** Deliveries of one member. */
  public record MemberDeliveries(String node, int expected, int delivered, int duplicates) {}

  /**
   * Application messages: every one sent to every member of its epoch but its sender, exactly once.
   */
  public record Delivery(
      int messages,
      int expected,
      int delivered,
      int duplicates,
      int missing,
      int unexpected,
      List<MemberDeliveries> perMember) {
    public Delivery {
      perMember = List.copyOf(perMember);
    }
  }

  /** The nodes' final status. */
  public record Agreement(
      List<String> nodes, long epoch, String authenticator, List<String> members, boolean agree) {
    public Agreement {
      nodes = List.copyOf(nodes);
      members = List.copyOf(members);
    }
  }

  /** One invariant and what was found. */
  public record Invariant(String name, boolean holds, String detail) {}

  /** Judges a demo's events. */
  public static DemoSummary of(List<DemoEvent> events) {
    Delivery delivery = delivery(events);
    Agreement agreement = agreement(events);
    Optional<Race> race = RaceJudge.race(events);
    Optional<Partition> partition = partition(events);
    List<Invariant> invariants = new ArrayList<>();
    List<DemoEvent> timeouts = actions(events, "timeout");
    invariants.add(
        new Invariant(
            "every step completed",
            timeouts.isEmpty(),
            timeouts.isEmpty()
                ? "no step timed out"
                : "timed out: " + timeouts.get(0).get("waiting-for")));
    invariants.add(
        new Invariant(
            "all five agree",
            agreement.agree() && agreement.nodes().size() == DemoNodes.NAMES.size(),
            agreement.nodes().size()
                + " nodes reported; "
                + (agreement.agree()
                    ? "one epoch, authenticator and member list"
                    : "they differ")));
    invariants.add(
        new Invariant(
            "five members",
            Set.copyOf(agreement.members()).equals(Set.copyOf(DemoNodes.NAMES)),
            "members " + agreement.members()));
    invariants.add(
        new Invariant(
            "exactly once",
            delivery.missing() == 0
                && delivery.duplicates() == 0
                && delivery.unexpected() == 0
                && delivery.expected() > 0,
            delivery.delivered()
                + " of "
                + delivery.expected()
                + " deliveries, "
                + delivery.duplicates()
                + " duplicates, "
                + delivery.missing()
                + " missing, "
                + delivery.unexpected()
                + " unexpected"));
    if (race.isPresent()) {
      invariants.addAll(RaceJudge.invariants(race.get()));
    } else {
      invariants.add(new Invariant("the race ran", false, "no race in the events"));
    }
    if (partition.isPresent()) {
      invariants.add(
          new Invariant(
              "the partition held until the heal",
              partition.get().crossedBeforeHeal() == 0 && partition.get().sent() > 0,
              partition.get().crossedBeforeHeal()
                  + " of the "
                  + partition.get().sent()
                  + " messages sent during it crossed the cut before the heal"));
    } else {
      invariants.add(new Invariant("the partition ran", false, "no partition in the events"));
    }
    return new DemoSummary(
        race.orElse(null), partition.orElse(null), delivery, agreement, invariants);
  }

  /** How many (recipient, message) deliveries are still missing. */
  static int missingDeliveries(List<DemoEvent> events) {
    return delivery(events).missing();
  }

  private static Delivery delivery(List<DemoEvent> events) {
    Map<String, Set<String>> recipients = new LinkedHashMap<>();
    for (DemoEvent e : events) {
      if (e.kind().equals(DemoEvent.Kinds.SENT)) {
        String list = e.get("recipients");
        recipients.put(
            e.get("id"),
            new LinkedHashSet<>(list.isEmpty() ? List.of() : List.of(list.split(","))));
      }
    }
    Map<String, Map<String, Integer>> counts = new HashMap<>(); // node -> id -> count
    int unexpected = 0;
    int delivered = 0;
    for (DemoEvent e : events) {
      if (!e.kind().equals(DemoEvent.Kinds.MESSAGE)) {
        continue;
      }
      delivered++;
      Set<String> to = recipients.get(e.get("id"));
      if (to == null || !to.contains(e.node())) {
        unexpected++;
        continue;
      }
      counts.computeIfAbsent(e.node(), n -> new HashMap<>()).merge(e.get("id"), 1, Integer::sum);
    }
    int expected = 0;
    int missing = 0;
    int duplicates = 0;
    List<MemberDeliveries> perMember = new ArrayList<>();
    for (String node : DemoNodes.NAMES) {
      int nodeExpected = 0;
      int nodeDelivered = 0;
      int nodeDuplicates = 0;
      Map<String, Integer> mine = counts.getOrDefault(node, Map.of());
      for (Map.Entry<String, Set<String>> m : recipients.entrySet()) {
        if (!m.getValue().contains(node)) {
          continue;
        }
        nodeExpected++;
        int n = mine.getOrDefault(m.getKey(), 0);
        if (n == 0) {
          missing++;
        } else {
          nodeDelivered++;
          nodeDuplicates += n - 1;
        }
      }
      expected += nodeExpected;
      duplicates += nodeDuplicates;
      perMember.add(new MemberDeliveries(node, nodeExpected, nodeDelivered, nodeDuplicates));
    }
    return new Delivery(
        recipients.size(), expected, delivered, duplicates, missing, unexpected, perMember);
  }

  private static Agreement agreement(List<DemoEvent> events) {
    List<String> nodes = new ArrayList<>();
    Set<String> views = new LinkedHashSet<>();
    long epoch = -1;
    String authenticator = "";
    List<String> members = List.of();
    for (DemoEvent e : events) {
      if (!e.kind().equals(DemoEvent.Kinds.FINAL_STATUS) || !e.get("member").equals("true")) {
        continue;
      }
      nodes.add(e.node());
      views.add(e.get("epoch") + "/" + e.get("authenticator") + "/" + e.get("members"));
      if (epoch < 0) {
        epoch = Long.parseLong(e.get("epoch"));
        authenticator = e.get("authenticator");
        members = List.of(e.get("members").split(","));
      }
    }
    return new Agreement(nodes, epoch, authenticator, members, views.size() == 1);
  }

  private static Optional<Partition> partition(List<DemoEvent> events) {
    List<DemoEvent> cuts = actions(events, "partition");
    List<DemoEvent> heals = actions(events, "heal");
    if (cuts.isEmpty() || heals.isEmpty()) {
      return Optional.empty();
    }
    String[] sides = cuts.get(0).get("sides").split("\\|");
    List<String> left = List.of(sides[0].split(","));
    List<String> right = List.of(sides[1].split(","));
    long cutAt = cuts.get(0).atMillis();
    long healAt = heals.get(0).atMillis();
    Map<String, String> senders = new HashMap<>();
    for (DemoEvent e : events) {
      if (e.kind().equals(DemoEvent.Kinds.SENT) && e.phase().equals("partition")) {
        senders.put(e.get("id"), e.node());
      }
    }
    int crossed = 0;
    long last = healAt;
    for (DemoEvent e : events) {
      if (!e.kind().equals(DemoEvent.Kinds.MESSAGE) || !senders.containsKey(e.get("id"))) {
        continue;
      }
      boolean across = left.contains(senders.get(e.get("id"))) != left.contains(e.node());
      if (across && e.atMillis() < healAt) {
        crossed++;
      }
      last = Math.max(last, e.atMillis());
    }
    return Optional.of(
        new Partition(left, right, senders.size(), crossed, healAt - cutAt, last - healAt));
  }

  static List<DemoEvent> actions(List<DemoEvent> events, String what) {
    return events.stream()
        .filter(e -> e.kind().equals(DemoEvent.Kinds.ACTION) && what.equals(e.data().get("what")))
        .toList();
  }
}
