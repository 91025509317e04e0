package org.mlsmesh.node.internal.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.consensus.group.GroupTransaction;
import org.mlsmesh.consensus.group.OutboxItem;
import org.mlsmesh.consensus.group.StoredGroup;
import org.mlsmesh.node.storage.NodeStorage;
import org.mlsmesh.node.storage.OutboxEntry;
import org.mlsmesh.node.storage.OutboxKind;
import org.mlsmesh.node.storage.OutboxStatus;
import org.mlsmesh.node.storage.StorageOperations;
import org.mlsmesh.node.storage.StoredForkSnapshot;
import org.mlsmesh.node.storage.StoredGroupState;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * A group engine's storage in the node's {@link NodeStorage}: writes each {@link GroupTransaction}
 * inside a storage transaction that the {@link GroupCommitter} commits (synced, for SQLite) before
 * the actor carries out anything after it; {@link #load} reads back what a restarted engine needs.
 */
final class GroupStore {
  /**
   * The fork-snapshot row that holds the records of final Commits: an id no epoch has (epoch ids
   * are 32-byte exporter outputs).
   */
  static final Bytes HISTORY_ROW = Bytes.of(new byte[] {'h'});

  /** Delivered ids read back at a restart: the newest ones. */
  private static final int DELIVERED_ON_RESTART = 1 << 16;

  private final NodeStorage storage;
  private final Bytes groupId;

  GroupStore(NodeStorage storage, Bytes groupId) {
    this.storage = storage;
    this.groupId = groupId;
  }

  /** The group whose rows this store writes. */
  Bytes groupId() {
    return groupId;
  }

  /** The storage this store writes to. */
  NodeStorage storage() {
    return storage;
  }

  /**
   * Writes {@code tx} inside the storage transaction {@code s} (see {@link GroupCommitter}); does
   * not destroy it.
   */
  void write(StorageOperations s, GroupTransaction tx) {
    for (GroupTransaction.Op op : tx.ops()) {
      apply(s, op, tx.atMillis());
    }
  }

  private void apply(StorageOperations s, GroupTransaction.Op op, long now) {
    if (op instanceof GroupTransaction.PutHead h) {
      s.groupStates().put(new StoredGroupState(groupId, h.epoch(), h.state(), now));
    } else if (op instanceof GroupTransaction.PutSnapshot p) {
      s.forkSnapshots()
          .put(new StoredForkSnapshot(groupId, p.epochId(), p.epoch(), p.snapshot(), now));
    } else if (op instanceof GroupTransaction.PutHistory h) {
      Secret records = Secret.of(h.records());
      try {
        s.forkSnapshots().put(new StoredForkSnapshot(groupId, HISTORY_ROW, 0, records, now));
      } finally {
        records.destroy();
      }
    } else if (op instanceof GroupTransaction.DeleteSnapshot d) {
      s.forkSnapshots().delete(groupId, d.epochId());
    } else if (op instanceof GroupTransaction.OutboxPut p) {
      if (!s.outbox().replacePayload(groupId, p.messageId(), p.payload())) {
        s.outbox().enqueue(groupId, p.messageId(), kind(p.kind()), p.payload(), now);
      }
    } else if (op instanceof GroupTransaction.OutboxAttempt a) {
      s.outbox().markAttempt(groupId, a.messageId(), now);
    } else if (op instanceof GroupTransaction.OutboxRemove r) {
      s.outbox().remove(groupId, r.messageId());
    } else if (op instanceof GroupTransaction.MarkDelivered m) {
      s.inbox().markDelivered(groupId, m.messageId(), now);
    } else if (op instanceof GroupTransaction.ForgetGroup) {
      s.groupStates().remove(groupId);
    }
  }

  /** What storage holds of {@code groupId}, for {@code GroupEngine.restore}. */
  static Optional<StoredGroup> load(NodeStorage storage, Bytes groupId) {
    return storage.computeInTransaction(
        s -> {
          Optional<StoredGroupState> head = s.groupStates().get(groupId);
          if (head.isEmpty()) {
            return Optional.<StoredGroup>empty();
          }
          List<StoredGroup.Snapshot> snapshots = new ArrayList<>();
          Optional<Bytes> history = Optional.empty();
          for (StoredForkSnapshot stored : s.forkSnapshots().list(groupId)) {
            Secret payload = stored.snapshot();
            if (stored.epochId().equals(HISTORY_ROW)) {
              history = Optional.of(payload.insecureAsBytes()); // public records, no secret
              payload.destroy();
            } else {
              snapshots.add(new StoredGroup.Snapshot(stored.epochId(), payload));
            }
            stored.destroy();
          }
          List<OutboxItem> outbox = new ArrayList<>();
          for (OutboxEntry e : s.outbox().list(groupId)) {
            item(e).ifPresent(outbox::add);
          }
          StoredGroupState state = head.get();
          try {
            return Optional.of(
                new StoredGroup(
                    state.state(),
                    snapshots,
                    outbox,
                    s.inbox().delivered(groupId, DELIVERED_ON_RESTART),
                    history));
          } finally {
            state.destroy();
          }
        });
  }

  private static Optional<OutboxItem> item(OutboxEntry e) {
    OutboxItem.Kind kind;
    switch (e.kind()) {
      case COMMIT -> kind = OutboxItem.Kind.COMMIT;
      case APPLICATION -> kind = OutboxItem.Kind.APPLICATION;
      case WELCOME -> kind = OutboxItem.Kind.WELCOME;
      default -> {
        return Optional.empty(); // a standalone proposal: proposed again by the engine if due
      }
    }
    boolean sent = e.status() != OutboxStatus.PENDING;
    return Optional.of(
        new OutboxItem(
            e.messageId(),
            kind,
            e.payload(),
            sent ? Math.max(1, e.attempts()) : 0,
            e.createdAtMillis(),
            sent ? e.lastAttemptAtMillis() : java.util.OptionalLong.empty()));
  }

  private static OutboxKind kind(OutboxItem.Kind kind) {
    return switch (kind) {
      case COMMIT -> OutboxKind.COMMIT;
      case APPLICATION -> OutboxKind.APPLICATION;
      case WELCOME -> OutboxKind.WELCOME;
    };
  }
}
