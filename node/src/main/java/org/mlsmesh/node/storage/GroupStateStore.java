package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** The current serialized state of each group this node is a member of. */
public interface GroupStateStore {
  /** Stores the group's state, replacing the previous one (whatever its epoch). */
  void put(StoredGroupState state);

  Optional<StoredGroupState> get(Bytes groupId);

  /** The ids of all stored groups, in unsigned byte order. */
  List<Bytes> groupIds();

  /**
   * Forgets the group: its state, fork snapshots, outbox entries and delivered message ids.
   *
   * @return whether a state was stored for it
   */
  boolean remove(Bytes groupId);
}
