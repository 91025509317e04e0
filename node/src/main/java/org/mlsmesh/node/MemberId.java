package org.mlsmesh.node;

import org.mlsmesh.protocol.codec.Bytes;

/**
 * A group member's MLS identity (the {@code identity} of its basic credential, RFC 9420 §5.3): for
 * a node, its peer id's 32 bytes ({@link MlsNode#identity()}), by which others invite it. 1 to 255
 * bytes, printed as hex. Immutable; equal when the bytes are.
 */
public final class MemberId extends HexId<MemberId> {
  /** The length of a node's identity: the SHA-256 of its gossip key. */
  public static final int NODE_LENGTH = 32;

  /** The longest identity accepted. */
  public static final int MAX_LENGTH = 255;

  private MemberId(Bytes value) {
    super(value);
  }

  /**
   * The identity {@code value}.
   *
   * @throws IllegalArgumentException when it is empty or longer than {@link #MAX_LENGTH}
   */
  public static MemberId of(Bytes value) {
    return new MemberId(HexId.check("member id", value, MAX_LENGTH));
  }

  /**
   * The identity written as {@code hex} (as {@link #toString()} prints it, or as {@code mlsmesh
   * chat} shows it).
   *
   * @throws IllegalArgumentException when it is not hex, empty or too long
   */
  public static MemberId fromHex(String hex) {
    return new MemberId(HexId.parseHex("member id", hex, MAX_LENGTH));
  }

  /** True when this is a node's identity ({@value #NODE_LENGTH} bytes): one the node can invite. */
  public boolean isNode() {
    return bytes().length() == NODE_LENGTH;
  }
}
