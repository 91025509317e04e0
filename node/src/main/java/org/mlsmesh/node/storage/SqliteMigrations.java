package org.mlsmesh.node.storage;

import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings a file's schema ({@code PRAGMA user_version}) up to the last of a list of migrations. */
final class SqliteMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteMigrations.class);

  private SqliteMigrations() {}

  /** Checks that {@code migrations} are numbered 1, 2, 3, ... and returns the last number. */
  static int latestVersion(List<Migration> migrations) {
    if (migrations.isEmpty()) {
      throw new IllegalArgumentException("no migrations");
    }
    for (int i = 0; i < migrations.size(); i++) {
      if (migrations.get(i).version() != i + 1) {
        throw new IllegalArgumentException(
            "migration " + (i + 1) + " has version " + migrations.get(i).version());
      }
    }
    return migrations.size();
  }

  /**
   * Fails unless this build can read a file at {@code version}: a newer file must not be opened,
   * since an older build could misread or damage it.
   */
  static void checkKnown(SqliteDatabase db, int version, List<Migration> migrations) {
    int latest = latestVersion(migrations);
    if (version > latest) {
      throw new StorageException(
          StorageException.Kind.INCOMPATIBLE,
          db.file()
              + ": schema version "
              + version
              + " was written by a newer MLS Mesh; this build knows versions up to "
              + latest
              + ". Upgrade MLS Mesh to open it; the file was not modified.");
    }
  }

  /** Applies every migration after {@code version}, each in its own transaction. */
  static void migrate(SqliteDatabase db, int version, List<Migration> migrations) {
    checkKnown(db, version, migrations);
    int current = version;
    for (Migration migration : migrations.subList(version, migrations.size())) {
      apply(db, current, migration);
      current = migration.version();
    }
  }

  private static void apply(SqliteDatabase db, int current, Migration migration) {
    try {
      db.execute("BEGIN IMMEDIATE");
      try {
        for (String statement : migration.statements()) {
          db.execute(statement);
        }
        if (current == 0) {
          db.execute("PRAGMA application_id = " + SqliteSchema.APPLICATION_ID);
        }
        db.execute("PRAGMA user_version = " + migration.version());
        db.execute("COMMIT");
      } catch (SQLException e) {
        rollback(db, e);
        throw e;
      }
    } catch (SQLException e) {
      StorageException failure = SqliteErrors.translate(db.file(), step(migration), e);
      throw new StorageException(
          failure.kind(),
          failure.getMessage() + "; the file is left at schema version " + current,
          e);
    }
    if (current == 0) {
      LOG.debug("{}: created schema version {}", db.file(), migration.version());
    } else {
      LOG.info(
          "{}: migrated schema from version {} to {}", db.file(), current, migration.version());
    }
  }

  private static String step(Migration migration) {
    return "migration to schema version "
        + migration.version()
        + " ("
        + migration.description()
        + ")";
  }

  private static void rollback(SqliteDatabase db, SQLException cause) {
    try {
      db.execute("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
