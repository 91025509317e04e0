package org.mlsmesh.node.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, in a SQLite file. */
class SqliteNodeStorageTest extends NodeStorageContract {
  @TempDir Path directory;

  @Override
  NodeStorage newStorage() {
    return SqliteNodeStorage.open(directory.resolve("node.db"));
  }
}
