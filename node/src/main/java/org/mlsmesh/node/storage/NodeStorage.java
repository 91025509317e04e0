package org.mlsmesh.node.storage;

/**
 * The node's durable storage: one instance owns one store (a SQLite file, or memory).
 *
 * <p><b>Durability.</b> When a write method or {@link #inTransaction} returns, the change is
 * committed: {@link SqliteNodeStorage} has synced it to disk. Callers must persist first and act
 * second: store the new group state before acknowledging or announcing the epoch, put a message in
 * the outbox before handing it to gossip, mark a message delivered before handing it to the
 * application (a crash in between then loses that one delivery instead of repeating it).
 *
 * <p><b>Atomicity.</b> Everything MLS requires to happen together is one {@link #inTransaction}
 * call: merging a Commit (write the new group state, delete the old epoch's snapshots, remove the
 * Commit from the outbox) or consuming a KeyPackage together with the group state it creates. If
 * the body throws, nothing it did is kept.
 *
 * <p><b>Threads.</b> Implementations are safe for use from several threads; transactions run one at
 * a time. A transaction body must use only its {@code tx}, only on the calling thread, and only
 * until it returns: calling the storage itself from inside a body (a nested transaction) throws
 * {@link IllegalStateException}, as does any use after {@link #close}.
 *
 * <p><b>Secrets.</b> Private keys and serialized states are stored as given (a caller that wants
 * them encrypted at rest encrypts them first) and are returned as {@link
 * org.mlsmesh.protocol.crypto.Secret}s that the caller should destroy when done. Storage never logs
 * values.
 */
public interface NodeStorage extends StorageOperations, AutoCloseable {

  /**
   * Runs {@code body} in one transaction and commits it; returns the body's result.
   *
   * @throws E whatever the body throws, after rolling back
   * @throws StorageException if the storage fails; the transaction has been rolled back
   */
  <T, E extends Exception> T computeInTransaction(TransactionBody<T, E> body) throws E;

  /**
   * Runs {@code action} in one transaction and commits it.
   *
   * @throws E whatever the action throws, after rolling back
   * @throws StorageException if the storage fails; the transaction has been rolled back
   */
  default <E extends Exception> void inTransaction(TransactionAction<E> action) throws E {
    computeInTransaction(
        tx -> {
          action.run(tx);
          return Boolean.TRUE;
        });
  }

  /** Releases the store; a file-backed store is left complete and consistent on disk. */
  @Override
  void close();
}
