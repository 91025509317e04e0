package org.mlsmesh.protocol.codec;

/** A value of a closed registry, written on the wire as its numeric code point. */
public interface CodePoint {
  int code();
}
