package org.mlsmesh.node.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlsmesh.node.storage.InMemoryTables.GroupKey;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link InboxStore} over {@link InMemoryTables}, bound to one transaction. */
final class InMemoryInboxStore implements InboxStore {
  private final InMemoryTables tables;
  private final TxGuard guard;

  InMemoryInboxStore(InMemoryTables tables, TxGuard guard) {
    this.tables = tables;
    this.guard = guard;
  }

  @Override
  public boolean markDelivered(Bytes groupId, Bytes applicationMessageId, long nowMillis) {
    GroupKey key = key(groupId, applicationMessageId);
    guard.check();
    if (tables.delivered.containsKey(key)) {
      return false;
    }
    tables.delivered.put(key, nowMillis);
    return true;
  }

  @Override
  public boolean isDelivered(Bytes groupId, Bytes applicationMessageId) {
    GroupKey key = key(groupId, applicationMessageId);
    guard.check();
    return tables.delivered.containsKey(key);
  }

  @Override
  public List<Bytes> delivered(Bytes groupId, int limit) {
    Checks.id(groupId, "groupId");
    guard.check();
    List<Map.Entry<GroupKey, Long>> rows = new ArrayList<>();
    for (Map.Entry<GroupKey, Long> e :
        tables.delivered.view().tailMap(GroupKey.first(groupId)).entrySet()) {
      if (!e.getKey().groupId().equals(groupId)) {
        break;
      }
      rows.add(e);
    }
    rows.sort(Map.Entry.<GroupKey, Long>comparingByValue().reversed());
    List<Bytes> out = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      out.add(rows.get(i).getKey().id());
    }
    return out;
  }

  @Override
  public int pruneDeliveredBefore(long cutoffMillis) {
    guard.check();
    return tables.delivered.removeIf((key, deliveredAt) -> deliveredAt < cutoffMillis);
  }

  private static GroupKey key(Bytes groupId, Bytes applicationMessageId) {
    return new GroupKey(
        Checks.id(groupId, "groupId"), Checks.id(applicationMessageId, "applicationMessageId"));
  }
}
