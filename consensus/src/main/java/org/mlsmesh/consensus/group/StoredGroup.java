package org.mlsmesh.consensus.group;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * Everything the shell stored of one group ({@link GroupTransaction}s applied), read back to
 * restart its engine ({@link GroupEngine#restore}). Holds secrets: the engine destroys it.
 *
 * @param head the saved head state
 * @param snapshots the fork snapshots, any order
 * @param outbox the outbox in the order its entries were first enqueued
 * @param delivered the ids of application messages delivered (the newest, at least)
 * @param history the stored records of final Commits ({@link GroupTransaction.PutHistory}), if any
 */
public record StoredGroup(
    Secret head,
    List<Snapshot> snapshots,
    List<OutboxItem> outbox,
    List<Bytes> delivered,
    Optional<Bytes> history) {
  /** One stored fork snapshot. */
  public record Snapshot(Bytes epochId, Secret payload) {
    public Snapshot {
      Objects.requireNonNull(epochId, "epochId");
      Objects.requireNonNull(payload, "payload");
    }
  }

  public StoredGroup {
    Objects.requireNonNull(head, "head");
    snapshots = List.copyOf(snapshots);
    outbox = List.copyOf(outbox);
    delivered = List.copyOf(delivered);
    Objects.requireNonNull(history, "history");
  }

  void destroy() {
    head.destroy();
    snapshots.forEach(s -> s.payload().destroy());
  }

  @Override
  public String toString() {
    return "StoredGroup[" + snapshots.size() + " snapshots, " + outbox.size() + " outbox entries]";
  }
}
