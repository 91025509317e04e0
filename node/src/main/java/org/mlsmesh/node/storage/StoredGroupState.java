package org.mlsmesh.node.storage;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * The serialized state of one group as the caller wrote it. The state holds the member's private
 * keys and epoch secrets, so it is a {@link Secret}: copied in, handed out as fresh copies, never
 * printed.
 */
public final class StoredGroupState implements Destroyable {
  private final Bytes groupId;
  private final long epoch;
  private final Secret state;
  private final long updatedAtMillis;

  /** Copies {@code state}; the caller keeps (and may destroy) its own. */
  public StoredGroupState(Bytes groupId, long epoch, Secret state, long updatedAtMillis) {
    this.groupId = Checks.id(groupId, "groupId");
    this.epoch = Checks.epoch(epoch);
    this.state = Objects.requireNonNull(state, "state").copy();
    this.updatedAtMillis = updatedAtMillis;
  }

  public Bytes groupId() {
    return groupId;
  }

  /** The epoch number (RFC 9420 §8); it may go down when the fork choice rolls back. */
  public long epoch() {
    return epoch;
  }

  /** A fresh copy of the serialized state, which the caller should destroy when done. */
  public Secret state() {
    return state.copy();
  }

  public long updatedAtMillis() {
    return updatedAtMillis;
  }

  /** An independent copy, for a store that must not share secrets with its callers. */
  StoredGroupState copy() {
    return new StoredGroupState(groupId, epoch, state, updatedAtMillis);
  }

  @Override
  public void destroy() {
    state.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return state.isDestroyed();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredGroupState
        && groupId.equals(((StoredGroupState) other).groupId)
        && epoch == ((StoredGroupState) other).epoch
        && state.equals(((StoredGroupState) other).state)
        && updatedAtMillis == ((StoredGroupState) other).updatedAtMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(groupId, epoch, updatedAtMillis);
  }

  @Override
  public String toString() {
    return "StoredGroupState[groupId="
        + groupId
        + ", epoch="
        + epoch
        + ", state="
        + state
        + ", updatedAtMillis="
        + updatedAtMillis
        + "]";
  }
}
