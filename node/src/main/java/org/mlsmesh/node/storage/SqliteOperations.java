package org.mlsmesh.node.storage;

/** The SQLite stores of one transaction. */
final class SqliteOperations implements StorageOperations {
  private final IdentityStore identity;
  private final KeyPackageStore keyPackages;
  private final GroupStateStore groupStates;
  private final ForkSnapshotStore forkSnapshots;
  private final OutboxStore outbox;
  private final InboxStore inbox;
  private final MessageLogStore messageLog;

  SqliteOperations(SqlTx sql) {
    this.identity = new SqliteIdentityStore(sql);
    this.keyPackages = new SqliteKeyPackageStore(sql);
    this.groupStates = new SqliteGroupStateStore(sql);
    this.forkSnapshots = new SqliteForkSnapshotStore(sql);
    this.outbox = new SqliteOutboxStore(sql);
    this.inbox = new SqliteInboxStore(sql);
    this.messageLog = new SqliteMessageLogStore(sql);
  }

  @Override
  public IdentityStore identity() {
    return identity;
  }

  @Override
  public KeyPackageStore keyPackages() {
    return keyPackages;
  }

  @Override
  public GroupStateStore groupStates() {
    return groupStates;
  }

  @Override
  public ForkSnapshotStore forkSnapshots() {
    return forkSnapshots;
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }

  @Override
  public InboxStore inbox() {
    return inbox;
  }

  @Override
  public MessageLogStore messageLog() {
    return messageLog;
  }
}
