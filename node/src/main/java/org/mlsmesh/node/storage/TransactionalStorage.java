package org.mlsmesh.node.storage;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transaction discipline both implementations share: one transaction at a time under one lock,
 * no nesting, commit or roll back on every path, and stores that work only inside their body. Each
 * call on the storage itself is a transaction of its own.
 */
abstract class TransactionalStorage implements NodeStorage {
  /** One open transaction of the underlying store. */
  interface Transaction {
    /** The stores bound to this transaction. */
    StorageOperations operations();

    void commit();

    void rollback();
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final StoreSet autoCommit = AutoCommitStores.of(this);
  private boolean inTransaction;
  private boolean closed;

  /** Begins a transaction whose stores check {@code guard} on every call. */
  abstract Transaction begin(TxGuard guard);

  /** Releases the underlying store; called once, under the lock, outside any transaction. */
  abstract void closeStore();

  /** The file name, or a name for an in-memory store, for messages. */
  abstract String describe();

  @Override
  public final <T, E extends Exception> T computeInTransaction(TransactionBody<T, E> body)
      throws E {
    Objects.requireNonNull(body, "body");
    lock.lock();
    try {
      checkOpen();
      if (inTransaction) {
        throw new IllegalStateException(
            describe() + ": nested transaction; inside a transaction body use only its tx");
      }
      TxGuard guard = new TxGuard(Thread.currentThread(), describe());
      Transaction tx = begin(guard);
      inTransaction = true;
      try {
        T result;
        try {
          result = body.run(tx.operations());
        } catch (Throwable failure) {
          rollback(tx, failure);
          throw failure;
        }
        try {
          tx.commit();
        } catch (RuntimeException | Error failure) {
          rollback(tx, failure);
          throw failure;
        }
        return result;
      } finally {
        guard.end();
        inTransaction = false;
      }
    } finally {
      lock.unlock();
    }
  }

  private static void rollback(Transaction tx, Throwable cause) {
    try {
      tx.rollback();
    } catch (RuntimeException | Error rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(describe() + " is closed");
    }
  }

  @Override
  public final void close() {
    lock.lock();
    try {
      if (inTransaction) {
        throw new IllegalStateException(describe() + ": close() inside a transaction body");
      }
      if (!closed) {
        closed = true;
        closeStore();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public final IdentityStore identity() {
    return autoCommit.identity();
  }

  @Override
  public final KeyPackageStore keyPackages() {
    return autoCommit.keyPackages();
  }

  @Override
  public final GroupStateStore groupStates() {
    return autoCommit.groupStates();
  }

  @Override
  public final ForkSnapshotStore forkSnapshots() {
    return autoCommit.forkSnapshots();
  }

  @Override
  public final OutboxStore outbox() {
    return autoCommit.outbox();
  }

  @Override
  public final InboxStore inbox() {
    return autoCommit.inbox();
  }

  @Override
  public final MessageLogStore messageLog() {
    return autoCommit.messageLog();
  }

  @Override
  public final ClaimStore claims() {
    return autoCommit.claims();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + describe() + "]";
  }
}
