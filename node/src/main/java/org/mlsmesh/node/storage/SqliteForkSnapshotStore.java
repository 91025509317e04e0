package org.mlsmesh.node.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link ForkSnapshotStore} in the {@code fork_snapshot} table, bound to one transaction. */
final class SqliteForkSnapshotStore implements ForkSnapshotStore {
  private static final String COLUMNS = "group_id, epoch_id, epoch, snapshot, created_at";

  private final SqlTx sql;

  SqliteForkSnapshotStore(SqlTx sql) {
    this.sql = sql;
  }

  @Override
  public void put(StoredForkSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    sql.update(
        "INSERT INTO fork_snapshot ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (group_id, epoch_id) DO UPDATE SET"
            + " epoch = excluded.epoch, snapshot = excluded.snapshot,"
            + " created_at = excluded.created_at",
        snapshot.groupId(),
        snapshot.epochId(),
        snapshot.epoch(),
        snapshot.snapshot(),
        snapshot.createdAtMillis());
  }

  @Override
  public Optional<StoredForkSnapshot> get(Bytes groupId, Bytes epochId) {
    Checks.id(groupId, "groupId");
    Checks.id(epochId, "epochId");
    return sql.queryOne(
        "SELECT " + COLUMNS + " FROM fork_snapshot WHERE group_id = ? AND epoch_id = ?",
        this::snapshot,
        groupId,
        epochId);
  }

  @Override
  public List<StoredForkSnapshot> list(Bytes groupId) {
    Checks.id(groupId, "groupId");
    return sql.query(
        "SELECT " + COLUMNS + " FROM fork_snapshot WHERE group_id = ? ORDER BY epoch, epoch_id",
        this::snapshot,
        groupId);
  }

  @Override
  public boolean delete(Bytes groupId, Bytes epochId) {
    Checks.id(groupId, "groupId");
    Checks.id(epochId, "epochId");
    return sql.update(
            "DELETE FROM fork_snapshot WHERE group_id = ? AND epoch_id = ?", groupId, epochId)
        > 0;
  }

  @Override
  public int deleteBeforeEpoch(Bytes groupId, long epoch) {
    Checks.id(groupId, "groupId");
    return sql.update("DELETE FROM fork_snapshot WHERE group_id = ? AND epoch < ?", groupId, epoch);
  }

  @Override
  public int deleteCreatedBefore(Bytes groupId, long cutoffMillis) {
    Checks.id(groupId, "groupId");
    return sql.update(
        "DELETE FROM fork_snapshot WHERE group_id = ? AND created_at < ?", groupId, cutoffMillis);
  }

  private StoredForkSnapshot snapshot(ResultSet rs) throws SQLException {
    return sql.withSecret(
        rs,
        "snapshot",
        snapshot ->
            new StoredForkSnapshot(
                sql.bytes(rs, "group_id"),
                sql.bytes(rs, "epoch_id"),
                rs.getLong("epoch"),
                snapshot,
                rs.getLong("created_at")));
  }
}
