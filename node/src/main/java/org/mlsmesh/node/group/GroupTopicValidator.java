package org.mlsmesh.node.group;

import com.google.protobuf.ByteString;
import org.mlsmesh.consensus.mls.Beacons;
import org.mlsmesh.consensus.mls.ConsensusMessage;
import org.mlsmesh.consensus.mls.MeshException;
import org.mlsmesh.consensus.mls.MeshHeader;
import org.mlsmesh.gossip.MessageId;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.Validator;
import org.mlsmesh.gossip.Verdict;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.framing.ContentType;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PrivateMessage;
import org.mlsmesh.protocol.framing.PublicMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossip validation hook for group topics: a message that breaks a {@link GroupTopicCode} rule
 * is rejected before it is relayed, and its sender penalized. The checks need no keys — a known
 * tag, an MLSMessage that decodes strictly, the content type the tag announces, the topic's group
 * id and a mesh header that parses — so that garbage stops at the first hop instead of reaching
 * every member. What needs the group's state (signatures, decryption, the epoch) stays with the
 * group's actor. Other topics pass.
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
    return topic.startsWith(PREFIX);
  }

  /** Checks a payload on the group topic {@code topic}; throws with the rule it breaks. */
  public static void check(String topic, ByteString payload) throws GroupTopicException {
    if (payload.isEmpty()) {
      throw new GroupTopicException(GroupTopicCode.TAG_UNKNOWN, "empty payload");
    }
    byte tag = payload.byteAt(0);
    Bytes wire = Bytes.wrap(payload.substring(1).toByteArray());
    switch (tag) {
      case GroupWire.COMMIT -> checkMls(topic, wire, ContentType.COMMIT);
      case GroupWire.APPLICATION -> checkMls(topic, wire, ContentType.APPLICATION);
      case GroupWire.PROPOSAL -> checkMls(topic, wire, ContentType.PROPOSAL);
      case GroupWire.BEACON -> checkBeacon(topic, wire);
      default -> throw new GroupTopicException(GroupTopicCode.TAG_UNKNOWN, "tag " + tag);
    }
  }

  // RFC 9420 §6: the MLSMessage framing, read without keys.
  private static void checkMls(String topic, Bytes wire, ContentType expected)
      throws GroupTopicException {
    MlsMessage message;
    try {
      message = TlsReader.decodeAll(wire, MlsMessage::decode);
    } catch (DecodeException e) {
      throw new GroupTopicException(GroupTopicCode.MLS_MESSAGE_MALFORMED, e.getMessage());
    }
    Bytes groupId;
    ContentType type;
    Bytes authenticatedData;
    if (message.privateMessage().isPresent()) {
      PrivateMessage m = message.privateMessage().get();
      groupId = m.groupId();
      type = m.contentType();
      authenticatedData = m.authenticatedData();
    } else if (message.publicMessage().isPresent()) {
      PublicMessage m = message.publicMessage().get();
      groupId = m.content().groupId();
      type = m.content().contentType();
      authenticatedData = m.content().authenticatedData();
      if (expected == ContentType.APPLICATION) {
        // RFC 9420 §6.2: application data is only ever sent as a PrivateMessage.
        throw new GroupTopicException(
            GroupTopicCode.WIRE_FORMAT_UNEXPECTED, "an application message in a PublicMessage");
      }
    } else {
      throw new GroupTopicException(
          GroupTopicCode.WIRE_FORMAT_UNEXPECTED, "a " + message.wireFormat() + " on a group topic");
    }
    if (type != expected) {
      throw new GroupTopicException(
          GroupTopicCode.CONTENT_TYPE_MISMATCH, "a " + type + " tagged as " + expected);
    }
    requireTopicGroup(topic, groupId);
    try {
      MeshHeader.decode(authenticatedData);
    } catch (MeshException e) {
      throw new GroupTopicException(GroupTopicCode.MESH_HEADER_MALFORMED, e.getMessage());
    }
  }

  private static void checkBeacon(String topic, Bytes wire) throws GroupTopicException {
    ConsensusMessage message;
    try {
      message = Beacons.decode(wire);
    } catch (MeshException e) {
      throw new GroupTopicException(GroupTopicCode.BEACON_MALFORMED, e.getMessage());
    }
    if (!(message instanceof ConsensusMessage.SignedBeacon signed)) {
      throw new GroupTopicException(
          GroupTopicCode.BEACON_MALFORMED, "a " + message.getClass().getSimpleName());
    }
    requireTopicGroup(topic, signed.groupId());
  }

  private static void requireTopicGroup(String topic, Bytes groupId) throws GroupTopicException {
    if (!GroupWire.topic(groupId).equals(topic)) {
      throw new GroupTopicException(
          GroupTopicCode.GROUP_MISMATCH, "group " + groupId.toHex() + " on " + topic);
    }
  }
}
