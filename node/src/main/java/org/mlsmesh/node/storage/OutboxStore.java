package org.mlsmesh.node.storage;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * Messages this node must send until the group acknowledges them, in the order they were enqueued.
 * Enqueue before handing a message to gossip, so a crash cannot lose it.
 */
public interface OutboxStore {
  /**
   * Enqueues a message as {@link OutboxStatus#PENDING} with no attempts.
   *
   * @return false, changing nothing, if the group already has an entry with this message id
   */
  boolean enqueue(Bytes groupId, Bytes messageId, OutboxKind kind, Bytes payload, long nowMillis);

  Optional<OutboxEntry> get(Bytes groupId, Bytes messageId);

  /**
   * Records that the message was handed to gossip at {@code nowMillis}: one more attempt, and
   * status {@link OutboxStatus#SENT} unless already acknowledged. False if absent.
   */
  boolean markAttempt(Bytes groupId, Bytes messageId, long nowMillis);

  /** Sets status {@link OutboxStatus#ACKNOWLEDGED}; false if absent. */
  boolean markAcknowledged(Bytes groupId, Bytes messageId);

  /**
   * Replaces the payload (a message re-encrypted for the winning branch keeps its id and its place
   * in the queue) and sets status {@link OutboxStatus#PENDING}; false if absent.
   */
  boolean replacePayload(Bytes groupId, Bytes messageId, Bytes payload);

  /** Removes the entry; false if absent. */
  boolean remove(Bytes groupId, Bytes messageId);

  /** The group's entries in the order they were enqueued. */
  List<OutboxEntry> list(Bytes groupId);

  /** Every group's entries that are not acknowledged, in the order they were enqueued. */
  List<OutboxEntry> listUnacknowledged();
}
