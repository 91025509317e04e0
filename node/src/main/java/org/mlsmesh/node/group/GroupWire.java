package org.mlsmesh.node.group;

import com.google.protobuf.ByteString;
import org.mlsmesh.protocol.codec.Bytes;

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

  /** First byte of a direct message carrying a Welcome (the directory uses 0x01). */
  public static final byte WELCOME_CHANNEL = 0x02;

  /**
   * First byte of a direct message by which a new member tells the sender of its Welcome that it
   * joined, followed by the group id: the inviter stops re-sending the Welcome.
   */
  public static final byte WELCOME_ACK_CHANNEL = 0x03;

  private static final String TOPIC_PREFIX = "mls/group/";

  private GroupWire() {}

  /** The gossip topic of the group {@code groupId}. */
  public static String topic(Bytes groupId) {
    return TOPIC_PREFIX + groupId.toHex();
  }

  /** {@code tag} followed by {@code body}, as a gossip payload. */
  public static ByteString frame(byte tag, Bytes body) {
    byte[] out = new byte[body.length() + 1];
    out[0] = tag;
    body.copyTo(out, 1);
    return ByteString.copyFrom(out);
  }
}
