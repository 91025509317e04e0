package org.mlsmesh.node.storage;

import java.util.Comparator;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The tables of an {@link InMemoryNodeStorage}, all journaled in one {@link UndoLog}. Keys sort
 * like the SQLite columns (blobs by unsigned bytes), so both implementations list in one order.
 */
final class InMemoryTables {
  /** A row of a table keyed by group and a second id. */
  record GroupKey(Bytes groupId, Bytes id) {
    static final Comparator<GroupKey> ORDER =
        Comparator.comparing(GroupKey::groupId).thenComparing(GroupKey::id);

    /** The smallest key of {@code groupId}: ids are never empty. */
    static GroupKey first(Bytes groupId) {
      return new GroupKey(groupId, Bytes.EMPTY);
    }
  }

  /** A message-log row. */
  record TopicKey(String topic, Bytes messageId) {
    static final Comparator<TopicKey> ORDER =
        Comparator.comparing(TopicKey::topic).thenComparing(TopicKey::messageId);
  }

  /** The message log's time index. */
  record TimeKey(String topic, long receivedAtMillis, Bytes messageId) {
    static final Comparator<TimeKey> ORDER =
        Comparator.comparing(TimeKey::topic)
            .thenComparingLong(TimeKey::receivedAtMillis)
            .thenComparing(TimeKey::messageId);
  }

  /** An outbox row: its place in the queue and its entry. */
  record OutboxRow(long sequence, OutboxEntry entry) {}

  final UndoLog log = new UndoLog();
  final JournaledMap<Integer, StoredIdentity> identity =
      new JournaledMap<>(Comparator.naturalOrder(), log);
  final JournaledMap<Bytes, StoredKeyPackage> keyPackages =
      new JournaledMap<>(Comparator.naturalOrder(), log);
  final JournaledMap<Bytes, StoredGroupState> groupStates =
      new JournaledMap<>(Comparator.naturalOrder(), log);
  final JournaledMap<GroupKey, StoredForkSnapshot> forkSnapshots =
      new JournaledMap<>(GroupKey.ORDER, log);
  final JournaledMap<GroupKey, OutboxRow> outbox = new JournaledMap<>(GroupKey.ORDER, log);
  final JournaledMap<Long, GroupKey> outboxOrder =
      new JournaledMap<>(Comparator.naturalOrder(), log);
  final JournaledMap<GroupKey, Long> delivered = new JournaledMap<>(GroupKey.ORDER, log);
  final JournaledMap<TopicKey, LoggedMessage> messages = new JournaledMap<>(TopicKey.ORDER, log);
  final JournaledMap<TimeKey, Bytes> messagesByTime = new JournaledMap<>(TimeKey.ORDER, log);
  final JournaledMap<Bytes, ClaimStore.Claim> claims =
      new JournaledMap<>(Comparator.naturalOrder(), log);
  private long nextOutboxSequence = 1;

  /** The next place in the outbox queue; a rollback gives it back. */
  long takeOutboxSequence() {
    long taken = nextOutboxSequence++;
    log.record(() -> nextOutboxSequence = taken);
    return taken;
  }

  void destroyAll() {
    identity.destroyAll();
    keyPackages.destroyAll();
    groupStates.destroyAll();
    forkSnapshots.destroyAll();
    outbox.destroyAll();
    outboxOrder.destroyAll();
    delivered.destroyAll();
    messages.destroyAll();
    messagesByTime.destroyAll();
    claims.destroyAll();
  }
}
