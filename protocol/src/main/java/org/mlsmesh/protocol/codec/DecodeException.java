package org.mlsmesh.protocol.codec;

/** Malformed wire data: says what failed and at which byte offset of the input. */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long offset;

  public DecodeException(String what, long offset) {
    super(what + " (at byte offset " + offset + ")");
    this.offset = offset;
  }

  /** The byte offset in the outermost input where decoding failed. */
  public long offset() {
    return offset;
  }
}
