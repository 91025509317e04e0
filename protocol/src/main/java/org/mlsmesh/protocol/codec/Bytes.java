package org.mlsmesh.protocol.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: the value type for every public octet string in the protocol (keys,
 * hashes, group ids, ciphertexts). Secrets use {@link org.mlsmesh.protocol.crypto.Secret} instead.
 */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] value;

  private Bytes(byte[] value) {
    this.value = value;
  }

  /** Copies {@code value}. */
  public static Bytes of(byte[] value) {
    return value.length == 0 ? EMPTY : new Bytes(value.clone());
  }

  /** Copies {@code length} bytes of {@code value} from {@code offset}. */
  public static Bytes of(byte[] value, int offset, int length) {
    return new Bytes(Arrays.copyOfRange(value, offset, offset + length));
  }

  /** Takes ownership of {@code value}: the caller must not modify it afterwards. */
  public static Bytes wrap(byte[] value) {
    return new Bytes(value);
  }

  /** Parses lower- or upper-case hex; an empty string is the empty byte string. */
  public static Bytes fromHex(String hex) {
    return new Bytes(HEX.parseHex(hex));
  }

  public static Bytes concat(Bytes... parts) {
    int total = 0;
    for (Bytes part : parts) {
      total += part.value.length;
    }
    byte[] out = new byte[total];
    int at = 0;
    for (Bytes part : parts) {
      System.arraycopy(part.value, 0, out, at, part.value.length);
      at += part.value.length;
    }
    return new Bytes(out);
  }

  public int length() {
    return value.length;
  }

  public boolean isEmpty() {
    return value.length == 0;
  }

  public byte get(int index) {
    return value[index];
  }

  /** A fresh copy of the contents. */
  public byte[] toByteArray() {
    return value.clone();
  }

  public Bytes slice(int from, int to) {
    return new Bytes(Arrays.copyOfRange(value, from, to));
  }

  public String toHex() {
    return HEX.formatHex(value);
  }

  /** Writes the contents to {@code out} at {@code offset} without copying them first. */
  public void copyTo(byte[] out, int offset) {
    System.arraycopy(value, 0, out, offset, value.length);
  }

  /** Direct access for the codec and crypto layers; callers must not modify the array. */
  byte[] unsafeArray() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes && Arrays.equals(value, ((Bytes) other).value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(value, other.value);
  }

  @Override
  public String toString() {
    return value.length <= 64
        ? toHex()
        : HEX.formatHex(value, 0, 32) + "…(" + value.length + " bytes)";
  }
}
