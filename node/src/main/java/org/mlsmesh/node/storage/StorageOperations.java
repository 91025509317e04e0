package org.mlsmesh.node.storage;

/**
 * The stores of one node. On a {@link NodeStorage} each call is its own committed transaction; on
 * the {@code tx} handed to {@link NodeStorage#inTransaction} all calls commit together or not at
 * all. The stores treat every value as opaque bytes: storage never interprets MLS.
 */
public interface StorageOperations {
  /** The node's long-term identity. */
  IdentityStore identity();

  /** Published KeyPackages and their private keys. */
  KeyPackageStore keyPackages();

  /** The current serialized state of each group. */
  GroupStateStore groupStates();

  /** States kept for rollback until their epoch settles. */
  ForkSnapshotStore forkSnapshots();

  /** Messages this node must send until they are acknowledged. */
  OutboxStore outbox();

  /** Application messages already delivered, so each is delivered exactly once. */
  InboxStore inbox();

  /** Recently received gossip payloads, for anti-entropy. */
  MessageLogStore messageLog();

  /** KeyPackages the directory knows to be claimed. */
  ClaimStore claims();
}
