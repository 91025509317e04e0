package org.mlsmesh.node.storage;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A gossip payload kept for anti-entropy: peers that missed it can pull it by id.
 *
 * @param topic the gossip topic it was broadcast on
 * @param messageId the gossip message id
 * @param payload the payload as received (an MLSMessage: already protected)
 * @param receivedAtMillis when this node received it
 */
public record LoggedMessage(String topic, Bytes messageId, Bytes payload, long receivedAtMillis) {
  public LoggedMessage {
    Checks.topic(topic);
    Checks.id(messageId, "messageId");
    Objects.requireNonNull(payload, "payload");
  }
}
