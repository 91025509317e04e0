package org.mlsmesh.consensus;

import org.mlsmesh.protocol.codec.Bytes;

/** Short renderings of ids for {@code toString}. */
final class Ids {
  private Ids() {}

  static String shortHex(Bytes value) {
    return value.length() <= 8 ? value.toHex() : value.slice(0, 8).toHex() + "…";
  }
}
