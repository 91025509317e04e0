package org.mlsmesh.node.storage;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo entries of the open in-memory transaction, replayed newest first on rollback; and the
 * secrets it replaced or deleted, destroyed only once it commits (a rollback brings them back).
 */
final class UndoLog {
  private final Deque<Runnable> undo = new ArrayDeque<>();
  private final Deque<Runnable> afterCommit = new ArrayDeque<>();

  void record(Runnable undoEntry) {
    undo.push(undoEntry);
  }

  void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  void commit() {
    undo.clear();
    while (!afterCommit.isEmpty()) {
      afterCommit.poll().run();
    }
  }

  void rollback() {
    afterCommit.clear();
    while (!undo.isEmpty()) {
      undo.pop().run();
    }
  }
}
