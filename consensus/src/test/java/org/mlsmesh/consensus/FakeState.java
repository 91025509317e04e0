package org.mlsmesh.consensus;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A fake epoch state: an epoch id, an epoch number, the member leaves and the local leaf. Each
 * member holds its own copies, so the destroyed flag tells whether that member erased it.
 */
final class FakeState {
  final Bytes epochId;
  final long epoch;
  final SortedSet<Long> members;
  final long ownLeaf;
  private boolean destroyed;

  FakeState(Bytes epochId, long epoch, SortedSet<Long> members, long ownLeaf) {
    this.epochId = epochId;
    this.epoch = epoch;
    this.members = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(members));
    this.ownLeaf = ownLeaf;
  }

  /** A group's first epoch, the same id at every member. */
  static FakeState genesis(String group, int size, long ownLeaf) {
    TreeSet<Long> members = new TreeSet<>();
    for (long i = 0; i < size; i++) {
      members.add(i);
    }
    return new FakeState(FakeCommit.sha256(Bytes.wrap(group.getBytes())), 0, members, ownLeaf);
  }

  /** The same epoch as seen by another member. */
  FakeState as(long leaf) {
    return new FakeState(epochId, epoch, members, leaf);
  }

  boolean isDestroyed() {
    return destroyed;
  }

  void destroy() {
    if (destroyed) {
      throw new IllegalStateException("destroyed twice: " + this);
    }
    destroyed = true;
  }

  List<Long> memberList() {
    return List.copyOf(members);
  }

  @Override
  public String toString() {
    return "FakeState[" + epoch + " " + epochId.toHex().substring(0, 8) + " " + members + "]";
  }
}
