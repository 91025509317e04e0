package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.node.storage.InMemoryTables.TimeKey;
import org.mlsmesh.node.storage.InMemoryTables.TopicKey;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link MessageLogStore} over {@link InMemoryTables}, bound to one transaction. */
final class InMemoryMessageLogStore implements MessageLogStore {
  private final InMemoryTables tables;
  private final TxGuard guard;

  InMemoryMessageLogStore(InMemoryTables tables, TxGuard guard) {
    this.tables = tables;
    this.guard = guard;
  }

  @Override
  public boolean append(String topic, Bytes messageId, Bytes payload, long receivedAtMillis) {
    LoggedMessage message = new LoggedMessage(topic, messageId, payload, receivedAtMillis);
    guard.check();
    TopicKey key = new TopicKey(topic, messageId);
    if (tables.messages.containsKey(key)) {
      return false;
    }
    tables.messages.put(key, message);
    tables.messagesByTime.put(new TimeKey(topic, receivedAtMillis, messageId), messageId);
    return true;
  }

  @Override
  public Optional<LoggedMessage> get(String topic, Bytes messageId) {
    TopicKey key = new TopicKey(Checks.topic(topic), Checks.id(messageId, "messageId"));
    guard.check();
    return tables.messages.get(key);
  }

  @Override
  public List<Bytes> idsBetween(String topic, long fromMillis, long toMillis, int limit) {
    Checks.topic(topic);
    Checks.limit(limit);
    guard.check();
    if (fromMillis >= toMillis) {
      return List.of();
    }
    return tables
        .messagesByTime
        .view()
        .subMap(
            new TimeKey(topic, fromMillis, Bytes.EMPTY),
            true,
            new TimeKey(topic, toMillis, Bytes.EMPTY),
            false)
        .values()
        .stream()
        .limit(limit)
        .toList();
  }

  @Override
  public int pruneBefore(long cutoffMillis) {
    guard.check();
    tables.messagesByTime.removeIf((key, id) -> key.receivedAtMillis() < cutoffMillis);
    return tables.messages.removeIf((key, message) -> message.receivedAtMillis() < cutoffMillis);
  }
}
