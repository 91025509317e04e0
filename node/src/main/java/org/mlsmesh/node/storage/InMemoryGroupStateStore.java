package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link GroupStateStore} over {@link InMemoryTables}, bound to one transaction. */
final class InMemoryGroupStateStore implements GroupStateStore {
  private final InMemoryTables tables;
  private final TxGuard guard;

  InMemoryGroupStateStore(InMemoryTables tables, TxGuard guard) {
    this.tables = tables;
    this.guard = guard;
  }

  @Override
  public void put(StoredGroupState state) {
    Objects.requireNonNull(state, "state");
    guard.check();
    tables.groupStates.put(state.groupId(), state.copy());
  }

  @Override
  public Optional<StoredGroupState> get(Bytes groupId) {
    Checks.id(groupId, "groupId");
    guard.check();
    return tables.groupStates.get(groupId).map(StoredGroupState::copy);
  }

  @Override
  public List<Bytes> groupIds() {
    guard.check();
    return List.copyOf(tables.groupStates.view().keySet());
  }

  @Override
  public boolean remove(Bytes groupId) {
    Checks.id(groupId, "groupId");
    guard.check();
    tables.forkSnapshots.removeIf((key, value) -> key.groupId().equals(groupId));
    tables.outbox.removeIf((key, value) -> key.groupId().equals(groupId));
    tables.outboxOrder.removeIf((sequence, key) -> key.groupId().equals(groupId));
    tables.delivered.removeIf((key, value) -> key.groupId().equals(groupId));
    return tables.groupStates.remove(groupId);
  }
}
