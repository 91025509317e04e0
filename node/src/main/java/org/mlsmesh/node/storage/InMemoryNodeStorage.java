package org.mlsmesh.node.storage;

/**
 * A {@link NodeStorage} in memory, for tests and the simulator: the same semantics as {@link
 * SqliteNodeStorage} (transactions, ordering, conflicts), deterministic iteration order, and no
 * durability beyond the life of the object. A transaction changes the tables in place and keeps an
 * undo log; a rollback replays it. Secrets that a committed transaction replaced or deleted, and
 * all secrets at {@link #close}, are destroyed.
 */
public final class InMemoryNodeStorage extends TransactionalStorage {
  private final InMemoryTables tables = new InMemoryTables();

  @Override
  Transaction begin(TxGuard guard) {
    StorageOperations operations = StoreSet.inMemory(tables, guard);
    return new Transaction() {
      @Override
      public StorageOperations operations() {
        return operations;
      }

      @Override
      public void commit() {
        tables.log.commit();
      }

      @Override
      public void rollback() {
        tables.log.rollback();
      }
    };
  }

  @Override
  void closeStore() {
    tables.destroyAll();
  }

  @Override
  String describe() {
    return "in-memory storage";
  }
}
