package org.mlsmesh.node.storage;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/** {@link KeyPackageStore} over {@link InMemoryTables}, bound to one transaction. */
final class InMemoryKeyPackageStore implements KeyPackageStore {
  private static final Comparator<KeyPackageInfo> OLDEST_FIRST =
      Comparator.comparingLong(KeyPackageInfo::createdAtMillis).thenComparing(KeyPackageInfo::ref);

  private final InMemoryTables tables;
  private final TxGuard guard;

  InMemoryKeyPackageStore(InMemoryTables tables, TxGuard guard) {
    this.tables = tables;
    this.guard = guard;
  }

  @Override
  public void add(StoredKeyPackage keyPackage) {
    Objects.requireNonNull(keyPackage, "keyPackage");
    guard.check();
    if (tables.keyPackages.containsKey(keyPackage.ref())) {
      throw new StorageException(
          StorageException.Kind.CONFLICT,
          "in-memory storage: KeyPackage " + keyPackage.ref() + " is already stored");
    }
    tables.keyPackages.put(keyPackage.ref(), keyPackage.copy());
  }

  @Override
  public Optional<StoredKeyPackage> consume(Bytes ref) {
    Checks.id(ref, "ref");
    guard.check();
    Optional<StoredKeyPackage> found = tables.keyPackages.get(ref).map(StoredKeyPackage::copy);
    if (found.isPresent() && !found.get().info().lastResort()) {
      tables.keyPackages.remove(ref);
    }
    return found;
  }

  @Override
  public Optional<KeyPackageInfo> find(Bytes ref) {
    Checks.id(ref, "ref");
    guard.check();
    return tables.keyPackages.get(ref).map(StoredKeyPackage::info);
  }

  @Override
  public boolean delete(Bytes ref) {
    Checks.id(ref, "ref");
    guard.check();
    return tables.keyPackages.remove(ref);
  }

  @Override
  public List<KeyPackageInfo> list() {
    guard.check();
    return tables.keyPackages.view().values().stream()
        .map(StoredKeyPackage::info)
        .sorted(OLDEST_FIRST)
        .toList();
  }

  @Override
  public int countSingleUse() {
    guard.check();
    return (int)
        tables.keyPackages.view().values().stream().filter(k -> !k.info().lastResort()).count();
  }
}
