package org.mlsmesh.node.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * A rough figure, not a benchmark: group-state writes per second on this machine, each its own
 * fsync'd transaction, and the same writes batched. Run by hand:
 *
 * <pre>java -cp ... org.mlsmesh.node.storage.SqliteStorageThroughput [writes] [stateBytes]</pre>
 */
final class SqliteStorageThroughput {
  private SqliteStorageThroughput() {}

  public static void main(String[] args) throws Exception {
    int writes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int stateBytes = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
    Path directory = Files.createTempDirectory("mlsmesh-throughput");
    Path file = directory.resolve("node.db");
    byte[] state = new byte[stateBytes];
    new Random(1).nextBytes(state);
    Bytes[] groups = new Bytes[16];
    for (int g = 0; g < groups.length; g++) {
      groups[g] = Bytes.of(new byte[] {'g', (byte) g});
    }
    try (NodeStorage storage = SqliteNodeStorage.open(file)) {
      run(storage, groups, state, 200, false); // warm-up
      double single = run(storage, groups, state, writes, false);
      double batched = run(storage, groups, state, writes, true);
      System.out.printf(
          "%d group-state writes of %d bytes: %.0f/s one transaction each (fsync'd), %.0f/s in"
              + " batches of 100%n",
          writes, stateBytes, single, batched);
    } finally {
      try (var files = Files.list(directory)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(directory);
    }
  }

  private static double run(
      NodeStorage storage, Bytes[] groups, byte[] state, int writes, boolean batched) {
    long start = System.nanoTime();
    if (batched) {
      for (int i = 0; i < writes; i += 100) {
        int from = i;
        storage.inTransaction(
            tx -> {
              for (int j = from; j < Math.min(from + 100, writes); j++) {
                tx.groupStates().put(stateOf(groups, state, j));
              }
            });
      }
    } else {
      for (int i = 0; i < writes; i++) {
        storage.groupStates().put(stateOf(groups, state, i));
      }
    }
    return writes / ((System.nanoTime() - start) / 1e9);
  }

  private static StoredGroupState stateOf(Bytes[] groups, byte[] state, int i) {
    return new StoredGroupState(groups[i % groups.length], i, Secret.of(state), i);
  }
}
