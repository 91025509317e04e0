package org.mlsmesh.node.demo;

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
   * @param parentEpoch the epoch both Commits were built on
   * @param racers the competing Commits, as "committer adds/removes member"
   * @param versionsOfNextEpoch how many different epoch authenticators the nodes reported for epoch
   *     {@code parentEpoch + 1}: above one, both branches really existed
   * @param forked whether the race produced a fork (two versions, or a rollback)
   * @param winner the committer whose Commit made the epoch every node kept, or "unknown"
   * @param reason why, by the fork-choice rule (RFC 9750 §5.2.2)
   * @param predictedWinner the winner the rule predicts from the Commits' classes, or "" when they
   *     are of one class and the rank (an exporter HMAC no outsider sees) decides
   * @param reappliedInEpoch the epoch in which the loser's change took effect after all, once it
   *     re-applied its intent on the winner's epoch (-1 when it never did)
   */
  public record Race(
      long parentEpoch,
      List<String> racers,
      int versionsOfNextEpoch,
      boolean forked,
      List<Rollback> rollbacks,
      String winner,
      String winnerCommit,
      String loser,
      String loserCommit,
      String reason,
      String predictedWinner,
      long reappliedInEpoch) {
    public Race {
      racers = List.copyOf(racers);
      rollbacks = List.copyOf(rollbacks);
    }
  }

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
    Optional<Race> race = race(events, agreement);
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
      Race r = race.get();
      boolean asPredicted = r.predictedWinner().isEmpty() || r.predictedWinner().equals(r.winner());
      invariants.add(
          new Invariant(
              "race winner follows the fork-choice rule",
              asPredicted,
              r.predictedWinner().isEmpty()
                  ? "decided by rank; nothing to predict from outside"
                  : "predicted " + r.predictedWinner() + ", observed " + r.winner()));
      invariants.add(
          new Invariant(
              "the loser re-applied its intent",
              r.reappliedInEpoch() >= 0,
              r.reappliedInEpoch() >= 0
                  ? "'" + r.loserCommit() + "' took effect in epoch " + r.reappliedInEpoch()
                  : "'" + r.loserCommit() + "' never took effect"));
      invariants.add(
          new Invariant(
              "the race has one winner",
              !r.winner().equals("unknown"),
              "the nodes kept "
                  + (r.winner().equals("unknown") ? "no single" : r.winner() + "'s")
                  + " version of epoch "
                  + (r.parentEpoch() + 1)));
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

  /** One competing Commit: {@code committer} adds or removes {@code member}. */
  private record Racer(String committer, String op, String member) {
    static Racer parse(String text) {
      String[] parts = text.split(">");
      if (parts.length != 3) {
        throw new IllegalArgumentException("racer '" + text + "' is not committer>op>member");
      }
      return new Racer(parts[0], parts[1], parts[2]);
    }

    /** The membership event the Commit causes at every other member. */
    String effectKind() {
      return op.equals("add") ? DemoEvent.Kinds.JOINED : DemoEvent.Kinds.LEFT;
    }

    /** Removes beat adds beat updates (RFC 9750 §5.2.2 as {@code CommitClass} orders them). */
    int commitClass() {
      return op.equals("remove") ? 2 : 1;
    }

    boolean causes(DemoEvent e) {
      return e.kind().equals(effectKind()) && e.get("member").equals(member);
    }

    String describe() {
      return committer + (op.equals("add") ? " adds " : " removes ") + member;
    }
  }

  private static Optional<Race> race(List<DemoEvent> events, Agreement agreement) {
    List<DemoEvent> starts = actions(events, "race");
    if (starts.isEmpty()) {
      return Optional.empty();
    }
    DemoEvent start = starts.get(0);
    long parent = Long.parseLong(start.get("parent-epoch"));
    long next = parent + 1;
    List<Racer> racers = new ArrayList<>();
    for (String text : start.get("racers").split(",")) {
      racers.add(Racer.parse(text));
    }
    List<DemoEvent> after = events.stream().filter(e -> e.atMillis() >= start.atMillis()).toList();
    Set<String> versions = new LinkedHashSet<>();
    List<Rollback> rollbacks = new ArrayList<>();
    for (DemoEvent e : after) {
      if (e.kind().equals(DemoEvent.Kinds.EPOCH) && Long.parseLong(e.get("epoch")) == next) {
        versions.add(e.get("authenticator"));
      } else if (e.kind().equals(DemoEvent.Kinds.FORK_RESOLVED)) {
        rollbacks.add(
            new Rollback(
                e.node(),
                e.phase(),
                Long.parseLong(e.get("epoch")),
                Integer.parseInt(e.get("dropped"))));
      }
    }
    Optional<String> kept = keptVersion(after, next);
    Racer winner = null;
    for (Racer r : racers) {
      if (kept.isPresent() && ownVersion(after, r, next).equals(kept)) {
        winner = r;
      }
    }
    Racer loser = null;
    for (Racer r : racers) {
      if (r != winner) {
        loser = r;
      }
    }
    Racer strongest =
        racers.stream().max(java.util.Comparator.comparingInt(Racer::commitClass)).orElseThrow();
    boolean oneClass = racers.stream().allMatch(r -> r.commitClass() == strongest.commitClass());
    String predicted = oneClass ? "" : strongest.committer();
    String reason =
        oneClass
            ? "the Commits are of one class, so the committers' ranks in epoch "
                + parent
                + " decided (HMAC of the leaf index under the epoch's exporter, not grindable)"
            : "a Remove outranks an Add whoever commits it (classes: removes > adds >"
                + " update-only)";
    long reapplied = -1;
    if (winner != null && loser != null) {
      reapplied = effectEpoch(after, winner.committer(), loser);
    }
    return Optional.of(
        new Race(
            parent,
            racers.stream().map(Racer::describe).toList(),
            versions.size(),
            versions.size() > 1 || !rollbacks.isEmpty(),
            rollbacks,
            winner == null ? "unknown" : winner.committer(),
            winner == null ? "" : winner.describe(),
            loser == null ? "unknown" : loser.committer(),
            loser == null ? "" : loser.describe(),
            reason,
            predicted,
            reapplied));
  }

  /**
   * The version of epoch {@code epoch} the nodes kept: at each node that went on past it, the last
   * one it reported, unless a rollback came after that report (the node then switched versions
   * without reporting the one it switched to). Empty unless all those nodes kept the same.
   */
  private static Optional<String> keptVersion(List<DemoEvent> events, long epoch) {
    Map<String, String> lastAt = new LinkedHashMap<>();
    Set<String> movedOn = new LinkedHashSet<>();
    for (DemoEvent e : events) {
      if (movedOn.contains(e.node())) {
        continue;
      }
      if (e.kind().equals(DemoEvent.Kinds.FORK_RESOLVED)) {
        lastAt.remove(e.node());
      } else if (e.kind().equals(DemoEvent.Kinds.EPOCH)) {
        long n = Long.parseLong(e.get("epoch"));
        if (n == epoch) {
          lastAt.put(e.node(), e.get("authenticator"));
        } else if (n > epoch) {
          movedOn.add(e.node());
        }
      }
    }
    Set<String> kept = new LinkedHashSet<>();
    lastAt.forEach(
        (node, version) -> {
          if (movedOn.contains(node)) {
            kept.add(version);
          }
        });
    return kept.size() == 1 ? Optional.of(kept.iterator().next()) : Optional.empty();
  }

  /**
   * The version of {@code epoch} that {@code racer}'s own Commit made: the first one its node
   * reported, if the Commit's membership change came with it (else the node had taken the other
   * Commit first, and there was no race).
   */
  private static Optional<String> ownVersion(List<DemoEvent> events, Racer racer, long epoch) {
    boolean effect = false;
    for (DemoEvent e : events) {
      if (!e.node().equals(racer.committer())) {
        continue;
      }
      if (racer.causes(e)) {
        effect = true;
      } else if (e.kind().equals(DemoEvent.Kinds.EPOCH)) {
        if (Long.parseLong(e.get("epoch")) == epoch) {
          return effect ? Optional.of(e.get("authenticator")) : Optional.empty();
        }
        effect = false;
      }
    }
    return Optional.empty();
  }

  /** The epoch in which {@code node} last saw {@code racer}'s change take effect, or -1. */
  private static long effectEpoch(List<DemoEvent> events, String node, Racer racer) {
    long epoch = -1;
    boolean pending = false;
    for (DemoEvent e : events) {
      if (!e.node().equals(node)) {
        continue;
      }
      if (racer.causes(e)) {
        pending = true;
      } else if (e.kind().equals(DemoEvent.Kinds.EPOCH) && pending) {
        epoch = Long.parseLong(e.get("epoch"));
        pending = false;
      }
    }
    return epoch;
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

  private static List<DemoEvent> actions(List<DemoEvent> events, String what) {
    return events.stream()
        .filter(e -> e.kind().equals(DemoEvent.Kinds.ACTION) && what.equals(e.data().get("what")))
        .toList();
  }
}
