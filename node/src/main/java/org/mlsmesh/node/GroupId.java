package org.mlsmesh.node;

import org.mlsmesh.protocol.codec.Bytes;

/**
 * The id of an MLS group (RFC 9420 §8.1 {@code group_id}): 1 to 255 bytes, printed as hex.
 * Immutable; equal when the bytes are.
 */
public final class GroupId extends HexId<GroupId> {
  /** The longest group id accepted. The node's own groups have 32-byte ids. */
  public static final int MAX_LENGTH = 255;

  private GroupId(Bytes value) {
    super(value);
  }

  /**
   * The group id {@code value}.
   *
   * @throws IllegalArgumentException when it is empty or longer than {@link #MAX_LENGTH}
   */
  public static GroupId of(Bytes value) {
    return new GroupId(HexId.check("group id", value, MAX_LENGTH));
  }

  /**
   * The group id written as {@code hex} (as {@link #toString()} prints it).
   *
   * @throws IllegalArgumentException when it is not hex, empty or too long
   */
  public static GroupId fromHex(String hex) {
    return new GroupId(HexId.parseHex("group id", hex, MAX_LENGTH));
  }
}
