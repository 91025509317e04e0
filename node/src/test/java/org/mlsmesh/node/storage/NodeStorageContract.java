package org.mlsmesh.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The behaviour every {@link NodeStorage} must have; each implementation runs it through a
 * subclass. This part covers transactions, threads and misuse; {@link StoredDataContract} each unit
 * of data.
 */
abstract class NodeStorageContract extends StoredDataContract {
  static final int THREADS = 4;
  static final int ROUNDS = 25;

  /** The test's own failure, thrown from inside a transaction body. */
  static final class Boom extends RuntimeException {
    Boom() {
      super("boom");
    }
  }

  /** A checked failure of a transaction body. */
  static final class CheckedBoom extends Exception {
    CheckedBoom() {
      super("checked boom");
    }
  }

  /** Group at epoch 4 with snapshots of epochs 3 and 4 and the epoch-5 Commit in the outbox. */
  void groupAwaitingItsCommit() {
    storage.groupStates().put(state(GROUP_A, 4));
    storage.forkSnapshots().put(snapshot(GROUP_A, "e3", 3, 100));
    storage.forkSnapshots().put(snapshot(GROUP_A, "e4", 4, 200));
    storage.outbox().enqueue(GROUP_A, b("commit-5"), OutboxKind.COMMIT, b("commit"), 200);
  }

  /** Merge the epoch-5 Commit: new state, old snapshots erased, Commit out of the outbox. */
  static void mergeCommit(StorageOperations tx) {
    tx.groupStates().put(state(GROUP_A, 5));
    tx.forkSnapshots().deleteBeforeEpoch(GROUP_A, 5);
    tx.outbox().remove(GROUP_A, b("commit-5"));
  }

  @Test
  void commitMergeCommitsTogether() {
    groupAwaitingItsCommit();

    storage.inTransaction(NodeStorageContract::mergeCommit);

    assertThat(storage.groupStates().get(GROUP_A).orElseThrow().epoch()).isEqualTo(5);
    assertThat(storage.forkSnapshots().list(GROUP_A)).isEmpty();
    assertThat(storage.outbox().list(GROUP_A)).isEmpty();
  }

  @Test
  void failureMidCommitMergeLeavesNothingChanged() {
    groupAwaitingItsCommit();

    assertThatThrownBy(
            () ->
                storage.inTransaction(
                    tx -> {
                      tx.groupStates().put(state(GROUP_A, 5));
                      tx.forkSnapshots().deleteBeforeEpoch(GROUP_A, 5);
                      throw new Boom();
                    }))
        .isInstanceOf(Boom.class);

    assertThat(storage.groupStates().get(GROUP_A)).contains(state(GROUP_A, 4));
    assertThat(storage.forkSnapshots().list(GROUP_A))
        .containsExactly(snapshot(GROUP_A, "e3", 3, 100), snapshot(GROUP_A, "e4", 4, 200));
    assertThat(storage.outbox().list(GROUP_A))
        .extracting(OutboxEntry::messageId)
        .containsExactly(b("commit-5"));
  }

  @Test
  void everyKindOfWriteRollsBack() {
    storage.keyPackages().add(keyPackage("r1", false, 1));
    storage.groupStates().put(state(GROUP_A, 1));
    storage.outbox().enqueue(GROUP_A, b("m1"), OutboxKind.COMMIT, b("c"), 1);
    storage.messageLog().append("t", b("old"), b("p"), 1);
    storage.inbox().markDelivered(GROUP_A, b("old"), 1);

    assertThatThrownBy(
            () ->
                storage.inTransaction(
                    tx -> {
                      tx.identity().store(identity());
                      tx.keyPackages().consume(b("r1"));
                      tx.keyPackages().add(keyPackage("r2", false, 2));
                      tx.forkSnapshots().put(snapshot(GROUP_A, "e1", 1, 1));
                      tx.outbox().markAttempt(GROUP_A, b("m1"), 2);
                      tx.outbox().enqueue(GROUP_A, b("m2"), OutboxKind.COMMIT, b("c"), 2);
                      tx.inbox().markDelivered(GROUP_A, b("new"), 2);
                      tx.inbox().pruneDeliveredBefore(100);
                      tx.messageLog().append("t", b("new"), b("p"), 2);
                      tx.messageLog().pruneBefore(100);
                      tx.groupStates().remove(GROUP_A);
                      throw new Boom();
                    }))
        .isInstanceOf(Boom.class);

    assertThat(storage.identity().load()).isEmpty();
    assertThat(storage.keyPackages().list())
        .extracting(KeyPackageInfo::ref)
        .containsExactly(b("r1"));
    assertThat(storage.keyPackages().consume(b("r1"))).isPresent();
    assertThat(storage.groupStates().get(GROUP_A)).contains(state(GROUP_A, 1));
    assertThat(storage.forkSnapshots().list(GROUP_A)).isEmpty();
    assertThat(storage.outbox().list(GROUP_A))
        .extracting(OutboxEntry::messageId, OutboxEntry::attempts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(b("m1"), 0));
    assertThat(storage.inbox().isDelivered(GROUP_A, b("old"))).isTrue();
    assertThat(storage.inbox().isDelivered(GROUP_A, b("new"))).isFalse();
    assertThat(storage.messageLog().idsSince("t", 0, 10)).containsExactly(b("old"));
  }

  @Test
  void outboxOrderSurvivesARolledBackEnqueue() {
    storage.outbox().enqueue(GROUP_A, b("first"), OutboxKind.COMMIT, b("1"), 1);
    assertThatThrownBy(
            () ->
                storage.inTransaction(
                    tx -> {
                      tx.outbox().enqueue(GROUP_A, b("lost"), OutboxKind.COMMIT, b("x"), 2);
                      throw new Boom();
                    }))
        .isInstanceOf(Boom.class);
    storage.outbox().enqueue(GROUP_A, b("second"), OutboxKind.COMMIT, b("2"), 3);

    assertThat(storage.outbox().list(GROUP_A))
        .extracting(OutboxEntry::messageId)
        .containsExactly(b("first"), b("second"));
  }

  @Test
  void consumedKeyPackageComesBackWhenTheJoinFails() {
    storage.keyPackages().add(keyPackage("r1", false, 1));

    assertThatThrownBy(
            () ->
                storage.inTransaction(
                    tx -> {
                      tx.keyPackages().consume(b("r1")).orElseThrow();
                      tx.groupStates().put(state(GROUP_A, 0));
                      throw new Boom();
                    }))
        .isInstanceOf(Boom.class);

    assertThat(storage.groupStates().groupIds()).isEmpty();
    assertThat(storage.keyPackages().consume(b("r1"))).contains(keyPackage("r1", false, 1));
  }

  @Test
  void bodyReadsItsOwnWritesAndReturnsItsResult() {
    long epoch =
        storage.computeInTransaction(
            tx -> {
              tx.groupStates().put(state(GROUP_A, 9));
              return tx.groupStates().get(GROUP_A).orElseThrow().epoch();
            });

    assertThat(epoch).isEqualTo(9);
  }

  @Test
  void checkedExceptionPassesThroughAfterRollback() {
    assertThatThrownBy(
            () ->
                storage.inTransaction(
                    tx -> {
                      tx.groupStates().put(state(GROUP_A, 1));
                      throw new CheckedBoom();
                    }))
        .isInstanceOf(CheckedBoom.class);

    assertThat(storage.groupStates().groupIds()).isEmpty();
  }

  @Test
  void conflictInsideATransactionRollsItBack() {
    storage.identity().store(identity());

    assertThatThrownBy(
            () ->
                storage.inTransaction(
                    tx -> {
                      tx.groupStates().put(state(GROUP_A, 1));
                      tx.identity().store(identity());
                    }))
        .isInstanceOf(StorageException.class);

    assertThat(storage.groupStates().groupIds()).isEmpty();
  }

  @Test
  void storageIsUsableAfterARollback() {
    assertThatThrownBy(
            () ->
                storage.inTransaction(
                    tx -> {
                      throw new Boom();
                    }))
        .isInstanceOf(Boom.class);

    storage.groupStates().put(state(GROUP_A, 1));
    assertThat(storage.groupStates().groupIds()).containsExactly(GROUP_A);
  }

  @Test
  void nestedTransactionIsRefusedAndTheOuterRollsBack() {
    assertThatThrownBy(
            () ->
                storage.inTransaction(
                    tx -> {
                      tx.groupStates().put(state(GROUP_A, 1));
                      storage.groupStates().put(state(GROUP_B, 1));
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nested transaction");

    assertThat(storage.groupStates().groupIds()).isEmpty();
  }

  @Test
  void txIsDeadAfterItsBody() {
    AtomicReference<StorageOperations> leaked = new AtomicReference<>();
    storage.inTransaction(leaked::set);

    assertThatThrownBy(() -> leaked.get().groupStates().groupIds())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("transaction already ended");
  }

  @Test
  void txIsRefusedOnAnotherThread() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      storage.inTransaction(
          tx -> {
            Future<?> attempt = other.submit(() -> tx.groupStates().groupIds());
            assertThatThrownBy(attempt::get)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another thread");
          });
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void closedStorageIsRefused() {
    storage.close();

    assertThatThrownBy(() -> storage.groupStates().groupIds())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    storage.close();
  }

  @Test
  void closeInsideABodyIsRefused() {
    assertThatThrownBy(() -> storage.inTransaction(tx -> storage.close()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(storage.groupStates().groupIds()).isEmpty();
  }

  @Test
  void badArgumentsAreRefusedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> storage.groupStates().get(Bytes.EMPTY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> state(GROUP_A, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.outbox().enqueue(GROUP_A, b("m"), null, b("p"), 1))
        .isInstanceOf(NullPointerException.class);
    assertThat(storage.outbox().list(GROUP_A)).isEmpty();
  }

  @Test
  void concurrentReadModifyWriteTransactionsAreSerialized() throws Exception {
    storage.groupStates().put(state(GROUP_A, 0));

    runConcurrently(
        thread ->
            () -> {
              for (int i = 0; i < ROUNDS; i++) {
                storage.inTransaction(
                    tx -> {
                      long epoch = tx.groupStates().get(GROUP_A).orElseThrow().epoch();
                      tx.groupStates().put(state(GROUP_A, epoch + 1));
                    });
              }
              return null;
            });

    assertThat(storage.groupStates().get(GROUP_A).orElseThrow().epoch())
        .isEqualTo((long) THREADS * ROUNDS);
  }

  @Test
  void concurrentDeliveriesAreEachNewExactlyOnce() throws Exception {
    List<Integer> newCounts =
        runConcurrently(
            thread ->
                () -> {
                  int fresh = 0;
                  for (int i = 0; i < ROUNDS; i++) {
                    if (storage.inbox().markDelivered(GROUP_A, b("app-" + i), i)) {
                      fresh++;
                    }
                  }
                  return fresh;
                });

    assertThat(newCounts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(ROUNDS);
  }

  private <T> List<T> runConcurrently(java.util.function.IntFunction<Callable<T>> work)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(work.apply(t)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
