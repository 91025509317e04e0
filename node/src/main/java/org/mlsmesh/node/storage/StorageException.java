package org.mlsmesh.node.storage;

import java.util.Objects;

/**
 * A storage operation failed; the message names the file (or the in-memory store) and what failed.
 *
 * <p>Unchecked on purpose. Storage failures are neither bad peer input (checked, handled per
 * message) nor library bugs: they are environmental (a corrupt or locked file, a full disk) and no
 * caller below the node's supervisor can do anything useful with them except stop. A checked
 * exception would be rethrown from every group-actor method and every transaction body; instead the
 * node's guardian catches it at the edge, reports the message and stops the node (exit code 1, or 2
 * at start when the file is bad). The {@link Kind} lets that edge tell a bad file from a transient
 * failure without parsing the message. A transaction that throws this has been rolled back.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, coarsely: enough to choose an exit code or a hint for the operator. */
  public enum Kind {
    /** The file or its directory is missing, not accessible, read-only, or used by another node. */
    UNAVAILABLE,
    /** The file is not an MLS Mesh database, or it is damaged. It was not modified. */
    CORRUPT,
    /** The file was written by a newer version of MLS Mesh (a schema version this build lacks). */
    INCOMPATIBLE,
    /** A write that must not replace existing data found it (for example a second identity). */
    CONFLICT,
    /** Any other failure of the storage engine, such as an I/O error or a full disk. */
    FAILED
  }

  private final Kind kind;

  public StorageException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public StorageException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
