package org.mlsmesh.protocol.crypto;

import org.mlsmesh.protocol.codec.Bytes;

/** Small helpers for building test inputs. */
final class TestBytes {
  private TestBytes() {}

  /**
   * {@code value} with bit 0 of byte {@code index} flipped (negative index counts from the end).
   */
  static Bytes flip(Bytes value, int index) {
    byte[] out = value.toByteArray();
    int at = index < 0 ? out.length + index : index;
    out[at] ^= 1;
    return Bytes.wrap(out);
  }

  static Bytes ascii(String text) {
    return Bytes.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  static Bytes filled(int length, int value) {
    byte[] out = new byte[length];
    java.util.Arrays.fill(out, (byte) value);
    return Bytes.wrap(out);
  }
}
