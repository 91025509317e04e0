package org.mlsmesh.protocol.group;

import java.util.Objects;

/**
 * Input that is well-formed but breaks a rule of RFC 9420: carries the stable {@link
 * ValidationCode} of the rule and a message saying what was wrong.
 */
public final class ValidationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ValidationCode code;

  public ValidationException(ValidationCode code, String detail) {
    super(code + ": " + code.description() + (detail.isEmpty() ? "" : " (" + detail + ")"));
    this.code = Objects.requireNonNull(code, "code");
  }

  public ValidationException(ValidationCode code, String detail, Throwable cause) {
    this(code, detail);
    initCause(cause);
  }

  public ValidationCode code() {
    return code;
  }
}
