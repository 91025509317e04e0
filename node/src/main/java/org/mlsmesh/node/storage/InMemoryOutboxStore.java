package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.mlsmesh.node.storage.InMemoryTables.GroupKey;
import org.mlsmesh.node.storage.InMemoryTables.OutboxRow;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link OutboxStore} over {@link InMemoryTables}, bound to one transaction. */
final class InMemoryOutboxStore implements OutboxStore {
  private final InMemoryTables tables;
  private final TxGuard guard;

  InMemoryOutboxStore(InMemoryTables tables, TxGuard guard) {
    this.tables = tables;
    this.guard = guard;
  }

  @Override
  public boolean enqueue(
      Bytes groupId, Bytes messageId, OutboxKind kind, Bytes payload, long nowMillis) {
    OutboxEntry entry =
        new OutboxEntry(
            groupId,
            messageId,
            kind,
            payload,
            0,
            OutboxStatus.PENDING,
            nowMillis,
            OptionalLong.empty());
    guard.check();
    GroupKey key = new GroupKey(groupId, messageId);
    if (tables.outbox.containsKey(key)) {
      return false;
    }
    long sequence = tables.takeOutboxSequence();
    tables.outbox.put(key, new OutboxRow(sequence, entry));
    tables.outboxOrder.put(sequence, key);
    return true;
  }

  @Override
  public Optional<OutboxEntry> get(Bytes groupId, Bytes messageId) {
    GroupKey key = key(groupId, messageId);
    guard.check();
    return tables.outbox.get(key).map(OutboxRow::entry);
  }

  @Override
  public boolean markAttempt(Bytes groupId, Bytes messageId, long nowMillis) {
    return update(
        key(groupId, messageId),
        e ->
            new OutboxEntry(
                e.groupId(),
                e.messageId(),
                e.kind(),
                e.payload(),
                e.attempts() + 1,
                e.status() == OutboxStatus.ACKNOWLEDGED ? e.status() : OutboxStatus.SENT,
                e.createdAtMillis(),
                OptionalLong.of(nowMillis)));
  }

  @Override
  public boolean markAcknowledged(Bytes groupId, Bytes messageId) {
    return update(
        key(groupId, messageId), e -> withStatus(e, e.payload(), OutboxStatus.ACKNOWLEDGED));
  }

  @Override
  public boolean replacePayload(Bytes groupId, Bytes messageId, Bytes payload) {
    Objects.requireNonNull(payload, "payload");
    return update(key(groupId, messageId), e -> withStatus(e, payload, OutboxStatus.PENDING));
  }

  @Override
  public boolean remove(Bytes groupId, Bytes messageId) {
    GroupKey key = key(groupId, messageId);
    guard.check();
    Optional<OutboxRow> row = tables.outbox.get(key);
    if (row.isEmpty()) {
      return false;
    }
    tables.outboxOrder.remove(row.get().sequence());
    return tables.outbox.remove(key);
  }

  @Override
  public List<OutboxEntry> list(Bytes groupId) {
    Checks.id(groupId, "groupId");
    guard.check();
    return inOrder().stream().filter(e -> e.groupId().equals(groupId)).toList();
  }

  @Override
  public List<OutboxEntry> listUnacknowledged() {
    guard.check();
    return inOrder().stream().filter(e -> e.status() != OutboxStatus.ACKNOWLEDGED).toList();
  }

  private List<OutboxEntry> inOrder() {
    return tables.outboxOrder.view().values().stream()
        .map(key -> tables.outbox.get(key).orElseThrow().entry())
        .toList();
  }

  private boolean update(GroupKey key, UnaryOperator<OutboxEntry> change) {
    guard.check();
    Optional<OutboxRow> row = tables.outbox.get(key);
    if (row.isEmpty()) {
      return false;
    }
    tables.outbox.put(key, new OutboxRow(row.get().sequence(), change.apply(row.get().entry())));
    return true;
  }

  private static OutboxEntry withStatus(OutboxEntry e, Bytes payload, OutboxStatus status) {
    return new OutboxEntry(
        e.groupId(),
        e.messageId(),
        e.kind(),
        payload,
        e.attempts(),
        status,
        e.createdAtMillis(),
        e.lastAttemptAtMillis());
  }

  private static GroupKey key(Bytes groupId, Bytes messageId) {
    return new GroupKey(Checks.id(groupId, "groupId"), Checks.id(messageId, "messageId"));
  }
}
