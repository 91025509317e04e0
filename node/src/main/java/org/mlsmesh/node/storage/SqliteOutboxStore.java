package org.mlsmesh.node.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link OutboxStore} in the {@code outbox} table, bound to one transaction. */
final class SqliteOutboxStore implements OutboxStore {
  private static final String COLUMNS =
      "group_id, message_id, kind, payload, attempts, status, created_at, last_attempt_at";
  private static final String KEY = " WHERE group_id = ? AND message_id = ?";

  private final SqlTx sql;

  SqliteOutboxStore(SqlTx sql) {
    this.sql = sql;
  }

  @Override
  public boolean enqueue(
      Bytes groupId, Bytes messageId, OutboxKind kind, Bytes payload, long nowMillis) {
    Checks.id(groupId, "groupId");
    Checks.id(messageId, "messageId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    return sql.update(
            "INSERT INTO outbox ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, 0, ?, ?, NULL)"
                + " ON CONFLICT (group_id, message_id) DO NOTHING",
            groupId,
            messageId,
            kind,
            payload,
            OutboxStatus.PENDING,
            nowMillis)
        > 0;
  }

  @Override
  public Optional<OutboxEntry> get(Bytes groupId, Bytes messageId) {
    checkKey(groupId, messageId);
    return sql.queryOne(
        "SELECT " + COLUMNS + " FROM outbox" + KEY, this::entry, groupId, messageId);
  }

  @Override
  public boolean markAttempt(Bytes groupId, Bytes messageId, long nowMillis) {
    checkKey(groupId, messageId);
    return sql.update(
            "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?,"
                + " status = CASE WHEN status = 'ACKNOWLEDGED' THEN status ELSE 'SENT' END"
                + KEY,
            nowMillis,
            groupId,
            messageId)
        > 0;
  }

  @Override
  public boolean markAcknowledged(Bytes groupId, Bytes messageId) {
    checkKey(groupId, messageId);
    return sql.update(
            "UPDATE outbox SET status = ?" + KEY, OutboxStatus.ACKNOWLEDGED, groupId, messageId)
        > 0;
  }

  @Override
  public boolean replacePayload(Bytes groupId, Bytes messageId, Bytes payload) {
    checkKey(groupId, messageId);
    Objects.requireNonNull(payload, "payload");
    return sql.update(
            "UPDATE outbox SET payload = ?, status = ?" + KEY,
            payload,
            OutboxStatus.PENDING,
            groupId,
            messageId)
        > 0;
  }

  @Override
  public boolean remove(Bytes groupId, Bytes messageId) {
    checkKey(groupId, messageId);
    return sql.update("DELETE FROM outbox" + KEY, groupId, messageId) > 0;
  }

  @Override
  public List<OutboxEntry> list(Bytes groupId) {
    Checks.id(groupId, "groupId");
    return sql.query(
        "SELECT " + COLUMNS + " FROM outbox WHERE group_id = ? ORDER BY seq", this::entry, groupId);
  }

  @Override
  public List<OutboxEntry> listUnacknowledged() {
    return sql.query(
        "SELECT " + COLUMNS + " FROM outbox WHERE status <> ? ORDER BY seq",
        this::entry,
        OutboxStatus.ACKNOWLEDGED);
  }

  private OutboxEntry entry(ResultSet rs) throws SQLException {
    long lastAttempt = rs.getLong("last_attempt_at");
    boolean never = rs.wasNull();
    return new OutboxEntry(
        sql.bytes(rs, "group_id"),
        sql.bytes(rs, "message_id"),
        sql.enumValue(rs, "kind", OutboxKind.class),
        sql.bytes(rs, "payload"),
        rs.getInt("attempts"),
        sql.enumValue(rs, "status", OutboxStatus.class),
        rs.getLong("created_at"),
        never ? OptionalLong.empty() : OptionalLong.of(lastAttempt));
  }

  private static void checkKey(Bytes groupId, Bytes messageId) {
    Checks.id(groupId, "groupId");
    Checks.id(messageId, "messageId");
  }
}
