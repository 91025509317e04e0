package org.mlsmesh.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;

/** {@link NodeMlsStorage} in a SQLite file, which outlives the process that wrote it. */
class NodeMlsStorageSqliteTest extends MlsStorageContract {
  @TempDir Path directory;
  private SqliteNodeStorage node;

  @Override
  NodeStorage newNodeStorage() {
    node = SqliteNodeStorage.open(directory.resolve("mls.db"));
    return node;
  }

  @Override
  NodeStorage newNodeStorageOf(NodeMlsStorage storage) {
    return node;
  }

  @Test
  void aReopenedFileHoldsWhatWasWritten() throws Exception {
    KeyPackageBundle bundle = keyPackage(key(), "bob", false);
    storage.putKeyPackage(bundle);
    GroupState alice =
        GroupState.create(
            env.withStorage(storage),
            SUITE,
            GROUP,
            List.of(),
            key(),
            new BasicCredential(Bytes.fromHex("aa")),
            NOW);
    alice = alice.selfUpdate(NOW).staged().merge();
    Bytes authenticator = alice.epochAuthenticator();
    storage.close();

    storage = NodeMlsStorage.openSqlite(directory.resolve("mls.db"));
    assertThat(storage.keyPackage(bundle.ref()).orElseThrow().keyPackage())
        .isEqualTo(bundle.keyPackage());
    GroupState loaded = GroupState.load(env.withStorage(storage), GROUP).orElseThrow();
    assertThat(loaded.currentEpoch()).isEqualTo(1);
    assertThat(loaded.epochAuthenticator()).isEqualTo(authenticator);
  }
}
