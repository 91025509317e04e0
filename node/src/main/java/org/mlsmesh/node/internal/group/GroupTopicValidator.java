package org.mlsmesh.node.internal.group;

import com.google.protobuf.ByteString;
import org.mlsmesh.consensus.group.GroupTopicCode;
import org.mlsmesh.consensus.group.GroupTopicException;
import org.mlsmesh.consensus.group.GroupWire;
import org.mlsmesh.gossip.MessageId;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.Validator;
import org.mlsmesh.gossip.Verdict;
import org.mlsmesh.protocol.codec.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossip validation hook for group topics: a frame that breaks a {@link GroupTopicCode} rule of
 * the group wire ({@link GroupWire#parseTopic}) is rejected before it is relayed, and its sender
 * penalized. The checks need no keys, so that garbage stops at the first hop instead of reaching
 * every member. What needs the group's state (signatures, decryption, the epoch) stays with the
 * group's engine. Other topics pass.
 */
public final class GroupTopicValidator implements Validator {
  private static final Logger LOG = LoggerFactory.getLogger(GroupTopicValidator.class);

  /** Every group topic starts with this: the topic of the empty group id. */
  private static final String PREFIX = GroupWire.topic(Bytes.EMPTY);

  @Override
  public Verdict validate(String topic, MessageId id, ByteString payload, PeerId from) {
    if (!isGroupTopic(topic)) {
      return Verdict.ACCEPT;
    }
    try {
      check(topic, payload);
      return Verdict.ACCEPT;
    } catch (GroupTopicException e) {
      LOG.debug("rejected {} on {} from {}: {}", id, topic, from, e.getMessage());
      return Verdict.REJECT;
    }
  }

  /** True for the topics of groups ({@link GroupWire#topic}). */
  public static boolean isGroupTopic(String topic) {
    return GroupWire.isGroupTopic(topic);
  }

  /** Checks a payload on the group topic {@code topic}; throws with the rule it breaks. */
  public static void check(String topic, ByteString payload) throws GroupTopicException {
    Bytes groupId;
    try {
      groupId = Bytes.fromHex(topic.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new GroupTopicException(GroupTopicCode.GROUP_MISMATCH, "topic " + topic);
    }
    GroupWire.parseTopic(groupId, Bytes.wrap(payload.toByteArray()));
  }
}
