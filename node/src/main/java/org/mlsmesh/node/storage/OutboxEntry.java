package org.mlsmesh.node.storage;

import java.util.Objects;
import java.util.OptionalLong;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A message this node must send until it is acknowledged.
 *
 * @param groupId the group it belongs to
 * @param messageId the caller's id for it, unique within the group (for an application message, its
 *     application message id, which stays the same when it is re-sent on another branch)
 * @param kind what it carries
 * @param payload what to send (or what to re-encrypt); not printed by {@link #toString}, since it
 *     may be a plaintext waiting to be re-encrypted
 * @param attempts how often it was handed to gossip
 * @param status where it is in its life
 * @param createdAtMillis when it was enqueued
 * @param lastAttemptAtMillis when it was last handed to gossip, if ever
 */
public record OutboxEntry(
    Bytes groupId,
    Bytes messageId,
    OutboxKind kind,
    Bytes payload,
    int attempts,
    OutboxStatus status,
    long createdAtMillis,
    OptionalLong lastAttemptAtMillis) {
  public OutboxEntry {
    Checks.id(groupId, "groupId");
    Checks.id(messageId, "messageId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(lastAttemptAtMillis, "lastAttemptAtMillis");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative: " + attempts);
    }
  }

  @Override
  public String toString() {
    return "OutboxEntry[groupId="
        + groupId
        + ", messageId="
        + messageId
        + ", kind="
        + kind
        + ", payload="
        + payload.length()
        + " bytes, attempts="
        + attempts
        + ", status="
        + status
        + ", createdAtMillis="
        + createdAtMillis
        + ", lastAttemptAtMillis="
        + lastAttemptAtMillis
        + "]";
  }
}
