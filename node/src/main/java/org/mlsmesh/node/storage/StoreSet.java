package org.mlsmesh.node.storage;

/** The eight stores of one transaction, as one value. */
record StoreSet(
    IdentityStore identity,
    KeyPackageStore keyPackages,
    GroupStateStore groupStates,
    ForkSnapshotStore forkSnapshots,
    OutboxStore outbox,
    InboxStore inbox,
    MessageLogStore messageLog,
    ClaimStore claims)
    implements StorageOperations {

  /** The in-memory stores of one transaction. */
  static StoreSet inMemory(InMemoryTables tables, TxGuard guard) {
    return new StoreSet(
        new InMemoryIdentityStore(tables, guard),
        new InMemoryKeyPackageStore(tables, guard),
        new InMemoryGroupStateStore(tables, guard),
        new InMemoryForkSnapshotStore(tables, guard),
        new InMemoryOutboxStore(tables, guard),
        new InMemoryInboxStore(tables, guard),
        new InMemoryMessageLogStore(tables, guard),
        new InMemoryClaimStore(tables, guard));
  }

  /** The SQLite stores of one transaction. */
  static StoreSet sqlite(SqlTx sql) {
    return new StoreSet(
        new SqliteIdentityStore(sql),
        new SqliteKeyPackageStore(sql),
        new SqliteGroupStateStore(sql),
        new SqliteForkSnapshotStore(sql),
        new SqliteOutboxStore(sql),
        new SqliteInboxStore(sql),
        new SqliteMessageLogStore(sql),
        new SqliteClaimStore(sql));
  }
}
