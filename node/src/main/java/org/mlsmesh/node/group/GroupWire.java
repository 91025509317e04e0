package org.mlsmesh.node.group;

import com.google.protobuf.ByteString;
import org.mlsmesh.consensus.mls.Beacons;
import org.mlsmesh.consensus.mls.MeshException;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * How group messages travel over gossip: each group has its own topic; a payload is one tag byte
 * and the MLSMessage (RFC 9420 §6) bytes. A Welcome goes to the invitee as a direct message on the
 * node's {@link #WELCOME_CHANNEL}, re-sent until acknowledged on {@link #WELCOME_ACK_CHANNEL}.
 */
public final class GroupWire {
  /** A Commit, as a PublicMessage or PrivateMessage. */
  public static final byte COMMIT = 1;

  /** An application message (a PrivateMessage of mesh application content). */
  public static final byte APPLICATION = 2;

  /** A standalone proposal (such as a member's own Remove when it leaves). */
  public static final byte PROPOSAL = 3;

  /** A member's signed beacon (a {@code ConsensusMessage}): its head and newest Commits. */
  public static final byte BEACON = 4;

  /** First byte of a direct message carrying a Welcome (the directory uses 0x01). */
  public static final byte WELCOME_CHANNEL = 0x02;

  /**
   * First byte of a direct message by which a new member tells the sender of its Welcome that it
   * joined, followed by the group id: the inviter stops re-sending the Welcome.
   */
  public static final byte WELCOME_ACK_CHANNEL = 0x03;

  /**
   * First byte of a direct message of the fork choice between two members, followed by {@link
   * #CONSENSUS_MESSAGE} and a {@code ConsensusMessage} (a pull, or a beacon answering a records
   * pull), or by {@link #PULLED_COMMIT} and {@code struct { opaque group_id<V>; opaque commit<V>;
   * }} (a Commit answering a pull), or by {@link #GROUP_INFO_REQUEST} and {@code opaque
   * group_id<V>} (a member rejoining after a partition asks for the head's GroupInfo), or by {@link
   * #GROUP_INFO} and {@code struct { opaque group_id<V>; opaque epoch_id<V>; MLSMessage
   * group_info<V>; }} (the answer: the signed GroupInfo of the head and that head's epoch id).
   */
  public static final byte CONSENSUS_CHANNEL = 0x04;

  static final byte CONSENSUS_MESSAGE = 1;
  static final byte PULLED_COMMIT = 2;
  static final byte GROUP_INFO_REQUEST = 3;
  static final byte GROUP_INFO = 4;

  private static final String TOPIC_PREFIX = "mls/group/";

  private GroupWire() {}

  /** The gossip topic of the group {@code groupId}. */
  public static String topic(Bytes groupId) {
    return TOPIC_PREFIX + groupId.toHex();
  }

  /** A consensus message for a member, as a direct payload. */
  static ByteString consensus(Bytes message) {
    return frame(
        CONSENSUS_CHANNEL, Bytes.concat(Bytes.of(new byte[] {CONSENSUS_MESSAGE}), message));
  }

  /** A Commit answering a pull, as a direct payload. */
  static ByteString pulledCommit(Bytes groupId, Bytes commit) {
    Bytes body = new TlsWriter().u8(PULLED_COMMIT).vlBytes(groupId).vlBytes(commit).toBytes();
    return frame(CONSENSUS_CHANNEL, body);
  }

  /** A request for the head's GroupInfo, as a direct payload. */
  static ByteString groupInfoRequest(Bytes groupId) {
    return frame(
        CONSENSUS_CHANNEL, new TlsWriter().u8(GROUP_INFO_REQUEST).vlBytes(groupId).toBytes());
  }

  /** The GroupInfo of the head epoch {@code epochId}, as a direct payload. */
  static ByteString groupInfo(Bytes groupId, Bytes epochId, Bytes groupInfo) {
    Bytes body =
        new TlsWriter()
            .u8(GROUP_INFO)
            .vlBytes(groupId)
            .vlBytes(epochId)
            .vlBytes(groupInfo)
            .toBytes();
    return frame(CONSENSUS_CHANNEL, body);
  }

  /** The group a consensus direct message (after its channel byte) is about. */
  static Bytes consensusGroup(Bytes body) throws DecodeException, MeshException {
    if (body.isEmpty()) {
      throw new DecodeException("empty consensus message", 0);
    }
    Bytes rest = body.slice(1, body.length());
    return switch (body.get(0)) {
      case CONSENSUS_MESSAGE -> Beacons.decode(rest).groupId();
      case PULLED_COMMIT, GROUP_INFO_REQUEST, GROUP_INFO -> TlsReader.of(rest).vlBytes();
      default -> throw new DecodeException("consensus message kind " + body.get(0), 0);
    };
  }

  /** {@code tag} followed by {@code body}, as a gossip payload. */
  public static ByteString frame(byte tag, Bytes body) {
    byte[] out = new byte[body.length() + 1];
    out[0] = tag;
    body.copyTo(out, 1);
    return ByteString.copyFrom(out);
  }
}
