package org.mlsmesh.consensus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * Commits that arrived before their parent epoch: kept in arrival order, at most {@code capacity}
 * and for at most {@code ttlMillis}, until the parent appears. Gossip does not order messages, so a
 * child Commit may overtake its parent.
 */
final class PendingCommits {
  /** A buffered Commit. */
  record Pending(CommitId commit, EpochId parent, Bytes wire, long arrivedAtMillis) {
    Pending {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(parent, "parent");
      Objects.requireNonNull(wire, "wire");
    }
  }

  private final int capacity;
  private final long ttlMillis;
  private final LinkedHashMap<CommitId, Pending> byCommit = new LinkedHashMap<>();

  PendingCommits(int capacity, long ttlMillis) {
    this.capacity = capacity;
    this.ttlMillis = ttlMillis;
  }

  boolean contains(CommitId commit) {
    return byCommit.containsKey(commit);
  }

  int size() {
    return byCommit.size();
  }

  /** Buffers {@code pending}; returns the Commits evicted to make room, oldest first. */
  List<CommitId> add(Pending pending) {
    byCommit.put(pending.commit(), pending);
    List<CommitId> evicted = new ArrayList<>();
    Iterator<CommitId> oldest = byCommit.keySet().iterator();
    while (byCommit.size() > capacity) {
      evicted.add(oldest.next());
      oldest.remove();
    }
    return evicted;
  }

  /** Removes and returns the Commits waiting for {@code parent}, in arrival order. */
  List<Pending> takeChildrenOf(EpochId parent) {
    List<Pending> children = new ArrayList<>();
    Iterator<Pending> it = byCommit.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (p.parent().equals(parent)) {
        children.add(p);
        it.remove();
      }
    }
    return children;
  }

  /** Removes and returns the Commits that waited longer than the time-to-live. */
  List<CommitId> expire(long nowMillis) {
    List<CommitId> expired = new ArrayList<>();
    Iterator<Pending> it = byCommit.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (nowMillis - p.arrivedAtMillis() >= ttlMillis) {
        expired.add(p.commit());
        it.remove();
      }
    }
    return expired;
  }

  void clear() {
    byCommit.clear();
  }
}
