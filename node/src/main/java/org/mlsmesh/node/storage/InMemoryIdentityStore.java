package org.mlsmesh.node.storage;

import java.util.Objects;
import java.util.Optional;

/** {@link IdentityStore} over {@link InMemoryTables}, bound to one transaction. */
final class InMemoryIdentityStore implements IdentityStore {
  private static final Integer THE_IDENTITY = 1;

  private final InMemoryTables tables;
  private final TxGuard guard;

  InMemoryIdentityStore(InMemoryTables tables, TxGuard guard) {
    this.tables = tables;
    this.guard = guard;
  }

  @Override
  public void store(StoredIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    guard.check();
    if (tables.identity.containsKey(THE_IDENTITY)) {
      throw new StorageException(
          StorageException.Kind.CONFLICT,
          "in-memory storage: an identity is already stored; it is never replaced");
    }
    tables.identity.put(THE_IDENTITY, identity.copy());
  }

  @Override
  public Optional<StoredIdentity> load() {
    guard.check();
    return tables.identity.get(THE_IDENTITY).map(StoredIdentity::copy);
  }
}
