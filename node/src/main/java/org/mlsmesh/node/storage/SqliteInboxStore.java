package org.mlsmesh.node.storage;

import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link InboxStore} in the {@code delivered} table, bound to one transaction. */
final class SqliteInboxStore implements InboxStore {
  private final SqlTx sql;

  SqliteInboxStore(SqlTx sql) {
    this.sql = sql;
  }

  @Override
  public boolean markDelivered(Bytes groupId, Bytes applicationMessageId, long nowMillis) {
    checkKey(groupId, applicationMessageId);
    return sql.update(
            "INSERT INTO delivered (group_id, message_id, delivered_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (group_id, message_id) DO NOTHING",
            groupId,
            applicationMessageId,
            nowMillis)
        > 0;
  }

  @Override
  public boolean isDelivered(Bytes groupId, Bytes applicationMessageId) {
    checkKey(groupId, applicationMessageId);
    return sql.queryLong(
            "SELECT count(*) FROM delivered WHERE group_id = ? AND message_id = ?",
            groupId,
            applicationMessageId)
        > 0;
  }

  @Override
  public List<Bytes> delivered(Bytes groupId, int limit) {
    Checks.id(groupId, "groupId");
    return sql.query(
        "SELECT message_id FROM delivered WHERE group_id = ? ORDER BY delivered_at DESC LIMIT ?",
        rs -> sql.bytes(rs, "message_id"),
        groupId,
        limit);
  }

  @Override
  public int pruneDeliveredBefore(long cutoffMillis) {
    return sql.update("DELETE FROM delivered WHERE delivered_at < ?", cutoffMillis);
  }

  private static void checkKey(Bytes groupId, Bytes applicationMessageId) {
    Checks.id(groupId, "groupId");
    Checks.id(applicationMessageId, "applicationMessageId");
  }
}
