package org.mlsmesh.node.identity;

import java.nio.file.Path;

/** An identity file is missing, unreadable, malformed or inconsistent; says which and where. */
public final class IdentityFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public IdentityFileException(Path file, String reason) {
    super(file + ": " + reason);
  }

  public IdentityFileException(Path file, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
  }
}
