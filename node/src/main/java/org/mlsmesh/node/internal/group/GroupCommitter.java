package org.mlsmesh.node.internal.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mlsmesh.consensus.group.GroupTransaction;
import org.mlsmesh.node.storage.NodeStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the group engines' storage transactions of one node. A group actor hands it each {@link
 * GroupTransaction} with what to do once it is committed, and carries out the effects that follow
 * the transaction only then: the rule "persisted before anything that depends on it is acknowledged
 * or sent" holds whichever committer runs.
 *
 * <ul>
 *   <li>{@link #inline}: commits each transaction at once on the caller's thread, one storage
 *       transaction each (the in-memory storage, where a commit costs no sync);
 *   <li>{@link #batching}: group commit. One writer thread takes every transaction queued when it
 *       is free (from all the node's groups, at most {@link #MAX_BATCH}) and writes them in one
 *       storage transaction: one sync of the SQLite WAL for the lot. It never waits for more to
 *       come, so a lone transaction is committed at once; a transaction waits at most for the
 *       commit in progress when it arrived. Callbacks run in submission order, after the commit. If
 *       the batch fails, each of its transactions is tried again alone, so that one bad write fails
 *       only its own group.
 * </ul>
 */
public abstract class GroupCommitter implements AutoCloseable {
  /** The most transactions committed together. */
  public static final int MAX_BATCH = 256;

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();

  private GroupCommitter() {}

  /** Commits each transaction on the caller's thread, in a storage transaction of its own. */
  public static GroupCommitter inline() {
    return new Inline();
  }

  /** A writer thread named {@code name} that commits what is queued in one transaction. */
  public static GroupCommitter batching(String name) {
    return new Batching(name);
  }

  /**
   * Commits {@code tx} of {@code store} and destroys it.
   *
   * @param later called, from another thread, with null once the transaction is committed or with
   *     the failure (it was rolled back), when this returns false
   * @return true when the transaction is already committed ({@code later} is not called)
   * @throws RuntimeException the failure, when committing at once failed (rolled back)
   */
  abstract boolean submit(GroupStore store, GroupTransaction tx, Consumer<RuntimeException> later);

  /** Group transactions committed so far. */
  public long transactions() {
    return transactions.get();
  }

  /** Storage transactions (syncs, for SQLite) that committed them. */
  public long commits() {
    return commits.get();
  }

  /** Commits what was submitted before, then stops; later submissions fail. */
  @Override
  public abstract void close();

  private static final class Inline extends GroupCommitter {
    @Override
    boolean submit(GroupStore store, GroupTransaction tx, Consumer<RuntimeException> later) {
      RuntimeException failure;
      try {
        failure = commit(List.of(new Item(store, tx, later)));
      } finally {
        tx.destroy();
      }
      if (failure != null) {
        throw failure;
      }
      return true;
    }

    @Override
    public void close() {}
  }

  private record Item(GroupStore store, GroupTransaction tx, Consumer<RuntimeException> done) {}

  /** Writes {@code items} in one transaction of their storage; the failure, or null. */
  RuntimeException commit(List<Item> items) {
    NodeStorage storage = items.get(0).store().storage();
    try {
      storage.inTransaction(
          s -> {
            for (Item item : items) {
              item.store().write(s, item.tx());
            }
          });
      commits.incrementAndGet();
      transactions.addAndGet(items.size());
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static final class Batching extends GroupCommitter {
    private static final Item STOP = new Item(null, null, null);

    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    Batching(String name) {
      writer = new Thread(this::run, Objects.requireNonNull(name, "name"));
      writer.setDaemon(true);
      writer.start();
    }

    @Override
    boolean submit(GroupStore store, GroupTransaction tx, Consumer<RuntimeException> later) {
      if (closed) {
        tx.destroy();
        throw new IllegalStateException("the node's storage writer is closed");
      }
      queue.add(new Item(store, tx, later));
      return false;
    }

    private void run() {
      List<Item> batch = new ArrayList<>(MAX_BATCH);
      boolean stop = false;
      while (!stop) {
        try {
          batch.add(queue.take());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        queue.drainTo(batch, MAX_BATCH - 1);
        int end = batch.indexOf(STOP);
        if (end >= 0) {
          stop = true;
          // Nothing is queued after STOP: close() set closed before adding it.
          batch.subList(end, batch.size()).clear();
        }
        if (!batch.isEmpty()) {
          commitAll(batch);
        }
        batch.clear();
      }
      // Submitted while closing, after STOP: refused like a submission after close.
      for (Item item = queue.poll(); item != null; item = queue.poll()) {
        if (item != STOP) {
          item.tx().destroy();
          done(item, new IllegalStateException("the node's storage writer is closed"));
        }
      }
    }

    /** Commits {@code batch} together, or each alone if together failed; then the callbacks. */
    private void commitAll(List<Item> batch) {
      try {
        RuntimeException failure = batch.size() == 1 ? null : commit(batch);
        if (batch.size() == 1 || failure != null) {
          if (failure != null) {
            LOG.debug("a batch of {} failed ({}); committing each alone", batch.size(), failure);
          }
          for (Item item : batch) {
            RuntimeException alone = commit(List.of(item));
            done(item, alone);
          }
        } else {
          batch.forEach(item -> done(item, null));
        }
      } finally {
        batch.forEach(item -> item.tx().destroy());
      }
    }

    private static void done(Item item, RuntimeException failure) {
      try {
        item.done().accept(failure);
      } catch (RuntimeException e) {
        LOG.warn("a commit callback failed: {}", e.toString());
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
      try {
        writer.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
