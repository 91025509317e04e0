package org.mlsmesh.node.storage;

import java.sql.SQLException;
import java.util.List;

/**
 * Looks at a database file before anything writes to it: is it ours (or new), is it whole, and
 * which schema version is it at. Everything here only reads, so a rejected file is left as it was.
 */
final class SqliteInspection {
  private static final int MAX_REPORTED_PROBLEMS = 3;

  private SqliteInspection() {}

  /**
   * Returns the file's schema version (0 for a new file).
   *
   * @throws StorageException {@link StorageException.Kind#CORRUPT} for a file that is not an MLS
   *     Mesh database or is damaged, {@link StorageException.Kind#UNAVAILABLE} if another process
   *     holds it
   */
  static int inspect(SqliteDatabase db) {
    try {
      // The first access; in exclusive locking mode the lock it takes is kept until close.
      db.execute("BEGIN IMMEDIATE");
      int version;
      try {
        version = inspectLocked(db);
      } catch (RuntimeException | SQLException failure) {
        try {
          db.execute("ROLLBACK");
        } catch (SQLException rollbackFailure) {
          failure.addSuppressed(rollbackFailure);
        }
        throw failure;
      }
      db.execute("ROLLBACK");
      return version;
    } catch (SQLException e) {
      StorageException failure = SqliteErrors.translate(db.file(), "reading the database", e);
      throw new StorageException(
          failure.kind(), failure.getMessage() + "; the file was not modified", e);
    }
  }

  private static int inspectLocked(SqliteDatabase db) throws SQLException {
    long applicationId = db.queryLong("PRAGMA application_id");
    long version = db.queryLong("PRAGMA user_version");
    long objects = db.queryLong("SELECT count(*) FROM sqlite_schema");
    boolean fresh = applicationId == 0 && version == 0 && objects == 0;
    if (applicationId != SqliteSchema.APPLICATION_ID && !fresh) {
      throw corrupt(
          db,
          String.format(
              "is an SQLite database of another application (application_id 0x%08x, %d schema"
                  + " objects), not an MLS Mesh database",
              applicationId, objects));
    }
    if (version < 0) {
      throw corrupt(db, "has an invalid schema version " + version);
    }
    List<String> problems = db.queryText("PRAGMA quick_check(" + MAX_REPORTED_PROBLEMS + ")");
    if (!problems.equals(List.of("ok"))) {
      throw corrupt(db, "is damaged; PRAGMA quick_check reports: " + String.join("; ", problems));
    }
    return (int) version;
  }

  private static StorageException corrupt(SqliteDatabase db, String what) {
    return new StorageException(
        StorageException.Kind.CORRUPT,
        db.file()
            + ": "
            + what
            + "; the file was not modified (move it aside or restore a backup)");
  }
}
