package org.mlsmesh.node.storage;

/** The in-memory stores of one transaction. */
final class InMemoryOperations implements StorageOperations {
  private final IdentityStore identity;
  private final KeyPackageStore keyPackages;
  private final GroupStateStore groupStates;
  private final ForkSnapshotStore forkSnapshots;
  private final OutboxStore outbox;
  private final InboxStore inbox;
  private final MessageLogStore messageLog;

  InMemoryOperations(InMemoryTables tables, TxGuard guard) {
    this.identity = new InMemoryIdentityStore(tables, guard);
    this.keyPackages = new InMemoryKeyPackageStore(tables, guard);
    this.groupStates = new InMemoryGroupStateStore(tables, guard);
    this.forkSnapshots = new InMemoryForkSnapshotStore(tables, guard);
    this.outbox = new InMemoryOutboxStore(tables, guard);
    this.inbox = new InMemoryInboxStore(tables, guard);
    this.messageLog = new InMemoryMessageLogStore(tables, guard);
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
