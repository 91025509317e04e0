package org.mlsmesh.consensus.group;

import java.util.Objects;

/** A GroupInfo answer that breaks a {@link RejoinCode} rule: the rejoin does not use it. */
public final class RejoinException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejoinCode code;

  public RejoinException(RejoinCode code, String detail) {
    super(Objects.requireNonNull(code, "code") + ": " + detail);
    this.code = code;
  }

  public RejoinException(RejoinCode code, String detail, Throwable cause) {
    super(Objects.requireNonNull(code, "code") + ": " + detail, cause);
    this.code = code;
  }

  public RejoinCode code() {
    return code;
  }
}
