package org.mlsmesh.node.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.node.storage.StoredDataContract.GROUP_B;
import static org.mlsmesh.node.storage.StoredDataContract.state;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability across a killed process: every write that returned is in the file, and the transaction
 * that was open when the process died left no trace.
 */
class SqliteStorageCrashTest {
  static final int WRITES = 30;

  @TempDir Path directory;

  @Test
  void returnedWritesSurviveAHaltAndTheOpenTransactionDoesNot() throws Exception {
    Path file = directory.resolve("node.db");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SqliteStorageCrashChild.class.getName(),
                file.toString(),
                String.valueOf(WRITES))
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(output).contains(SqliteStorageCrashChild.WRITTEN);
    assertThat(child.exitValue()).isZero();
    assertThat(directory.resolve("node.db-wal")).exists();
    try (NodeStorage storage = SqliteNodeStorage.open(file)) {
      SqliteStorageFileTest.assertEverything(storage);
      assertThat(storage.groupStates().get(GROUP_B)).contains(state(GROUP_B, WRITES));
    }
  }
}
