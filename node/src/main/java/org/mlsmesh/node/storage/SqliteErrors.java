package org.mlsmesh.node.storage;

import java.nio.file.Path;
import java.sql.SQLException;

/** Turns SQLite failures into {@link StorageException}s that name the file and what failed. */
final class SqliteErrors {
  // SQLite primary result codes (https://www.sqlite.org/rescode.html).
  private static final int SQLITE_PERM = 3;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_CONSTRAINT = 19;
  private static final int SQLITE_AUTH = 23;
  private static final int SQLITE_NOTADB = 26;

  private SqliteErrors() {}

  static StorageException translate(Path file, String what, SQLException e) {
    StorageException.Kind kind = kindOf(e);
    String hint =
        switch (kind) {
          case CORRUPT -> " (the file is damaged or not an MLS Mesh database)";
          case UNAVAILABLE -> busy(e) ? " (another process, perhaps another node, holds it)" : "";
          default -> "";
        };
    return new StorageException(
        kind, file + ": " + what + " failed" + hint + ": " + e.getMessage(), e);
  }

  static StorageException.Kind kindOf(SQLException e) {
    return switch (e.getErrorCode() & 0xff) {
      case SQLITE_CORRUPT, SQLITE_NOTADB -> StorageException.Kind.CORRUPT;
      case SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH ->
          StorageException.Kind.UNAVAILABLE;
      case SQLITE_CONSTRAINT -> StorageException.Kind.CONFLICT;
      default -> StorageException.Kind.FAILED;
    };
  }

  private static boolean busy(SQLException e) {
    int code = e.getErrorCode() & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
  }
}
