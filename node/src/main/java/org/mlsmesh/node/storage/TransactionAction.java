package org.mlsmesh.node.storage;

/**
 * Work done inside one storage transaction that returns nothing. It may throw a checked exception
 * of its own; the transaction then rolls back and the exception reaches the caller unchanged.
 *
 * @param <E> the checked exception the action may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface TransactionAction<E extends Exception> {
  void run(StorageOperations tx) throws E;
}
