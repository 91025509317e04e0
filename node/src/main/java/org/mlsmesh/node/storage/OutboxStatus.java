package org.mlsmesh.node.storage;

/** Where an outbox entry is in its life; storage keeps it as the constant's name. */
public enum OutboxStatus {
  /** Stored, not yet handed to gossip (or to be re-sent after its payload was replaced). */
  PENDING,
  /** Handed to gossip at least once; may need re-sending. */
  SENT,
  /** Seen applied by the group; kept until the caller removes it. */
  ACKNOWLEDGED
}
