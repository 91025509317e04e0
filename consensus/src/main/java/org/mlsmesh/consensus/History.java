package org.mlsmesh.consensus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The public records of the final Commits (the settled part of the chain), oldest first, at most
 * {@code capacity}. They outlive the erased secrets of their epochs and let the fork choice decide
 * between branches that diverged longer ago than the retention window.
 */
final class History {
  private final int capacity;
  private final LinkedHashMap<EpochId, CommitRecord> byParent = new LinkedHashMap<>();
  private final LinkedHashMap<CommitId, CommitRecord> byCommit = new LinkedHashMap<>();

  History(int capacity) {
    this.capacity = capacity;
  }

  void add(CommitRecord record) {
    byParent.put(record.parent(), record);
    byCommit.put(record.commit(), record);
    Iterator<CommitRecord> oldest = byParent.values().iterator();
    while (byParent.size() > capacity) {
      CommitRecord gone = oldest.next();
      oldest.remove();
      byCommit.remove(gone.commit());
    }
  }

  /**
   * The final Commit built on {@code parent}, if {@code parent} is a final epoch below the root.
   */
  Optional<CommitRecord> atParent(EpochId parent) {
    return Optional.ofNullable(byParent.get(parent));
  }

  boolean containsCommit(CommitId commit) {
    return byCommit.containsKey(commit);
  }

  Optional<CommitRecord> ofCommit(CommitId commit) {
    return Optional.ofNullable(byCommit.get(commit));
  }

  /** True when {@code epoch} is final and below the root (its successor is final too). */
  boolean isFinalBelowRoot(EpochId epoch) {
    return byParent.containsKey(epoch);
  }

  /** The newest {@code count} records, oldest first. */
  List<CommitRecord> newest(int count) {
    List<CommitRecord> all = new ArrayList<>(byParent.values());
    return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
  }

  /** The records built on epochs numbered {@code epochNumber} or later, oldest first. */
  List<CommitRecord> since(long epochNumber) {
    List<CommitRecord> out = new ArrayList<>();
    for (CommitRecord r : byParent.values()) {
      if (r.parentEpochNumber() >= epochNumber) {
        out.add(r);
      }
    }
    return out;
  }

  /** The parent epoch number of the oldest record, if any. */
  Optional<Long> oldestEpochNumber() {
    Iterator<CommitRecord> it = byParent.values().iterator();
    return it.hasNext() ? Optional.of(it.next().parentEpochNumber()) : Optional.empty();
  }
}
