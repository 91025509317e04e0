package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The stores a {@link NodeStorage} offers outside transactions: each call runs as its own
 * transaction through {@link NodeStorage#computeInTransaction}, so a call that touches several rows
 * (consuming a KeyPackage, removing a group) is atomic on its own.
 */
final class AutoCommitStores {
  private final NodeStorage storage;

  private AutoCommitStores(NodeStorage storage) {
    this.storage = storage;
  }

  /** The stores of {@code storage} whose every call is its own transaction. */
  static StoreSet of(NodeStorage storage) {
    AutoCommitStores stores = new AutoCommitStores(storage);
    return new StoreSet(
        stores.new Identity(),
        stores.new KeyPackages(),
        stores.new GroupStates(),
        stores.new ForkSnapshots(),
        stores.new Outbox(),
        stores.new Inbox(),
        stores.new MessageLog(),
        stores.new Claims());
  }

  private <T> T tx(TransactionBody<T, RuntimeException> body) {
    return storage.computeInTransaction(body);
  }

  private final class Claims implements ClaimStore {
    @Override
    public void put(Bytes ref, Bytes identity, long untilMillis) {
      storage.inTransaction(tx -> tx.claims().put(ref, identity, untilMillis));
    }

    @Override
    public List<Claim> listAfter(long nowMillis) {
      return tx(tx -> tx.claims().listAfter(nowMillis));
    }

    @Override
    public int pruneUntil(long nowMillis) {
      return tx(tx -> tx.claims().pruneUntil(nowMillis));
    }
  }

  private final class Identity implements IdentityStore {
    @Override
    public void store(StoredIdentity value) {
      storage.inTransaction(tx -> tx.identity().store(value));
    }

    @Override
    public Optional<StoredIdentity> load() {
      return tx(tx -> tx.identity().load());
    }
  }

  private final class KeyPackages implements KeyPackageStore {
    @Override
    public void add(StoredKeyPackage keyPackage) {
      storage.inTransaction(tx -> tx.keyPackages().add(keyPackage));
    }

    @Override
    public Optional<StoredKeyPackage> consume(Bytes ref) {
      return tx(tx -> tx.keyPackages().consume(ref));
    }

    @Override
    public Optional<KeyPackageInfo> find(Bytes ref) {
      return tx(tx -> tx.keyPackages().find(ref));
    }

    @Override
    public boolean delete(Bytes ref) {
      return tx(tx -> tx.keyPackages().delete(ref));
    }

    @Override
    public List<KeyPackageInfo> list() {
      return tx(tx -> tx.keyPackages().list());
    }

    @Override
    public int countSingleUse() {
      return tx(tx -> tx.keyPackages().countSingleUse());
    }
  }

  private final class GroupStates implements GroupStateStore {
    @Override
    public void put(StoredGroupState state) {
      storage.inTransaction(tx -> tx.groupStates().put(state));
    }

    @Override
    public Optional<StoredGroupState> get(Bytes groupId) {
      return tx(tx -> tx.groupStates().get(groupId));
    }

    @Override
    public List<Bytes> groupIds() {
      return tx(tx -> tx.groupStates().groupIds());
    }

    @Override
    public boolean remove(Bytes groupId) {
      return tx(tx -> tx.groupStates().remove(groupId));
    }
  }

  private final class ForkSnapshots implements ForkSnapshotStore {
    @Override
    public void put(StoredForkSnapshot snapshot) {
      storage.inTransaction(tx -> tx.forkSnapshots().put(snapshot));
    }

    @Override
    public Optional<StoredForkSnapshot> get(Bytes groupId, Bytes epochId) {
      return tx(tx -> tx.forkSnapshots().get(groupId, epochId));
    }

    @Override
    public List<StoredForkSnapshot> list(Bytes groupId) {
      return tx(tx -> tx.forkSnapshots().list(groupId));
    }

    @Override
    public boolean delete(Bytes groupId, Bytes epochId) {
      return tx(tx -> tx.forkSnapshots().delete(groupId, epochId));
    }

    @Override
    public int deleteBeforeEpoch(Bytes groupId, long epoch) {
      return tx(tx -> tx.forkSnapshots().deleteBeforeEpoch(groupId, epoch));
    }

    @Override
    public int deleteCreatedBefore(Bytes groupId, long cutoffMillis) {
      return tx(tx -> tx.forkSnapshots().deleteCreatedBefore(groupId, cutoffMillis));
    }
  }

  private final class Outbox implements OutboxStore {
    @Override
    public boolean enqueue(
        Bytes groupId, Bytes messageId, OutboxKind kind, Bytes payload, long nowMillis) {
      return tx(tx -> tx.outbox().enqueue(groupId, messageId, kind, payload, nowMillis));
    }

    @Override
    public Optional<OutboxEntry> get(Bytes groupId, Bytes messageId) {
      return tx(tx -> tx.outbox().get(groupId, messageId));
    }

    @Override
    public boolean markAttempt(Bytes groupId, Bytes messageId, long nowMillis) {
      return tx(tx -> tx.outbox().markAttempt(groupId, messageId, nowMillis));
    }

    @Override
    public boolean markAcknowledged(Bytes groupId, Bytes messageId) {
      return tx(tx -> tx.outbox().markAcknowledged(groupId, messageId));
    }

    @Override
    public boolean replacePayload(Bytes groupId, Bytes messageId, Bytes payload) {
      return tx(tx -> tx.outbox().replacePayload(groupId, messageId, payload));
    }

    @Override
    public boolean remove(Bytes groupId, Bytes messageId) {
      return tx(tx -> tx.outbox().remove(groupId, messageId));
    }

    @Override
    public List<OutboxEntry> list(Bytes groupId) {
      return tx(tx -> tx.outbox().list(groupId));
    }

    @Override
    public List<OutboxEntry> listUnacknowledged() {
      return tx(tx -> tx.outbox().listUnacknowledged());
    }
  }

  private final class Inbox implements InboxStore {
    @Override
    public boolean markDelivered(Bytes groupId, Bytes applicationMessageId, long nowMillis) {
      return tx(tx -> tx.inbox().markDelivered(groupId, applicationMessageId, nowMillis));
    }

    @Override
    public boolean isDelivered(Bytes groupId, Bytes applicationMessageId) {
      return tx(tx -> tx.inbox().isDelivered(groupId, applicationMessageId));
    }

    @Override
    public List<Bytes> delivered(Bytes groupId, int limit) {
      return tx(tx -> tx.inbox().delivered(groupId, limit));
    }

    @Override
    public int pruneDeliveredBefore(long cutoffMillis) {
      return tx(tx -> tx.inbox().pruneDeliveredBefore(cutoffMillis));
    }
  }

  private final class MessageLog implements MessageLogStore {
    @Override
    public boolean append(String topic, Bytes messageId, Bytes payload, long receivedAtMillis) {
      return tx(tx -> tx.messageLog().append(topic, messageId, payload, receivedAtMillis));
    }

    @Override
    public Optional<LoggedMessage> get(String topic, Bytes messageId) {
      return tx(tx -> tx.messageLog().get(topic, messageId));
    }

    @Override
    public List<Bytes> idsBetween(String topic, long fromMillis, long toMillis, int limit) {
      return tx(tx -> tx.messageLog().idsBetween(topic, fromMillis, toMillis, limit));
    }

    @Override
    public int pruneBefore(long cutoffMillis) {
      return tx(tx -> tx.messageLog().pruneBefore(cutoffMillis));
    }
  }
}
