package org.mlsmesh.node.storage;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * A group state kept so the fork choice can roll back to it, named by the content-derived id of its
 * epoch. It holds epoch secrets: copied in, handed out as fresh copies, never printed, and deleted
 * from storage once the epoch settles (forward secrecy).
 */
public final class StoredForkSnapshot implements Destroyable {
  private final Bytes groupId;
  private final Bytes epochId;
  private final long epoch;
  private final Secret snapshot;
  private final long createdAtMillis;

  /** Copies {@code snapshot}; the caller keeps (and may destroy) its own. */
  public StoredForkSnapshot(
      Bytes groupId, Bytes epochId, long epoch, Secret snapshot, long createdAtMillis) {
    this.groupId = Checks.id(groupId, "groupId");
    this.epochId = Checks.id(epochId, "epochId");
    this.epoch = Checks.epoch(epoch);
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot").copy();
    this.createdAtMillis = createdAtMillis;
  }

  public Bytes groupId() {
    return groupId;
  }

  /** The content-derived id of the snapshot's epoch (two forks may share an epoch number). */
  public Bytes epochId() {
    return epochId;
  }

  public long epoch() {
    return epoch;
  }

  /** A fresh copy of the serialized snapshot, which the caller should destroy when done. */
  public Secret snapshot() {
    return snapshot.copy();
  }

  public long createdAtMillis() {
    return createdAtMillis;
  }

  /** An independent copy, for a store that must not share secrets with its callers. */
  StoredForkSnapshot copy() {
    return new StoredForkSnapshot(groupId, epochId, epoch, snapshot, createdAtMillis);
  }

  @Override
  public void destroy() {
    snapshot.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return snapshot.isDestroyed();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredForkSnapshot
        && groupId.equals(((StoredForkSnapshot) other).groupId)
        && epochId.equals(((StoredForkSnapshot) other).epochId)
        && epoch == ((StoredForkSnapshot) other).epoch
        && snapshot.equals(((StoredForkSnapshot) other).snapshot)
        && createdAtMillis == ((StoredForkSnapshot) other).createdAtMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(groupId, epochId, epoch, createdAtMillis);
  }

  @Override
  public String toString() {
    return "StoredForkSnapshot[groupId="
        + groupId
        + ", epochId="
        + epochId
        + ", epoch="
        + epoch
        + ", snapshot="
        + snapshot
        + ", createdAtMillis="
        + createdAtMillis
        + "]";
  }
}
