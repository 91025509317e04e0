package org.mlsmesh.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * Bad files at open: each a {@link StorageException} that names the file and the problem, never a
 * crash, and the file left exactly as it was.
 */
class SqliteStorageOpenErrorsTest {
  @TempDir Path directory;

  Path file() {
    return directory.resolve("node.db");
  }

  /**
   * Opening fails with {@code kind}, names the file, and leaves its bytes and siblings as they
   * were.
   */
  AbstractThrowableAssert<?, ? extends Throwable> assertOpenFails(
      Path file, StorageException.Kind kind) throws IOException {
    byte[] before = Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    withoutGroupOrOthers(file);
    List<Path> siblings = list(directory);

    AbstractThrowableAssert<?, ? extends Throwable> failure =
        assertThatThrownBy(() -> SqliteNodeStorage.open(file).close())
            .isInstanceOf(StorageException.class)
            .hasMessageContaining(file.getFileName().toString())
            .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(kind));

    if (before != null) {
      assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
    assertThat(list(directory)).isEqualTo(siblings);
    return failure;
  }

  /**
   * Takes the group's and others' permissions off a file the test wrote (under the umask), so that
   * the open gets to what the test is about; the owner's stay as they were.
   */
  static void withoutGroupOrOthers(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      permissions.retainAll(
          Set.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));
      Files.setPosixFilePermissions(file, permissions);
    }
  }

  static List<Path> list(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }

  /** A real node database with some data, closed cleanly (so everything is in the main file). */
  Path validDatabase() {
    try (NodeStorage storage = SqliteNodeStorage.open(file())) {
      storage.inTransaction(
          tx -> {
            for (int i = 0; i < 200; i++) {
              tx.messageLog().append("t", StoredDataContract.b("id" + i), randomBytes(i, 300), i);
            }
          });
    }
    return file();
  }

  static Bytes randomBytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return Bytes.wrap(bytes);
  }

  @Test
  void randomBytesAreCorrupt() throws IOException {
    byte[] noise = new byte[16384];
    new Random(7).nextBytes(noise);
    Files.write(file(), noise);

    assertOpenFails(file(), StorageException.Kind.CORRUPT)
        .hasMessageContaining("not a database")
        .hasMessageContaining("not modified");
  }

  @Test
  void textFileIsCorrupt() throws IOException {
    Files.writeString(file(), "node.name = \"alice\"\nlisten = \"0.0.0.0:7000\"\n".repeat(20));

    assertOpenFails(file(), StorageException.Kind.CORRUPT).hasMessageContaining("not a database");
  }

  @Test
  void truncatedDatabaseIsCorrupt() throws IOException {
    Path file = validDatabase();
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length / 2));

    assertOpenFails(file, StorageException.Kind.CORRUPT).hasMessageContaining("not modified");
  }

  @Test
  void databaseTruncatedInsideItsHeaderIsCorrupt() throws IOException {
    Path file = validDatabase();
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 60));

    assertOpenFails(file, StorageException.Kind.CORRUPT);
  }

  @Test
  void damagedPageIsCorrupt() throws IOException {
    Path file = validDatabase();
    byte[] bytes = Files.readAllBytes(file);
    int pageSize = 4096;
    for (int i = 2 * pageSize; i < 2 * pageSize + 200; i++) {
      bytes[i] = (byte) 0xa5;
    }
    Files.write(file, bytes);

    assertOpenFails(file, StorageException.Kind.CORRUPT);
  }

  @Test
  void sqliteDatabaseOfAnotherApplicationIsRefused() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE contacts (name TEXT, phone TEXT)");
      s.execute("INSERT INTO contacts VALUES ('alice', '123')");
    }

    assertOpenFails(file(), StorageException.Kind.CORRUPT)
        .hasMessageContaining("another application")
        .hasMessageContaining("not an MLS Mesh database");
  }

  @Test
  void missingDirectoryIsUnavailable() throws IOException {
    Path file = directory.resolve("no-such-dir").resolve("node.db");

    assertOpenFails(file, StorageException.Kind.UNAVAILABLE)
        .hasMessageContaining("no-such-dir")
        .hasMessageContaining("does not exist");
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void directoryInPlaceOfTheFileIsUnavailable() throws IOException {
    Files.createDirectory(file());

    assertOpenFails(file(), StorageException.Kind.UNAVAILABLE).hasMessageContaining("directory");
  }

  @Test
  void aDatabaseOpenToOthersIsRefusedNamingTheFix() throws IOException {
    Path file = validDatabase();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> SqliteNodeStorage.open(file).close())
        .isInstanceOf(StorageException.class)
        .hasMessage(
            file
                + ": open to its group or others (rw-r--r--) but it holds private keys and group"
                + " secrets; make it owner-only: chmod 600 "
                + file);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aWalFileOpenToOthersIsRefused() throws IOException {
    validDatabase();
    Path wal = directory.resolve("node.db-wal");
    Files.write(wal, new byte[0]);
    Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-rw-rw-"));

    assertThatThrownBy(() -> SqliteNodeStorage.open(file()).close())
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith(wal + ": open to its group or others (rw-rw-rw-)")
        .hasMessageEndingWith("chmod 600 " + wal);
  }

  @Test
  void aNewDatabaseIsOwnerOnly() throws IOException {
    try (NodeStorage storage = SqliteNodeStorage.open(file())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void readOnlyFileIsUnavailable() throws IOException {
    Path file = validDatabase();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));

    assertOpenFails(file, StorageException.Kind.UNAVAILABLE).hasMessageContaining("read-only");
  }

  @Test
  void fileOfANewerVersionIsIncompatible() throws Exception {
    validDatabase();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }

    assertOpenFails(file(), StorageException.Kind.INCOMPATIBLE)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer MLS Mesh")
        .hasMessageContaining("up to " + SqliteSchema.MIGRATIONS.size());
  }

  @Test
  void fileHeldByAnotherNodeIsUnavailable() throws IOException {
    try (NodeStorage owner = SqliteNodeStorage.open(file())) {
      owner.groupStates().put(StoredDataContract.state(StoredDataContract.GROUP_A, 1));

      assertThatThrownBy(
              () ->
                  SqliteNodeStorage.open(file(), SqliteSchema.MIGRATIONS, Duration.ofMillis(100))
                      .close())
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(file().getFileName().toString())
          .hasMessageContaining("another process")
          .satisfies(
              e ->
                  assertThat(((StorageException) e).kind())
                      .isEqualTo(StorageException.Kind.UNAVAILABLE));

      assertThat(owner.groupStates().groupIds()).containsExactly(StoredDataContract.GROUP_A);
    }
  }

  @Test
  void questionMarkInThePathIsRefused() throws IOException {
    assertOpenFails(directory.resolve("node?mode=memory"), StorageException.Kind.UNAVAILABLE)
        .hasMessageContaining("'?'");
  }

  @Test
  void emptyFileIsANewDatabase() throws IOException {
    Files.write(file(), new byte[0]);
    withoutGroupOrOthers(file());

    try (NodeStorage storage = SqliteNodeStorage.open(file())) {
      assertThat(storage.groupStates().groupIds()).isEmpty();
    }
  }

  @Test
  void sqlExceptionsAreTranslatedWithTheFileAndStatement() {
    StorageException e =
        SqliteErrors.translate(
            file(),
            SqlTx.describe("DELETE FROM outbox WHERE group_id = ?"),
            new SQLException("[SQLITE_FULL] database or disk is full", "", 13));

    assertThat(e.kind()).isEqualTo(StorageException.Kind.FAILED);
    assertThat(e.getMessage())
        .isEqualTo(file() + ": DELETE FROM outbox failed: [SQLITE_FULL] database or disk is full");
  }
}
