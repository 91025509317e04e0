package org.mlsmesh.node.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * A {@link NodeStorage} in one SQLite file per node.
 *
 * <p>The file is opened with {@code locking_mode=EXCLUSIVE} (one node process owns it; a second one
 * gets a clear error), in WAL mode with {@code synchronous=FULL} (a transaction is on disk when it
 * returns), {@code foreign_keys=ON}, a busy timeout, and {@code secure_delete=ON} (deleted
 * snapshots and keys are overwritten in the file, not just unlinked from its b-trees; until a
 * checkpoint their old pages may still sit in the WAL file).
 *
 * <p>Opening checks the file before changing anything: a missing directory, a read-only or foreign
 * file, a damaged file ({@code PRAGMA quick_check}, which reads the whole file) or one from a newer
 * version of MLS Mesh fails with a {@link StorageException} that names the file, and the file is
 * left as it was. A new or older file is then brought to the current schema by {@link
 * SqliteSchema#MIGRATIONS}.
 *
 * <p>One connection serves all threads; the transaction lock of {@link TransactionalStorage}
 * serializes them.
 */
public final class SqliteNodeStorage extends TransactionalStorage {
  static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(2);

  private final SqliteDatabase db;

  private SqliteNodeStorage(SqliteDatabase db) {
    this.db = db;
  }

  /**
   * Opens the node's database at {@code file}, creating it if absent (its directory must exist).
   *
   * @throws StorageException if the file cannot be used; see the class documentation
   */
  public static SqliteNodeStorage open(Path file) {
    return open(file, SqliteSchema.MIGRATIONS, DEFAULT_BUSY_TIMEOUT);
  }

  /** Opens with another list of migrations (tests of the migration runner) and busy timeout. */
  static SqliteNodeStorage open(Path file, List<Migration> migrations, Duration busyTimeout) {
    Objects.requireNonNull(file, "file");
    SqliteMigrations.latestVersion(migrations);
    Path path = file.toAbsolutePath().normalize();
    SqliteFiles.checkUsable(path);
    SqliteFiles.requireOwnerOnly(path);
    SqliteDatabase db = new SqliteDatabase(path, connect(path));
    try {
      db.execute("PRAGMA locking_mode = EXCLUSIVE", "set the locking mode");
      db.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis(), "set the busy timeout");
      int version = SqliteInspection.inspect(db);
      SqliteMigrations.checkKnown(db, version, migrations);
      configure(db);
      SqliteMigrations.migrate(db, version, migrations);
      return new SqliteNodeStorage(db);
    } catch (RuntimeException | Error e) {
      db.closeAfter(e);
      throw e;
    }
  }

  private static Connection connect(Path path) {
    SQLiteConfig config = new SQLiteConfig();
    config.setOpenMode(SQLiteOpenMode.READWRITE);
    config.setOpenMode(SQLiteOpenMode.CREATE);
    try {
      return config.createConnection("jdbc:sqlite:" + path);
    } catch (SQLException e) {
      throw SqliteErrors.translate(path, "open", e);
    }
  }

  /** Settings that write to the file: only after {@link SqliteInspection} accepted it. */
  private static void configure(SqliteDatabase db) {
    try {
      List<String> mode = db.queryText("PRAGMA journal_mode = WAL");
      if (!mode.equals(List.of("wal"))) {
        throw new StorageException(
            StorageException.Kind.FAILED,
            db.file() + ": cannot switch to WAL journal mode (got " + mode + ")");
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate(db.file(), "switch to WAL journal mode", e);
    }
    db.execute("PRAGMA synchronous = FULL", "set synchronous=FULL");
    db.execute("PRAGMA foreign_keys = ON", "enable foreign keys");
    db.execute("PRAGMA secure_delete = ON", "enable secure_delete");
  }

  /** The current value of a pragma, for tests. */
  String pragma(String name) {
    return computeInTransaction(
        tx -> {
          try {
            return String.join(",", db.queryText("PRAGMA " + name));
          } catch (SQLException e) {
            throw SqliteErrors.translate(db.file(), "PRAGMA " + name, e);
          }
        });
  }

  /** The file this storage owns. */
  public Path file() {
    return db.file();
  }

  @Override
  Transaction begin(TxGuard guard) {
    db.execute("BEGIN IMMEDIATE", "begin a transaction");
    StorageOperations operations = StoreSet.sqlite(new SqlTx(db, guard));
    return new Transaction() {
      @Override
      public StorageOperations operations() {
        return operations;
      }

      @Override
      public void commit() {
        db.execute("COMMIT", "commit");
      }

      @Override
      public void rollback() {
        db.execute("ROLLBACK", "roll back");
      }
    };
  }

  @Override
  void closeStore() {
    db.close();
  }

  @Override
  String describe() {
    return db.file().toString();
  }
}
