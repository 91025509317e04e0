package org.mlsmesh.protocol.crypto;

import org.mlsmesh.protocol.codec.Bytes;

/**
 * The X25519 public keys of small order (RFC 7748 §6.1, RFC 9180 §7.1.4): with any clamped scalar
 * (a multiple of the cofactor 8, below the prime order) their shared secret is all zero. A u
 * coordinate has that property exactly when it belongs to a point of order 1, 2, 4 or 8 on the
 * curve or its twist: u = 0, 1, p - 1 and the two u of order 8, or the non-canonical encodings p
 * and p + 1 of 0 and 1. Bit 255 is ignored, as X25519 ignores it. A lookup replaces a scalar
 * multiplication per key.
 */
final class X25519SmallOrder {
  private static final byte[][] ENCODINGS = {
    Bytes.fromHex("0000000000000000000000000000000000000000000000000000000000000000").toByteArray(),
    Bytes.fromHex("0100000000000000000000000000000000000000000000000000000000000000").toByteArray(),
    Bytes.fromHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800").toByteArray(),
    Bytes.fromHex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157").toByteArray(),
    Bytes.fromHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").toByteArray(),
    Bytes.fromHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").toByteArray(),
    Bytes.fromHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").toByteArray(),
  };

  private X25519SmallOrder() {}

  /** Whether the 32-byte little-endian u coordinate {@code u} is of small order. */
  static boolean isSmallOrder(byte[] u) {
    if (u.length != 32) {
      throw new IllegalArgumentException("an X25519 public key is 32 bytes: " + u.length);
    }
    for (byte[] encoding : ENCODINGS) {
      int diff = ((u[31] & 0x7f) ^ encoding[31]);
      for (int i = 0; i < 31 && diff == 0; i++) {
        diff |= u[i] ^ encoding[i];
      }
      if (diff == 0) {
        return true;
      }
    }
    return false;
  }
}
