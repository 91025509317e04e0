package org.mlsmesh.node.storage;

/**
 * Keeps a transaction's stores to their transaction: usable only by the thread that began it and
 * only until it ends. Misuse is a caller bug and throws {@link IllegalStateException}.
 */
final class TxGuard {
  private final Thread owner;
  private final String storeName;
  private volatile boolean active = true;

  TxGuard(Thread owner, String storeName) {
    this.owner = owner;
    this.storeName = storeName;
  }

  void check() {
    if (!active) {
      throw new IllegalStateException(
          storeName + ": transaction already ended; use tx only inside its body");
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          storeName + ": transaction used from another thread than the one running its body");
    }
  }

  void end() {
    active = false;
  }
}
