package org.mlsmesh.node.storage;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.group.MlsStorage;
import org.mlsmesh.protocol.group.SavedGroupState;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageRef;
import org.mlsmesh.protocol.message.KeyPackage;

/**
 * The protocol library's {@link MlsStorage} in a {@link NodeStorage}: KeyPackages in its KeyPackage
 * store (private keys in the bundle format of {@code KeyPackageMint}), group states in its
 * group-state store. Over {@link SqliteNodeStorage} each call is one committed transaction, on disk
 * when it returns.
 *
 * <p>Give it a storage of its own ({@link #openSqlite}): a running node writes its groups' states
 * to its storage in its own way, and the two must not share group ids.
 */
public final class NodeMlsStorage implements MlsStorage, AutoCloseable {
  private final NodeStorage storage;
  private final LongSupplier nowMillis;

  /** Over {@code storage}, stamping writes with {@code nowMillis}; closing closes the storage. */
  public NodeMlsStorage(NodeStorage storage, LongSupplier nowMillis) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.nowMillis = Objects.requireNonNull(nowMillis, "nowMillis");
  }

  /**
   * Over the SQLite file {@code file}, created if absent (see {@link SqliteNodeStorage#open}).
   *
   * @throws StorageException if the file cannot be used
   */
  public static NodeMlsStorage openSqlite(Path file) {
    return new NodeMlsStorage(SqliteNodeStorage.open(file), System::currentTimeMillis);
  }

  @Override
  public void putKeyPackage(KeyPackageBundle keyPackage) {
    Secret bundle = privateBundle(keyPackage);
    StoredKeyPackage stored =
        new StoredKeyPackage(
            new KeyPackageInfo(
                keyPackage.ref().value(),
                keyPackage.keyPackage().encoded(),
                keyPackage.isLastResort(),
                nowMillis.getAsLong()),
            bundle);
    bundle.destroy();
    try {
      storage.inTransaction(
          tx -> {
            tx.keyPackages().delete(stored.ref());
            tx.keyPackages().add(stored);
          });
    } finally {
      stored.destroy();
    }
  }

  /** Reading does not use the KeyPackage up: joining deletes it (RFC 9420 §16.8). */
  @Override
  public Optional<KeyPackageBundle> keyPackage(KeyPackageRef ref) {
    return storage.computeInTransaction(
        tx -> {
          Optional<StoredKeyPackage> found = tx.keyPackages().consume(ref.value());
          if (found.isEmpty()) {
            return Optional.empty();
          }
          StoredKeyPackage stored = found.get();
          try {
            if (!stored.info().lastResort()) {
              tx.keyPackages().add(stored); // consume() deleted it
            }
            return Optional.of(bundleOf(stored));
          } finally {
            stored.destroy();
          }
        });
  }

  @Override
  public void deleteKeyPackage(KeyPackageRef ref) {
    storage.keyPackages().delete(ref.value());
  }

  @Override
  public void putGroupState(Bytes groupId, long epoch, SavedGroupState state) {
    Secret bytes = Secret.wrap(state.exposeBytes());
    StoredGroupState stored = new StoredGroupState(groupId, epoch, bytes, nowMillis.getAsLong());
    bytes.destroy();
    try {
      storage.groupStates().put(stored);
    } finally {
      stored.destroy();
    }
  }

  @Override
  public Optional<SavedGroupState> groupState(Bytes groupId) {
    Optional<StoredGroupState> found = storage.groupStates().get(groupId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Secret state = found.get().state();
    byte[] bytes = state.exposeBytes();
    try {
      return Optional.of(SavedGroupState.of(bytes));
    } finally {
      Arrays.fill(bytes, (byte) 0);
      state.destroy();
      found.get().destroy();
    }
  }

  @Override
  public void deleteGroupState(Bytes groupId) {
    storage.groupStates().remove(groupId);
  }

  @Override
  public List<Bytes> groupIds() {
    return storage.groupStates().groupIds();
  }

  @Override
  public void close() {
    storage.close();
  }

  @Override
  public String toString() {
    return "NodeMlsStorage[" + storage + "]";
  }

  /** {@code struct { opaque init_priv<V>; opaque encryption_priv<V>; }}, as KeyPackageMint. */
  private static Secret privateBundle(KeyPackageBundle keyPackage) {
    byte[] init = keyPackage.initPrivateKey().exposeBytes();
    byte[] encryption = keyPackage.encryptionPrivateKey().exposeBytes();
    try {
      return Secret.wrap(new TlsWriter().vlBytes(init).vlBytes(encryption).toBytes().toByteArray());
    } finally {
      Arrays.fill(init, (byte) 0);
      Arrays.fill(encryption, (byte) 0);
    }
  }

  private KeyPackageBundle bundleOf(StoredKeyPackage stored) {
    Secret bundle = stored.privateBundle();
    Secret init = null;
    Secret encryption = null;
    try {
      TlsReader r = TlsReader.of(bundle.insecureAsBytes());
      init = Secret.of(r.vlBytes());
      encryption = Secret.of(r.vlBytes());
      r.finish();
      KeyPackage keyPackage = TlsReader.decodeAll(stored.info().keyPackage(), KeyPackage::decode);
      return KeyPackageBundle.restore(keyPackage, init, encryption);
    } catch (DecodeException | IllegalArgumentException e) {
      throw new StorageException(
          StorageException.Kind.CORRUPT,
          storage + ": the stored KeyPackage " + stored.ref() + " is unreadable: " + e.getMessage(),
          e);
    } finally {
      bundle.destroy();
      if (init != null) {
        init.destroy();
      }
      if (encryption != null) {
        encryption.destroy();
      }
    }
  }
}
