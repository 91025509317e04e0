package org.mlsmesh.consensus.group;

import java.util.Objects;
import java.util.OptionalLong;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What the member must still send, as it is stored: an own Commit until it is final, an application
 * message until its epoch is final, a Welcome until its invitee acknowledged it.
 *
 * @param messageId the Commit id, the application message id, or {@code 'w' || commit id}
 * @param payload the MLSMessage to send; for a Welcome, the invitee's identity (length-prefixed)
 *     and the Welcome
 * @param attempts how often it was handed to the network
 */
public record OutboxItem(
    Bytes messageId,
    Kind kind,
    Bytes payload,
    int attempts,
    long createdAtMillis,
    OptionalLong lastAttemptAtMillis) {
  /** What an entry carries. */
  public enum Kind {
    COMMIT,
    APPLICATION,
    WELCOME
  }

  public OutboxItem {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(lastAttemptAtMillis, "lastAttemptAtMillis");
  }

  OutboxItem attempted(long nowMillis) {
    return new OutboxItem(
        messageId, kind, payload, attempts + 1, createdAtMillis, OptionalLong.of(nowMillis));
  }

  @Override
  public String toString() {
    return "OutboxItem[" + kind + " " + messageId + ", " + payload.length() + " bytes]";
  }
}
