package org.mlsmesh.node.storage;

import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The ids of application messages already delivered to the application, per group, so that a
 * message re-sent on another branch (same application message id) is delivered exactly once.
 */
public interface InboxStore {
  /**
   * Records the message as delivered at {@code nowMillis}.
   *
   * @return true if it was not delivered before: deliver it; false: drop the duplicate
   */
  boolean markDelivered(Bytes groupId, Bytes applicationMessageId, long nowMillis);

  boolean isDelivered(Bytes groupId, Bytes applicationMessageId);

  /** The group's delivered ids, newest first, at most {@code limit}. */
  List<Bytes> delivered(Bytes groupId, int limit);

  /** Forgets deliveries recorded before {@code cutoffMillis}; returns how many. */
  int pruneDeliveredBefore(long cutoffMillis);
}
