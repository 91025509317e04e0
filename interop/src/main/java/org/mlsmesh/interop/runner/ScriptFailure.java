package org.mlsmesh.interop.runner;

/**
 * A script step whose result differs from what the script requires, or whose call failed; or, when
 * {@link #unimplemented()}, a call the client says it does not implement.
 */
final class ScriptFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean unimplemented;

  ScriptFailure(String message) {
    this(message, null, false);
  }

  ScriptFailure(String message, Throwable cause) {
    this(message, cause, cause instanceof ScriptFailure f && f.unimplemented);
  }

  ScriptFailure(String message, Throwable cause, boolean unimplemented) {
    super(message, cause);
    this.unimplemented = unimplemented;
  }

  boolean unimplemented() {
    return unimplemented;
  }
}
