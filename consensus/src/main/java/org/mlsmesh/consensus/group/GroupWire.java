package org.mlsmesh.consensus.group;

import java.util.Optional;
import org.mlsmesh.consensus.mls.ConsensusMessage;
import org.mlsmesh.consensus.mls.MeshException;
import org.mlsmesh.consensus.mls.MeshHeader;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.framing.ContentType;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PrivateMessage;
import org.mlsmesh.protocol.framing.PublicMessage;

/**
 * The group wire, whole: every frame on a group's gossip topic and every direct message between
 * members of a group, how each is written, and how each is parsed — once — into a {@link
 * GroupFrame}. A rule a frame breaks is a {@link GroupTopicCode}; each is checked without the
 * group's keys, so a relay can check it at the first hop.
 *
 * <pre>
 * Topic "mls/group/&lt;hex group id&gt;": one tag byte, then
 *   1 COMMIT       MLSMessage (a Commit; PublicMessage or PrivateMessage)
 *   2 APPLICATION  MLSMessage (a PrivateMessage of mesh application content)
 *   3 PROPOSAL     MLSMessage (a standalone proposal)
 *   4 BEACON       ConsensusMessage (a signed beacon)
 * Direct message: one channel byte (0x01 is the KeyPackage directory's), then
 *   2 WELCOME      struct { MLSMessage welcome&lt;V&gt;; opaque inviter_records&lt;V&gt;; }: a Welcome,
 *                  and empty or a ConsensusMessage (the inviter's signed records from the epoch
 *                  the Welcome joins, which the joiner adopts: ForkChoice#adoptDecided)
 *   3 WELCOME_ACK  the group id, raw
 *   4 CONSENSUS    one kind byte, then
 *       1 ConsensusMessage (a pull, or a beacon answering a records pull)
 *       2 struct { opaque group_id&lt;V&gt;; MLSMessage commit&lt;V&gt;; }  (a Commit answering a pull)
 *       3 struct { opaque group_id&lt;V&gt;; }  (a request for the head's GroupInfo)
 *       4 struct { opaque group_id&lt;V&gt;; opaque epoch_id&lt;V&gt;; MLSMessage group_info&lt;V&gt;; }
 * </pre>
 *
 * Every MLSMessage carries a {@link MeshHeader} as its authenticated_data and the group id of the
 * topic or of the direct message that carries it.
 */
public final class GroupWire {
  public static final byte COMMIT = 1;
  public static final byte APPLICATION = 2;
  public static final byte PROPOSAL = 3;
  public static final byte BEACON = 4;

  public static final byte WELCOME_CHANNEL = 0x02;
  public static final byte WELCOME_ACK_CHANNEL = 0x03;
  public static final byte CONSENSUS_CHANNEL = 0x04;

  private static final byte CONSENSUS_MESSAGE = 1;
  private static final byte PULLED_COMMIT = 2;
  private static final byte GROUP_INFO_REQUEST = 3;
  private static final byte GROUP_INFO = 4;

  private static final String TOPIC_PREFIX = "mls/group/";

  private GroupWire() {}

  /** The gossip topic of the group {@code groupId}. */
  public static String topic(Bytes groupId) {
    return TOPIC_PREFIX + groupId.toHex();
  }

  /** True for the topics of groups. */
  public static boolean isGroupTopic(String topic) {
    return topic.startsWith(TOPIC_PREFIX);
  }

  /** True for a direct message of the group wire (not another subsystem's). */
  public static boolean isGroupDirect(Bytes payload) {
    if (payload.isEmpty()) {
      return false;
    }
    byte channel = payload.get(0);
    return channel == WELCOME_CHANNEL
        || channel == WELCOME_ACK_CHANNEL
        || channel == CONSENSUS_CHANNEL;
  }

  // --- Writing ---

  /** {@code tag} followed by {@code body}. */
  public static Bytes frame(byte tag, Bytes body) {
    return Bytes.concat(Bytes.of(new byte[] {tag}), body);
  }

  public static Bytes consensus(ConsensusMessage message) {
    return frame(
        CONSENSUS_CHANNEL,
        Bytes.concat(Bytes.of(new byte[] {CONSENSUS_MESSAGE}), message.encode()));
  }

  public static Bytes pulledCommit(Bytes groupId, Bytes commit) {
    return frame(
        CONSENSUS_CHANNEL,
        new TlsWriter().u8(PULLED_COMMIT).vlBytes(groupId).vlBytes(commit).toBytes());
  }

  public static Bytes groupInfoRequest(Bytes groupId) {
    return frame(
        CONSENSUS_CHANNEL, new TlsWriter().u8(GROUP_INFO_REQUEST).vlBytes(groupId).toBytes());
  }

  public static Bytes groupInfo(Bytes groupId, Bytes epochId, Bytes groupInfo) {
    return frame(
        CONSENSUS_CHANNEL,
        new TlsWriter()
            .u8(GROUP_INFO)
            .vlBytes(groupId)
            .vlBytes(epochId)
            .vlBytes(groupInfo)
            .toBytes());
  }

  public static Bytes welcome(Bytes welcome, Optional<ConsensusMessage.SignedBeacon> records) {
    Bytes encoded = records.map(ConsensusMessage::encode).orElse(Bytes.EMPTY);
    return frame(WELCOME_CHANNEL, new TlsWriter().vlBytes(welcome).vlBytes(encoded).toBytes());
  }

  public static Bytes welcomeAck(Bytes groupId) {
    return frame(WELCOME_ACK_CHANNEL, groupId);
  }

  // --- Parsing ---

  /**
   * Parses a frame of the topic of {@code groupId}.
   *
   * @throws GroupTopicException with the rule the frame breaks
   */
  public static GroupFrame parseTopic(Bytes groupId, Bytes payload) throws GroupTopicException {
    if (payload.isEmpty()) {
      throw new GroupTopicException(GroupTopicCode.TAG_UNKNOWN, "empty payload");
    }
    Bytes body = payload.slice(1, payload.length());
    return switch (payload.get(0)) {
      case COMMIT -> {
        MlsMessage m = mls(groupId, body, ContentType.COMMIT);
        yield new GroupFrame.Commit(m, header(m), body, false);
      }
      case APPLICATION -> {
        MlsMessage m = mls(groupId, body, ContentType.APPLICATION);
        yield new GroupFrame.Application(m, header(m), body);
      }
      case PROPOSAL -> {
        MlsMessage m = mls(groupId, body, ContentType.PROPOSAL);
        yield new GroupFrame.Proposal(m, header(m), body);
      }
      case BEACON -> new GroupFrame.Consensus(signedBeacon(consensusMessage(groupId, body), ""));
      default -> throw new GroupTopicException(GroupTopicCode.TAG_UNKNOWN, "tag " + payload.get(0));
    };
  }

  /**
   * The group a direct message is about, to route it: empty for a Welcome (whose group the receiver
   * learns only by joining).
   */
  public static Optional<Bytes> directGroup(Bytes payload) throws GroupTopicException {
    if (!isGroupDirect(payload)) {
      throw new GroupTopicException(GroupTopicCode.TAG_UNKNOWN, "not a group direct message");
    }
    Bytes body = payload.slice(1, payload.length());
    try {
      return switch (payload.get(0)) {
        case WELCOME_CHANNEL -> Optional.empty();
        case WELCOME_ACK_CHANNEL -> Optional.of(body);
        default -> {
          if (body.isEmpty()) {
            throw new GroupTopicException(GroupTopicCode.DIRECT_MALFORMED, "empty");
          }
          Bytes rest = body.slice(1, body.length());
          yield Optional.of(
              body.get(0) == CONSENSUS_MESSAGE
                  ? ConsensusMessage.decode(rest).groupId()
                  : TlsReader.of(rest).vlBytes());
        }
      };
    } catch (DecodeException | MeshException e) {
      throw new GroupTopicException(GroupTopicCode.DIRECT_MALFORMED, e.getMessage());
    }
  }

  /**
   * Parses a direct message about {@code groupId} (for a Welcome, any group).
   *
   * @throws GroupTopicException with the rule the message breaks
   */
  public static GroupFrame parseDirect(Bytes groupId, Bytes payload) throws GroupTopicException {
    if (!isGroupDirect(payload)) {
      throw new GroupTopicException(GroupTopicCode.TAG_UNKNOWN, "not a group direct message");
    }
    Bytes body = payload.slice(1, payload.length());
    switch (payload.get(0)) {
      case WELCOME_CHANNEL:
        return welcomeFrame(body);
      case WELCOME_ACK_CHANNEL:
        requireGroup(groupId, body);
        return new GroupFrame.WelcomeAck(body);
      default:
        break;
    }
    if (body.isEmpty()) {
      throw new GroupTopicException(GroupTopicCode.DIRECT_MALFORMED, "empty consensus message");
    }
    Bytes rest = body.slice(1, body.length());
    try {
      switch (body.get(0)) {
        case CONSENSUS_MESSAGE:
          return new GroupFrame.Consensus(consensusMessage(groupId, rest));
        case PULLED_COMMIT:
          {
            TlsReader r = TlsReader.of(rest);
            requireGroup(groupId, r.vlBytes());
            Bytes wire = r.vlBytes();
            r.finish();
            MlsMessage m = mls(groupId, wire, ContentType.COMMIT);
            return new GroupFrame.Commit(m, header(m), wire, true);
          }
        case GROUP_INFO_REQUEST:
          {
            Bytes group = TlsReader.decodeAll(rest, TlsReader::vlBytes);
            requireGroup(groupId, group);
            return new GroupFrame.GroupInfoRequest(group);
          }
        case GROUP_INFO:
          requireGroup(groupId, TlsReader.of(rest).vlBytes());
          return new GroupFrame.GroupInfoAnswer(groupId, rest);
        default:
          throw new GroupTopicException(
              GroupTopicCode.DIRECT_MALFORMED, "consensus kind " + body.get(0));
      }
    } catch (DecodeException e) {
      throw new GroupTopicException(GroupTopicCode.DIRECT_MALFORMED, e.getMessage());
    }
  }

  private static GroupFrame.Welcome welcomeFrame(Bytes body) throws GroupTopicException {
    Bytes welcome;
    Bytes records;
    try {
      TlsReader r = TlsReader.of(body);
      welcome = r.vlBytes();
      records = r.vlBytes();
      r.finish();
    } catch (DecodeException e) {
      throw new GroupTopicException(GroupTopicCode.DIRECT_MALFORMED, "Welcome: " + e.getMessage());
    }
    MlsMessage m = decodeMls(welcome);
    if (m.welcome().isEmpty()) {
      throw new GroupTopicException(
          GroupTopicCode.WIRE_FORMAT_UNEXPECTED, "a " + m.wireFormat() + ", not a Welcome");
    }
    if (records.isEmpty()) {
      return new GroupFrame.Welcome(m, welcome, Optional.empty());
    }
    ConsensusMessage.SignedBeacon inviterRecords =
        signedBeacon(decodeConsensus(records), " as the inviter's records");
    return new GroupFrame.Welcome(m, welcome, Optional.of(inviterRecords));
  }

  /** {@code m}, which must be a signed beacon ({@code where}: what it was sent as). */
  private static ConsensusMessage.SignedBeacon signedBeacon(ConsensusMessage m, String where)
      throws GroupTopicException {
    if (!(m instanceof ConsensusMessage.SignedBeacon signed)) {
      throw new GroupTopicException(
          GroupTopicCode.BEACON_MALFORMED, "a " + m.getClass().getSimpleName() + where);
    }
    return signed;
  }

  private static ConsensusMessage consensusMessage(Bytes groupId, Bytes body)
      throws GroupTopicException {
    ConsensusMessage m = decodeConsensus(body);
    requireGroup(groupId, m.groupId());
    return m;
  }

  private static ConsensusMessage decodeConsensus(Bytes body) throws GroupTopicException {
    try {
      return ConsensusMessage.decode(body);
    } catch (MeshException e) {
      throw new GroupTopicException(GroupTopicCode.BEACON_MALFORMED, e.getMessage());
    }
  }

  private static MlsMessage decodeMls(Bytes wire) throws GroupTopicException {
    try {
      return TlsReader.decodeAll(wire, MlsMessage::decode);
    } catch (DecodeException e) {
      throw new GroupTopicException(GroupTopicCode.MLS_MESSAGE_MALFORMED, e.getMessage());
    }
  }

  // RFC 9420 §6: the MLSMessage framing, read without keys.
  private static MlsMessage mls(Bytes groupId, Bytes wire, ContentType expected)
      throws GroupTopicException {
    MlsMessage message = decodeMls(wire);
    Bytes group;
    ContentType type;
    if (message.privateMessage().isPresent()) {
      PrivateMessage m = message.privateMessage().get();
      group = m.groupId();
      type = m.contentType();
    } else if (message.publicMessage().isPresent()) {
      PublicMessage m = message.publicMessage().get();
      group = m.content().groupId();
      type = m.content().contentType();
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
    requireGroup(groupId, group);
    header(message);
    return message;
  }

  private static MeshHeader header(MlsMessage message) throws GroupTopicException {
    Bytes ad =
        message.privateMessage().isPresent()
            ? message.privateMessage().get().authenticatedData()
            : message.publicMessage().orElseThrow().content().authenticatedData();
    try {
      return MeshHeader.decode(ad);
    } catch (MeshException e) {
      throw new GroupTopicException(GroupTopicCode.MESH_HEADER_MALFORMED, e.getMessage());
    }
  }

  private static void requireGroup(Bytes expected, Bytes groupId) throws GroupTopicException {
    if (!expected.equals(groupId)) {
      throw new GroupTopicException(
          GroupTopicCode.GROUP_MISMATCH,
          "group " + groupId.toHex() + " in a message of group " + expected.toHex());
    }
  }
}
