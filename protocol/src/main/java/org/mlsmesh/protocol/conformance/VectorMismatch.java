package org.mlsmesh.protocol.conformance;

/** A test-vector case whose computed result differs from the expected one. */
public final class VectorMismatch extends Exception {
  private static final long serialVersionUID = 1L;

  public VectorMismatch(String what) {
    super(what);
  }

  public VectorMismatch(String what, Throwable cause) {
    super(what + ": " + cause, cause);
  }
}
