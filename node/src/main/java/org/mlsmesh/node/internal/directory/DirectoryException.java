package org.mlsmesh.node.internal.directory;

import java.util.Objects;

/** A directory message broke a rule; {@link #code()} says which. */
final class DirectoryException extends Exception {
  private static final long serialVersionUID = 1L;
  private final DirectoryCode code;

  public DirectoryException(DirectoryCode code, String detail) {
    super(Objects.requireNonNull(code, "code") + ": " + code.description() + ": " + detail);
    this.code = code;
  }

  public DirectoryCode code() {
    return code;
  }
}
