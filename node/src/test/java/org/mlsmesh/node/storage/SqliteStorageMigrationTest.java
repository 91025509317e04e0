package org.mlsmesh.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlsmesh.node.storage.StoredDataContract.GROUP_A;
import static org.mlsmesh.node.storage.StoredDataContract.GROUP_B;
import static org.mlsmesh.node.storage.StoredDataContract.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The migration runner, with a synthetic second migration after the real first one; and the real
 * migrations from a version-1 file.
 */
class SqliteStorageMigrationTest {
  static final List<Migration> V1_ONLY = List.of(SqliteSchema.MIGRATIONS.get(0));

  static final Migration V2 =
      new Migration(
          2,
          "test: a column and a table filled from existing rows",
          List.of(
              "ALTER TABLE group_state ADD COLUMN label TEXT NOT NULL DEFAULT 'none'",
              "CREATE TABLE group_seen (group_id BLOB PRIMARY KEY) STRICT",
              "INSERT INTO group_seen SELECT group_id FROM group_state"));

  static final Migration BROKEN_V2 =
      new Migration(
          2,
          "test: fails halfway",
          List.of(
              "CREATE TABLE group_seen (group_id BLOB PRIMARY KEY) STRICT",
              "INSERT INTO group_seen SELECT no_such_column FROM group_state"));

  @TempDir Path directory;

  Path file() {
    return directory.resolve("node.db");
  }

  static List<Migration> withV1(Migration next) {
    List<Migration> migrations = new ArrayList<>(V1_ONLY);
    migrations.add(next);
    return migrations;
  }

  SqliteNodeStorage open(List<Migration> migrations) {
    return SqliteNodeStorage.open(file(), migrations, Duration.ofSeconds(1));
  }

  /** A version-1 file with two groups. */
  void version1File() {
    try (SqliteNodeStorage storage = open(V1_ONLY)) {
      assertThat(storage.pragma("user_version")).isEqualTo("1");
      storage.groupStates().put(state(GROUP_A, 3));
      storage.groupStates().put(state(GROUP_B, 8));
    }
  }

  List<String> column(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  @Test
  void version1FileIsMigratedAndKeepsItsData() throws SQLException {
    version1File();

    try (SqliteNodeStorage storage = open(withV1(V2))) {
      assertThat(storage.pragma("user_version")).isEqualTo("2");
      assertThat(storage.groupStates().get(GROUP_A)).contains(state(GROUP_A, 3));
      assertThat(storage.groupStates().get(GROUP_B)).contains(state(GROUP_B, 8));
      storage.groupStates().put(state(GROUP_A, 4));
    }
    assertThat(column("SELECT label FROM group_state")).containsExactly("none", "none");
    assertThat(column("SELECT count(*) FROM group_seen")).containsExactly("2");
  }

  @Test
  void version1FileGetsTheRealMigrationsAndKeepsItsData() {
    version1File();

    try (SqliteNodeStorage storage = open(SqliteSchema.MIGRATIONS)) {
      assertThat(storage.pragma("user_version"))
          .isEqualTo(String.valueOf(SqliteSchema.MIGRATIONS.size()));
      assertThat(storage.groupStates().get(GROUP_A)).contains(state(GROUP_A, 3));
      assertThat(storage.claims().listAfter(0)).isEmpty();
      storage.claims().put(Bytes.fromHex("01"), Bytes.fromHex("02"), 10);
    }
    try (SqliteNodeStorage storage = open(SqliteSchema.MIGRATIONS)) {
      assertThat(storage.claims().listAfter(0))
          .containsExactly(new ClaimStore.Claim(Bytes.fromHex("01"), Bytes.fromHex("02"), 10));
    }
  }

  @Test
  void migratedFileReopensWithoutMigratingAgain() {
    version1File();
    open(withV1(V2)).close();

    try (SqliteNodeStorage storage = open(withV1(V2))) {
      assertThat(storage.pragma("user_version")).isEqualTo("2");
      assertThat(storage.groupStates().groupIds()).containsExactly(GROUP_A, GROUP_B);
    }
  }

  @Test
  void newFileGetsEveryMigration() throws SQLException {
    try (SqliteNodeStorage storage = open(withV1(V2))) {
      assertThat(storage.pragma("user_version")).isEqualTo("2");
      assertThat(storage.pragma("application_id"))
          .isEqualTo(String.valueOf(SqliteSchema.APPLICATION_ID));
    }
    assertThat(column("SELECT count(*) FROM group_seen")).containsExactly("0");
  }

  @Test
  void failedMigrationLeavesTheFileAtItsVersion() throws SQLException {
    version1File();

    assertThatThrownBy(() -> open(withV1(BROKEN_V2)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(file().getFileName().toString())
        .hasMessageContaining("migration to schema version 2 (test: fails halfway) failed")
        .hasMessageContaining("no_such_column")
        .hasMessageContaining("left at schema version 1");

    assertThat(column("SELECT name FROM sqlite_schema WHERE name = 'group_seen'")).isEmpty();
    try (SqliteNodeStorage storage = open(V1_ONLY)) {
      assertThat(storage.pragma("user_version")).isEqualTo("1");
      assertThat(storage.groupStates().groupIds()).containsExactly(GROUP_A, GROUP_B);
    }
  }

  @Test
  void migratedFileIsRefusedByTheOlderBuild() {
    version1File();
    open(withV1(V2)).close();

    assertThatThrownBy(() -> open(V1_ONLY))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("schema version 2 was written by a newer MLS Mesh")
        .satisfies(
            e ->
                assertThat(((StorageException) e).kind())
                    .isEqualTo(StorageException.Kind.INCOMPATIBLE));
  }

  @Test
  void migrationsMustBeNumberedInOrder() {
    Migration v3 = new Migration(3, "gap", List.of());

    assertThatThrownBy(() -> open(withV1(v3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("migration 2 has version 3");
    assertThatThrownBy(() -> new Migration(0, "zero", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(file()).doesNotExist();
  }
}
