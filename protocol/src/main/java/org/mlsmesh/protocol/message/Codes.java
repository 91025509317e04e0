package org.mlsmesh.protocol.message;

/** Range checks for integer fields of wire structs. */
final class Codes {
  private Codes() {}

  static void requireUint16(int value, String what) {
    if (value < 0 || value > 0xffff) {
      throw new IllegalArgumentException(what + ": not a uint16: " + value);
    }
  }
}
