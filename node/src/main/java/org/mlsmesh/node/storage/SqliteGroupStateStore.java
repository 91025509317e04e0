package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link GroupStateStore} in the {@code group_state} table, bound to one transaction. */
final class SqliteGroupStateStore implements GroupStateStore {
  private final SqlTx sql;

  SqliteGroupStateStore(SqlTx sql) {
    this.sql = sql;
  }

  @Override
  public void put(StoredGroupState state) {
    Objects.requireNonNull(state, "state");
    sql.update(
        "INSERT INTO group_state (group_id, epoch, state, updated_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (group_id) DO UPDATE SET epoch = excluded.epoch,"
            + " state = excluded.state, updated_at = excluded.updated_at",
        state.groupId(),
        state.epoch(),
        state.state(),
        state.updatedAtMillis());
  }

  @Override
  public Optional<StoredGroupState> get(Bytes groupId) {
    Checks.id(groupId, "groupId");
    return sql.queryOne(
        "SELECT epoch, state, updated_at FROM group_state WHERE group_id = ?",
        rs ->
            sql.withSecret(
                rs,
                "state",
                state ->
                    new StoredGroupState(
                        groupId, rs.getLong("epoch"), state, rs.getLong("updated_at"))),
        groupId);
  }

  @Override
  public List<Bytes> groupIds() {
    return sql.query(
        "SELECT group_id FROM group_state ORDER BY group_id", rs -> sql.bytes(rs, "group_id"));
  }

  @Override
  public boolean remove(Bytes groupId) {
    Checks.id(groupId, "groupId");
    sql.update("DELETE FROM fork_snapshot WHERE group_id = ?", groupId);
    sql.update("DELETE FROM outbox WHERE group_id = ?", groupId);
    sql.update("DELETE FROM delivered WHERE group_id = ?", groupId);
    return sql.update("DELETE FROM group_state WHERE group_id = ?", groupId) > 0;
  }
}
