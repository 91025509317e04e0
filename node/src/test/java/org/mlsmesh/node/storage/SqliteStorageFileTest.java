package org.mlsmesh.node.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.node.storage.StoredDataContract.GROUP_A;
import static org.mlsmesh.node.storage.StoredDataContract.b;
import static org.mlsmesh.node.storage.StoredDataContract.identity;
import static org.mlsmesh.node.storage.StoredDataContract.keyPackage;
import static org.mlsmesh.node.storage.StoredDataContract.snapshot;
import static org.mlsmesh.node.storage.StoredDataContract.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/** What only a file can do: survive a reopen, keep its settings, and erase what was deleted. */
class SqliteStorageFileTest {
  @TempDir Path directory;

  Path file() {
    return directory.resolve("node.db");
  }

  /** One of every unit of data. */
  static void writeEverything(NodeStorage storage) {
    storage.identity().store(identity());
    storage.keyPackages().add(keyPackage("r1", false, 5));
    storage.keyPackages().add(keyPackage("last", true, 6));
    storage.groupStates().put(state(GROUP_A, 7));
    storage.forkSnapshots().put(snapshot(GROUP_A, "e6", 6, 100));
    storage.outbox().enqueue(GROUP_A, b("m1"), OutboxKind.COMMIT, b("commit"), 100);
    storage.outbox().markAttempt(GROUP_A, b("m1"), 110);
    storage.inbox().markDelivered(GROUP_A, b("app1"), 120);
    storage.messageLog().append("group/a", b("id1"), b("payload"), 130);
  }

  static void assertEverything(NodeStorage storage) {
    assertThat(storage.identity().load()).contains(identity());
    assertThat(storage.keyPackages().list())
        .containsExactly(keyPackage("r1", false, 5).info(), keyPackage("last", true, 6).info());
    assertThat(storage.keyPackages().consume(b("r1"))).contains(keyPackage("r1", false, 5));
    assertThat(storage.groupStates().get(GROUP_A)).contains(state(GROUP_A, 7));
    assertThat(storage.forkSnapshots().list(GROUP_A))
        .containsExactly(snapshot(GROUP_A, "e6", 6, 100));
    assertThat(storage.outbox().listUnacknowledged())
        .containsExactly(
            new OutboxEntry(
                GROUP_A,
                b("m1"),
                OutboxKind.COMMIT,
                b("commit"),
                1,
                OutboxStatus.SENT,
                100,
                OptionalLong.of(110)));
    assertThat(storage.inbox().isDelivered(GROUP_A, b("app1"))).isTrue();
    assertThat(storage.messageLog().get("group/a", b("id1")))
        .contains(new LoggedMessage("group/a", b("id1"), b("payload"), 130));
  }

  @Test
  void reopenedFileHasEverything() {
    try (NodeStorage storage = SqliteNodeStorage.open(file())) {
      writeEverything(storage);
    }
    try (NodeStorage storage = SqliteNodeStorage.open(file())) {
      assertEverything(storage);
    }
  }

  @Test
  void opensWithTheDocumentedSettings() {
    try (SqliteNodeStorage storage = SqliteNodeStorage.open(file())) {
      assertThat(storage.pragma("journal_mode")).isEqualTo("wal");
      assertThat(storage.pragma("synchronous")).isEqualTo("2"); // FULL
      assertThat(storage.pragma("foreign_keys")).isEqualTo("1");
      assertThat(storage.pragma("locking_mode")).isEqualTo("exclusive");
      assertThat(storage.pragma("secure_delete")).isEqualTo("1");
      assertThat(storage.pragma("busy_timeout")).isEqualTo("2000");
      assertThat(storage.pragma("user_version"))
          .isEqualTo(String.valueOf(SqliteSchema.MIGRATIONS.size()));
      assertThat(storage.pragma("application_id"))
          .isEqualTo(String.valueOf(SqliteSchema.APPLICATION_ID));
      assertThat(storage.file()).isEqualTo(file().toAbsolutePath());
    }
  }

  @Test
  void relativePathIsResolvedOnce() {
    Path relative = Path.of("").toAbsolutePath().relativize(file());
    try (SqliteNodeStorage storage = SqliteNodeStorage.open(relative)) {
      assertThat(storage.file()).isEqualTo(file().toAbsolutePath());
      assertThat(storage.toString()).contains(file().toString());
    }
  }

  @Test
  void deletedSecretsAreOverwrittenInTheFile() throws IOException {
    byte[] marker = ("SNAPSHOT-SECRET-" + "x".repeat(48)).getBytes(UTF_8);
    byte[] bigMarker = ("BIG-SECRET-" + "y".repeat(9000)).getBytes(UTF_8);
    try (NodeStorage storage = SqliteNodeStorage.open(file())) {
      storage
          .forkSnapshots()
          .put(new StoredForkSnapshot(GROUP_A, b("e1"), 1, Secret.of(marker), 1));
      storage
          .forkSnapshots()
          .put(new StoredForkSnapshot(GROUP_A, b("e2"), 2, Secret.of(bigMarker), 1));
      storage.keyPackages().add(keyPackage("r1", false, 1));
      storage.groupStates().put(state(GROUP_A, 3));
    }
    try (NodeStorage storage = SqliteNodeStorage.open(file())) {
      assertThat(contains(Files.readAllBytes(file()), marker)).isTrue();
      storage.forkSnapshots().deleteBeforeEpoch(GROUP_A, 3);
      storage.keyPackages().consume(b("r1"));
    }

    byte[] onDisk = Files.readAllBytes(file());
    assertThat(contains(onDisk, marker)).isFalse();
    assertThat(contains(onDisk, Arrays.copyOf(bigMarker, 64))).isFalse();
    assertThat(contains(onDisk, "bundle-r1".getBytes(UTF_8))).isFalse();
    assertThat(contains(onDisk, "state@3".getBytes(UTF_8))).isTrue();
  }

  @Test
  void fileCanBeReopenedAfterAFailedOpen() throws IOException {
    try (NodeStorage owner = SqliteNodeStorage.open(file())) {
      owner.groupStates().put(state(GROUP_A, 1));
      try {
        SqliteNodeStorage.open(file(), SqliteSchema.MIGRATIONS, java.time.Duration.ofMillis(50));
      } catch (StorageException expected) {
        // held by owner
      }
    }
    try (NodeStorage storage = SqliteNodeStorage.open(file())) {
      assertThat(storage.groupStates().groupIds()).containsExactly(GROUP_A);
    }
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    String hex = HexFormat.of().formatHex(haystack);
    String wanted = Bytes.of(needle).toHex();
    for (int at = hex.indexOf(wanted); at >= 0; at = hex.indexOf(wanted, at + 1)) {
      if (at % 2 == 0) {
        return true;
      }
    }
    return false;
  }
}
