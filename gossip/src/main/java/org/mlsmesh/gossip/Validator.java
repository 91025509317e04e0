package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;

/**
 * The hook through which the MLS layer refuses garbage before it is forwarded. Called once per new
 * message on a subscribed topic; messages on topics the node does not subscribe to are relayed
 * without it. Must be deterministic and must not block.
 */
@FunctionalInterface
public interface Validator {
  Validator ACCEPT_ALL = (topic, id, payload, from) -> Verdict.ACCEPT;

  Verdict validate(String topic, MessageId id, ByteString payload, PeerId from);
}
