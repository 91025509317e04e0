package org.mlsmesh.node.internal.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.storage.SqliteNodeStorage;
import org.mlsmesh.node.storage.StoredIdentity;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/**
 * Run under a permissive umask by {@link OwnerOnlyTest}: writes an identity into a new folder and
 * opens a database in {@code args[0]}, and prints the permissions of each file that exists while it
 * is open.
 */
public final class OwnerOnlyChild {
  private OwnerOnlyChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    NodeKeys keys =
        NodeKeys.generate(
            CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, new SecureEntropySource());
    Path identity = dir.resolve("keys").resolve("identity.key");
    IdentityFile.write(identity, keys, false);
    Path db = dir.resolve("node.db");
    try (SqliteNodeStorage storage = SqliteNodeStorage.open(db)) {
      storage
          .identity()
          .store(
              new StoredIdentity(
                  keys.mlsSignatureKey().publicKey(),
                  keys.mlsSignatureKey().privateKey(),
                  keys.credential().encoded(),
                  0));
      Path plain = dir.resolve("plain");
      Files.createFile(plain);
      for (Path path :
          List.of(
              plain,
              identity.getParent(),
              identity,
              db,
              dir.resolve("node.db-wal"),
              dir.resolve("node.db-shm"))) {
        if (!Files.exists(path)) {
          continue; // -shm: SQLite keeps the WAL index in memory under an exclusive lock
        }
        System.out.println(
            dir.relativize(path)
                + " "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
      }
    }
  }
}
