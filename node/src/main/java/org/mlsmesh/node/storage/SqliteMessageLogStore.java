package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link MessageLogStore} in the {@code message_log} table, bound to one transaction. */
final class SqliteMessageLogStore implements MessageLogStore {
  private final SqlTx sql;

  SqliteMessageLogStore(SqlTx sql) {
    this.sql = sql;
  }

  @Override
  public boolean append(String topic, Bytes messageId, Bytes payload, long receivedAtMillis) {
    Checks.topic(topic);
    Checks.id(messageId, "messageId");
    Objects.requireNonNull(payload, "payload");
    return sql.update(
            "INSERT INTO message_log (topic, message_id, payload, received_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (topic, message_id) DO NOTHING",
            topic,
            messageId,
            payload,
            receivedAtMillis)
        > 0;
  }

  @Override
  public Optional<LoggedMessage> get(String topic, Bytes messageId) {
    Checks.topic(topic);
    Checks.id(messageId, "messageId");
    return sql.queryOne(
        "SELECT payload, received_at FROM message_log WHERE topic = ? AND message_id = ?",
        rs ->
            new LoggedMessage(
                topic, messageId, sql.bytes(rs, "payload"), rs.getLong("received_at")),
        topic,
        messageId);
  }

  @Override
  public List<Bytes> idsBetween(String topic, long fromMillis, long toMillis, int limit) {
    Checks.topic(topic);
    Checks.limit(limit);
    return sql.query(
        "SELECT message_id FROM message_log WHERE topic = ? AND received_at >= ?"
            + " AND received_at < ? ORDER BY received_at, message_id LIMIT ?",
        rs -> sql.bytes(rs, "message_id"),
        topic,
        fromMillis,
        toMillis,
        limit);
  }

  @Override
  public int pruneBefore(long cutoffMillis) {
    return sql.update("DELETE FROM message_log WHERE received_at < ?", cutoffMillis);
  }
}
