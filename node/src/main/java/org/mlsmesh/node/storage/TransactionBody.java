package org.mlsmesh.node.storage;

/**
 * Work done inside one storage transaction that returns a value. It may throw a checked exception
 * of its own; the transaction then rolls back and the exception reaches the caller unchanged.
 *
 * @param <T> the result
 * @param <E> the checked exception the body may throw ({@link RuntimeException} if none)
 */
@FunctionalInterface
public interface TransactionBody<T, E extends Exception> {
  T run(StorageOperations tx) throws E;
}
