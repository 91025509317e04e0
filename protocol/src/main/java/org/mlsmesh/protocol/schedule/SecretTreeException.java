package org.mlsmesh.protocol.schedule;

/** A key that the secret tree cannot or may no longer give out (RFC 9420 §9). */
public final class SecretTreeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the key is unavailable. */
  public enum Reason {
    /** The leaf index is not a leaf of this epoch's tree. */
    LEAF_OUT_OF_RANGE,
    /** The generation lies more than the maximum forward distance past the ratchet's head. */
    TOO_FAR_AHEAD,
    /** The generation's key was already handed out (a replay or a duplicate). */
    ALREADY_CONSUMED,
    /** The generation lies further behind the ratchet's head than the out-of-order tolerance. */
    TOO_OLD,
    /** The ratchet has used up every uint32 generation. */
    GENERATION_EXHAUSTED
  }

  private final Reason reason;

  public SecretTreeException(Reason reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
