package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * One group's storage in memory: {@link GroupTransaction}s applied, read back as a {@link
 * StoredGroup} to restart the engine. For the simulator and tests; a node stores the same writes in
 * its own storage engine. The saved states (head and fork snapshots) are kept in chunks, what they
 * share once ({@link ChunkedSecrets}): a simulation holds a store for every member.
 */
public final class MemoryGroupStore {
  private final ChunkedSecrets states = new ChunkedSecrets();
  private ChunkedSecrets.Stored head;
  private Optional<Bytes> history = Optional.empty();
  private final Map<Bytes, ChunkedSecrets.Stored> snapshots = new LinkedHashMap<>();
  private final Map<Bytes, OutboxItem> outbox = new LinkedHashMap<>();
  private final BoundedMap<Bytes, Boolean> delivered =
      new BoundedMap<>(GroupEngine.DELIVERED_CAPACITY);

  /** Applies {@code tx} whole, then destroys it. */
  public void apply(GroupTransaction tx) {
    try {
      for (GroupTransaction.Op op : tx.ops()) {
        apply(op, tx.atMillis());
      }
    } finally {
      tx.destroy();
    }
  }

  private void apply(GroupTransaction.Op op, long now) {
    if (op instanceof GroupTransaction.PutHead h) {
      replaceHead(states.put(h.state()));
    } else if (op instanceof GroupTransaction.PutSnapshot s) {
      removeState(snapshots.put(s.epochId(), states.put(s.snapshot())));
    } else if (op instanceof GroupTransaction.PutHistory h) {
      history = Optional.of(h.records());
    } else if (op instanceof GroupTransaction.DeleteSnapshot d) {
      removeState(snapshots.remove(d.epochId()));
    } else if (op instanceof GroupTransaction.OutboxPut p) {
      OutboxItem before = outbox.get(p.messageId());
      outbox.put(
          p.messageId(),
          new OutboxItem(
              p.messageId(),
              p.kind(),
              p.payload(),
              0,
              before == null ? now : before.createdAtMillis(),
              java.util.OptionalLong.empty()));
    } else if (op instanceof GroupTransaction.OutboxAttempt a) {
      OutboxItem item = outbox.get(a.messageId());
      if (item != null) {
        outbox.put(a.messageId(), item.attempted(now));
      }
    } else if (op instanceof GroupTransaction.OutboxRemove r) {
      outbox.remove(r.messageId());
    } else if (op instanceof GroupTransaction.MarkDelivered m) {
      delivered.put(m.messageId(), Boolean.TRUE);
    } else if (op instanceof GroupTransaction.ForgetGroup) {
      forget();
    }
  }

  /** True when a head state is stored (the member is in the group). */
  public boolean holdsGroup() {
    return head != null;
  }

  /** What is stored, to restart from; the caller hands it to {@link GroupEngine#restore}. */
  public Optional<StoredGroup> load() {
    if (head == null) {
      return Optional.empty();
    }
    List<StoredGroup.Snapshot> list = new ArrayList<>();
    snapshots.forEach((id, s) -> list.add(new StoredGroup.Snapshot(id, states.get(s))));
    return Optional.of(
        new StoredGroup(
            states.get(head),
            list,
            List.copyOf(outbox.values()),
            List.copyOf(delivered.keySet()),
            history));
  }

  /** The stored snapshots' epoch ids (for audits). */
  public List<Bytes> snapshotEpochs() {
    return List.copyOf(snapshots.keySet());
  }

  /** Erases everything. */
  public void forget() {
    replaceHead(null);
    snapshots.values().forEach(this::removeState);
    snapshots.clear();
    outbox.clear();
    delivered.clear();
    history = Optional.empty();
  }

  private void replaceHead(ChunkedSecrets.Stored next) {
    removeState(head);
    head = next;
  }

  private void removeState(ChunkedSecrets.Stored stored) {
    if (stored != null) {
      states.remove(stored);
    }
  }
}
