package org.mlsmesh.node.storage;

import static org.mlsmesh.node.storage.StoredDataContract.GROUP_A;
import static org.mlsmesh.node.storage.StoredDataContract.GROUP_B;
import static org.mlsmesh.node.storage.StoredDataContract.state;

import java.nio.file.Path;

/**
 * Run by {@link SqliteStorageCrashTest} in its own JVM: writes, then halts without closing, in the
 * middle of a transaction, as a power cut or {@code kill -9} would.
 */
final class SqliteStorageCrashChild {
  static final String WRITTEN = "all writes returned";

  private SqliteStorageCrashChild() {}

  public static void main(String[] args) {
    SqliteNodeStorage storage = SqliteNodeStorage.open(Path.of(args[0]));
    int writes = Integer.parseInt(args[1]);
    SqliteStorageFileTest.writeEverything(storage);
    for (int epoch = 1; epoch <= writes; epoch++) {
      storage.groupStates().put(state(GROUP_B, epoch));
    }
    System.out.println(WRITTEN);
    System.out.flush();
    storage.inTransaction(
        tx -> {
          tx.groupStates().put(state(GROUP_B, 999));
          tx.forkSnapshots().deleteBeforeEpoch(GROUP_A, 100);
          Runtime.getRuntime().halt(0);
        });
  }
}
