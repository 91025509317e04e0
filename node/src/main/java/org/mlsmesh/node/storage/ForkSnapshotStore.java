package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** Group states kept for rollback, by group and epoch id, until their epoch settles. */
public interface ForkSnapshotStore {
  /** Stores a snapshot, replacing one with the same group and epoch id. */
  void put(StoredForkSnapshot snapshot);

  Optional<StoredForkSnapshot> get(Bytes groupId, Bytes epochId);

  /** The group's snapshots by epoch number, then epoch id. */
  List<StoredForkSnapshot> list(Bytes groupId);

  /** Deletes one snapshot; false if absent. */
  boolean delete(Bytes groupId, Bytes epochId);

  /** Deletes the group's snapshots of epochs numbered below {@code epoch}; returns how many. */
  int deleteBeforeEpoch(Bytes groupId, long epoch);

  /** Deletes the group's snapshots created before {@code cutoffMillis}; returns how many. */
  int deleteCreatedBefore(Bytes groupId, long cutoffMillis);
}
