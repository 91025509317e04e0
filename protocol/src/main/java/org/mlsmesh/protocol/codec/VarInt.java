package org.mlsmesh.protocol.codec;

/** Variable-length integers of RFC 9420 §2.1.2 (QUIC-style, at most 30 bits). */
public final class VarInt {
  /** The largest value a varint can carry: 2^30 - 1. */
  public static final long MAX_VALUE = (1L << 30) - 1;

  private VarInt() {}

  /** One past the largest value that fits in a varint of {@code length} bytes (1, 2 or 4). */
  static long maxValueForLength(int length) {
    return switch (length) {
      case 1 -> 1L << 6;
      case 2 -> 1L << 14;
      case 4 -> 1L << 30;
      default -> throw new IllegalArgumentException("varint length " + length);
    };
  }

  /** The number of bytes of the minimal encoding of {@code value}. */
  public static int encodedLength(long value) {
    if (value < 0 || value > MAX_VALUE) {
      throw new IllegalArgumentException("varint out of range: " + value);
    }
    return value < (1L << 6) ? 1 : value < (1L << 14) ? 2 : 4;
  }
}
