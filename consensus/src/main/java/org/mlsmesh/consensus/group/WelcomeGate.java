package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * Holds the Welcome of a final Commit until every other member has shown, in a verified beacon,
 * that it is on a branch with that Commit. A Commit can be final on one side of a partition longer
 * than the settle window and still lose when the sides meet (the winner is decided by rank, not by
 * size), and a joiner must never process the Welcome of a losing Commit (RFC 9750 §5.2.3): its
 * members on the other side are heard only after the heal, when the decision is made. A member not
 * heard of within the limit (down, or cut off for longer) no longer holds the Welcome back.
 */
final class WelcomeGate {
  /** The epoch a Commit was made on, and the other members of the epoch it made. */
  record Audience(long parentEpoch, List<Bytes> members) {}

  private record Held(long parentEpoch, Set<Bytes> waitFor, long sinceMillis) {}

  private final Map<CommitId, Held> held = new LinkedHashMap<>();

  /**
   * Holds the Welcome of {@code commit}, made on epoch {@code parentEpoch}, for {@code waitFor}.
   */
  void hold(CommitId commit, long parentEpoch, Collection<Bytes> waitFor, long nowMillis) {
    held.putIfAbsent(commit, new Held(parentEpoch, new LinkedHashSet<>(waitFor), nowMillis));
  }

  boolean isHeld(CommitId commit) {
    return held.containsKey(commit);
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  /** The members some held Welcome still waits for, and the oldest parent epoch it was made on. */
  Waiting waiting() {
    Set<Bytes> who = new LinkedHashSet<>();
    long since = Long.MAX_VALUE;
    for (Held h : held.values()) {
      who.addAll(h.waitFor());
      since = Math.min(since, h.parentEpoch());
    }
    return new Waiting(who, since);
  }

  record Waiting(Set<Bytes> members, long sinceEpoch) {}

  /**
   * Forgets the held Welcomes of Commits made after epoch {@code sharedEpoch}, the last one our
   * branch shared with the branch that won, and returns their Commits (they lost). The Welcomes of
   * older Commits are on the winning branch too: they stay held.
   */
  List<CommitId> dropAfter(long sharedEpoch) {
    List<CommitId> commits = new ArrayList<>();
    held.entrySet()
        .removeIf(
            e -> {
              boolean lost = e.getValue().parentEpoch() >= sharedEpoch;
              if (lost) {
                commits.add(e.getKey());
              }
              return lost;
            });
    return commits;
  }

  /**
   * Takes the Commits whose Welcome may go now: every member still in the group ({@code members})
   * shows the Commit in its last verified beacon, or it was held for {@code limitMillis}.
   */
  List<CommitId> takeReady(
      Map<Bytes, Beacon> beacons, Collection<Bytes> members, long nowMillis, long limitMillis) {
    List<CommitId> ready = new ArrayList<>();
    held.entrySet()
        .removeIf(
            e -> {
              Held h = e.getValue();
              h.waitFor().retainAll(members);
              h.waitFor().removeIf(m -> shows(beacons.get(m), e.getKey(), h.parentEpoch()));
              if (h.waitFor().isEmpty() || nowMillis - h.sinceMillis() >= limitMillis) {
                ready.add(e.getKey());
                return true;
              }
              return false;
            });
    return ready;
  }

  /** True when {@code beacon} lists {@code commit}, or is past it by more than it lists. */
  private static boolean shows(Beacon beacon, CommitId commit, long parentEpoch) {
    if (beacon == null || beacon.epochNumber() <= parentEpoch) {
      return false;
    }
    List<CommitRecord> recent = beacon.recent();
    for (CommitRecord r : recent) {
      if (r.commit().equals(commit)) {
        return true;
      }
    }
    // The beacon's records start after the Commit: its sender is further along the chain (a
    // branch without the Commit would have shown a partition instead).
    return !recent.isEmpty() && recent.get(0).parentEpochNumber() > parentEpoch;
  }
}
