package org.mlsmesh.node;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What {@link GroupId}, {@link MemberId} and {@link MessageId} share: 1 to {@code max} bytes,
 * printed as hex, equal when of the same type with the same bytes.
 */
abstract class HexId<T extends HexId<T>> implements Comparable<T> {
  private final Bytes value;

  HexId(Bytes value) {
    this.value = value;
  }

  /** The id's bytes. */
  public final Bytes bytes() {
    return value;
  }

  /** The id in lower-case hex. */
  public final String toHex() {
    return value.toHex();
  }

  @Override
  public final boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && value.equals(((HexId<?>) other).value);
  }

  /** Unsigned lexicographic order of the bytes. */
  @Override
  public final int compareTo(T other) {
    return value.compareTo(other.bytes());
  }

  @Override
  public final int hashCode() {
    return value.hashCode();
  }

  /** The id in lower-case hex. */
  @Override
  public final String toString() {
    return value.toHex();
  }

  /** {@code value} unless it is empty or longer than {@code max} bytes. */
  static Bytes check(String what, Bytes value, int max) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || value.length() > max) {
      throw new IllegalArgumentException(
          what + " must have 1 to " + max + " bytes, got " + value.length());
    }
    return value;
  }

  /** The bytes of {@code hex}, or why it is no hex string. */
  static Bytes parseHex(String what, String hex, int max) {
    Objects.requireNonNull(hex, what);
    if (hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException(
          what + " must be an even number of hex digits, got \"" + shortPrefix(hex) + "\"");
    }
    return check(what, Bytes.fromHex(hex), max);
  }

  private static String shortPrefix(String s) {
    String p = s.length() <= 20 ? s : s.substring(0, 20) + "…";
    return p.replaceAll("[^\\x20-\\x7e…]", "?");
  }
}
