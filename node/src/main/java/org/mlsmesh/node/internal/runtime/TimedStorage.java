package org.mlsmesh.node.internal.runtime;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.node.storage.ClaimStore;
import org.mlsmesh.node.storage.ForkSnapshotStore;
import org.mlsmesh.node.storage.GroupStateStore;
import org.mlsmesh.node.storage.IdentityStore;
import org.mlsmesh.node.storage.InboxStore;
import org.mlsmesh.node.storage.KeyPackageStore;
import org.mlsmesh.node.storage.MessageLogStore;
import org.mlsmesh.node.storage.NodeStorage;
import org.mlsmesh.node.storage.OutboxStore;
import org.mlsmesh.node.storage.TransactionBody;

/**
 * A {@link NodeStorage} that times each transaction ({@link #computeInTransaction}, and so {@link
 * #inTransaction}): a group's merge of a Commit, a join, the directory's KeyPackage writes. A
 * single call on one of the stores outside a transaction is not timed.
 */
final class TimedStorage implements NodeStorage {
  private final NodeStorage storage;
  private final Timer timer;

  TimedStorage(NodeStorage storage, Timer timer) {
    this.storage = storage;
    this.timer = timer;
  }

  @Override
  public <T, E extends Exception> T computeInTransaction(TransactionBody<T, E> body) throws E {
    long start = System.nanoTime();
    try {
      return storage.computeInTransaction(body);
    } finally {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public IdentityStore identity() {
    return storage.identity();
  }

  @Override
  public KeyPackageStore keyPackages() {
    return storage.keyPackages();
  }

  @Override
  public GroupStateStore groupStates() {
    return storage.groupStates();
  }

  @Override
  public ForkSnapshotStore forkSnapshots() {
    return storage.forkSnapshots();
  }

  @Override
  public OutboxStore outbox() {
    return storage.outbox();
  }

  @Override
  public InboxStore inbox() {
    return storage.inbox();
  }

  @Override
  public MessageLogStore messageLog() {
    return storage.messageLog();
  }

  @Override
  public ClaimStore claims() {
    return storage.claims();
  }

  @Override
  public void close() {
    storage.close();
  }

  @Override
  public String toString() {
    return storage.toString();
  }
}
