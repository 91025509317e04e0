package org.mlsmesh.app.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.app.demo.DemoSummary.Invariant;
import org.mlsmesh.app.demo.DemoSummary.Loser;
import org.mlsmesh.app.demo.DemoSummary.Race;
import org.mlsmesh.app.demo.DemoSummary.Rollback;

/**
 * Judges the commit race from the events: which versions of the next epoch existed, which one every
 * node kept and whose Commit made it, and whether the fork-choice rule (RFC 9750 §5.2.2: class,
 * then rank, the parent epoch's creator ranking last) explains each loser.
 */
final class RaceJudge {
  private RaceJudge() {}

  static List<Invariant> invariants(Race r) {
    List<Invariant> out = new ArrayList<>();
    boolean known = !r.winner().equals("unknown");
    out.add(
        new Invariant(
            "the race has one winner",
            known,
            "the nodes kept "
                + (known ? r.winner() + "'s" : "no single")
                + " version of epoch "
                + (r.parentEpoch() + 1)));
    List<String> wrong = new ArrayList<>();
    for (Loser l : r.losers()) {
      if (l.lostBy().equals("wrong")) {
        wrong.add(l.commit());
      }
    }
    out.add(
        new Invariant(
            "race winner follows the fork-choice rule",
            known && wrong.isEmpty(),
            !known
                ? "no winner to check"
                : wrong.isEmpty()
                    ? r.winner()
                        + " beat "
                        + r.losers().size()
                        + " other Commit(s) by class or rank"
                    : r.winner() + " should have lost to " + wrong));
    List<String> never = new ArrayList<>();
    for (Loser l : r.losers()) {
      if (l.tookEffectInEpoch() < 0) {
        never.add(l.commit());
      }
    }
    out.add(
        new Invariant(
            "every loser's change took effect",
            never.isEmpty(),
            never.isEmpty()
                ? r.losers().size()
                    + " lost Commit(s), each change made by the winner or re-applied"
                : "never took effect: " + never));
    return out;
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

    boolean sameChange(Racer other) {
      return op.equals(other.op) && member.equals(other.member);
    }

    String key() {
      return committer + ">" + op + ">" + member;
    }

    String describe() {
      return committer + (op.equals("add") ? " adds " : " removes ") + member;
    }
  }

  static Optional<Race> race(List<DemoEvent> events) {
    List<DemoEvent> starts = DemoSummary.actions(events, "race");
    if (starts.isEmpty()) {
      return Optional.empty();
    }
    DemoEvent start = starts.get(0);
    long parent = Long.parseLong(start.get("parent-epoch"));
    String creator = start.get("parent-creator");
    long next = parent + 1;
    List<Racer> racers = new ArrayList<>();
    for (String text : start.get("racers").split(",")) {
      racers.add(Racer.parse(text));
    }
    // A racer whose command failed had seen another racer's Commit first and built nothing.
    Set<String> failed = new LinkedHashSet<>();
    for (DemoEvent done : DemoSummary.actions(events, "race-commit-done")) {
      if (!done.get("ok").equals("true")) {
        failed.add(done.get("racer"));
      }
    }
    List<Racer> raced = racers.stream().filter(r -> !failed.contains(r.key())).toList();
    List<DemoEvent> after = events.stream().filter(e -> e.atMillis() >= start.atMillis()).toList();
    Set<String> versions = new LinkedHashSet<>();
    List<Rollback> rollbacks = new ArrayList<>();
    for (DemoEvent e : after) {
      if (e.kind().equals(DemoEvent.Kinds.EPOCH) && Long.parseLong(e.get("epoch")) == next) {
        versions.add(e.get("authenticator"));
      } else if (e.kind().equals(DemoEvent.Kinds.FORK_RESOLVED)) {
        if (Long.parseLong(e.get("epoch")) == next) {
          versions.add(e.get("authenticator"));
        }
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
    for (Racer r : raced) {
      if (kept.isPresent() && ownVersion(after, r, next).equals(kept)) {
        winner = r;
      }
    }
    List<Loser> losers = new ArrayList<>();
    if (winner != null) {
      for (Racer r : raced) {
        if (r != winner) {
          losers.add(loser(after, parent, creator, winner, r));
        }
      }
    }
    return Optional.of(
        new Race(
            parent,
            creator,
            racers.stream().map(Racer::describe).toList(),
            racers.stream().filter(r -> failed.contains(r.key())).map(Racer::describe).toList(),
            versions.size(),
            versions.size() > 1 || !rollbacks.isEmpty(),
            rollbacks,
            winner == null ? "unknown" : winner.committer(),
            winner == null ? "" : winner.describe(),
            losers));
  }

  /** Why {@code loser} lost to {@code winner}, or "wrong" when the rule says it should have won. */
  private static Loser loser(
      List<DemoEvent> events, long parent, String creator, Racer winner, Racer loser) {
    String lostBy;
    String reason;
    if (winner.commitClass() > loser.commitClass()) {
      lostBy = "class";
      reason = "a Remove outranks an Add whoever commits it (removes > adds > update-only)";
    } else if (winner.commitClass() < loser.commitClass()) {
      lostBy = "wrong";
      reason = "its class is stronger than the winner's, yet it lost";
    } else if (winner.committer().equals(creator)) {
      lostBy = "wrong";
      reason = creator + " created epoch " + parent + " and ranks last in it, yet won";
    } else {
      lostBy = "rank";
      reason =
          "one class, so the rank decided: "
              + winner.committer()
              + "'s rank in epoch "
              + parent
              + " is the better one (HMAC-SHA256 of the leaf index under the epoch's exporter,"
              + " which no committer can grind"
              + (loser.committer().equals(creator)
                  ? "; " + creator + " created epoch " + parent + " and ranks last in it)"
                  : ")");
    }
    return new Loser(
        loser.committer(),
        loser.describe(),
        lostBy,
        reason,
        effectEpoch(events, winner.committer(), loser),
        winner.sameChange(loser));
  }

  /**
   * The version of epoch {@code epoch} the nodes kept: at each node that went on past it, the last
   * one it reported (even after going past it), by an epoch change or by a resolved fork (which
   * names the winning version), since it last joined. Empty unless all those nodes kept the same.
   */
  private static Optional<String> keptVersion(List<DemoEvent> events, long epoch) {
    Map<String, String> lastAt = new LinkedHashMap<>();
    Set<String> movedOn = new LinkedHashSet<>();
    for (DemoEvent e : events) {
      // A node may move past the epoch and still switch versions of it later (a rollback).
      boolean self =
          (e.kind().equals(DemoEvent.Kinds.LEFT) || e.kind().equals(DemoEvent.Kinds.JOINED))
              && e.get("member").equals(e.node());
      if (self) {
        // Removed (a version it saw then was not kept), or joined anew: its history restarts.
        lastAt.remove(e.node());
        continue;
      }
      boolean fork = e.kind().equals(DemoEvent.Kinds.FORK_RESOLVED);
      if (fork || e.kind().equals(DemoEvent.Kinds.EPOCH)) {
        long n = Long.parseLong(e.get("epoch"));
        if (n == epoch) {
          lastAt.put(e.node(), e.get("authenticator"));
        } else if (n < epoch && fork) {
          lastAt.remove(e.node());
        } else if (n > epoch && !fork) {
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
}
