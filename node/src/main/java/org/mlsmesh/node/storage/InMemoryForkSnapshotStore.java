package org.mlsmesh.node.storage;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.mlsmesh.node.storage.InMemoryTables.GroupKey;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link ForkSnapshotStore} over {@link InMemoryTables}, bound to one transaction. */
final class InMemoryForkSnapshotStore implements ForkSnapshotStore {
  private static final Comparator<StoredForkSnapshot> BY_EPOCH =
      Comparator.comparingLong(StoredForkSnapshot::epoch)
          .thenComparing(StoredForkSnapshot::epochId);

  private final InMemoryTables tables;
  private final TxGuard guard;

  InMemoryForkSnapshotStore(InMemoryTables tables, TxGuard guard) {
    this.tables = tables;
    this.guard = guard;
  }

  @Override
  public void put(StoredForkSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    guard.check();
    tables.forkSnapshots.put(new GroupKey(snapshot.groupId(), snapshot.epochId()), snapshot.copy());
  }

  @Override
  public Optional<StoredForkSnapshot> get(Bytes groupId, Bytes epochId) {
    GroupKey key = key(groupId, epochId);
    guard.check();
    return tables.forkSnapshots.get(key).map(StoredForkSnapshot::copy);
  }

  @Override
  public List<StoredForkSnapshot> list(Bytes groupId) {
    Checks.id(groupId, "groupId");
    guard.check();
    return ofGroup(groupId).stream().sorted(BY_EPOCH).map(StoredForkSnapshot::copy).toList();
  }

  @Override
  public boolean delete(Bytes groupId, Bytes epochId) {
    GroupKey key = key(groupId, epochId);
    guard.check();
    return tables.forkSnapshots.remove(key);
  }

  @Override
  public int deleteBeforeEpoch(Bytes groupId, long epoch) {
    Checks.id(groupId, "groupId");
    guard.check();
    return deleteOfGroup(groupId, snapshot -> snapshot.epoch() < epoch);
  }

  @Override
  public int deleteCreatedBefore(Bytes groupId, long cutoffMillis) {
    Checks.id(groupId, "groupId");
    guard.check();
    return deleteOfGroup(groupId, snapshot -> snapshot.createdAtMillis() < cutoffMillis);
  }

  private List<StoredForkSnapshot> ofGroup(Bytes groupId) {
    return tables.forkSnapshots.view().tailMap(GroupKey.first(groupId), true).entrySet().stream()
        .takeWhile(entry -> entry.getKey().groupId().equals(groupId))
        .map(entry -> entry.getValue())
        .toList();
  }

  private int deleteOfGroup(Bytes groupId, Predicate<StoredForkSnapshot> matches) {
    List<StoredForkSnapshot> doomed = ofGroup(groupId).stream().filter(matches).toList();
    doomed.forEach(s -> tables.forkSnapshots.remove(new GroupKey(s.groupId(), s.epochId())));
    return doomed.size();
  }

  private static GroupKey key(Bytes groupId, Bytes epochId) {
    return new GroupKey(Checks.id(groupId, "groupId"), Checks.id(epochId, "epochId"));
  }
}
