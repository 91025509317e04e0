package org.mlsmesh.node.internal.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.consensus.group.GroupEffect;
import org.mlsmesh.consensus.group.GroupEngine;
import org.mlsmesh.consensus.group.GroupEngineSettings;
import org.mlsmesh.consensus.group.GroupInput;
import org.mlsmesh.consensus.group.GroupTransaction;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.storage.InMemoryNodeStorage;
import org.mlsmesh.node.storage.NodeStorage;
import org.mlsmesh.node.storage.OutboxEntry;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;

/**
 * Group commit: the transactions queued while the storage is busy are committed together, each
 * callback runs after its transaction is readable, in submission order, over several groups.
 */
class GroupCommitterTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final SecureEntropySource RANDOM = new SecureEntropySource();

  private final NodeStorage storage = new InMemoryNodeStorage();
  private final List<GroupCommitter> committers = new ArrayList<>();

  @AfterEach
  void close() {
    committers.forEach(GroupCommitter::close);
    storage.close();
  }

  @Test
  void transactionsQueuedWhileTheStorageIsBusyAreCommittedTogetherBeforeTheirCallbacks()
      throws Exception {
    GroupCommitter committer = GroupCommitter.batching("test-storage-writer");
    committers.add(committer);
    List<Group> groups = List.of(new Group(), new Group());

    // The storage is busy with a transaction of someone else's until released.
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              try {
                storage.inTransaction(
                    s -> {
                      busy.countDown();
                      release.await();
                    });
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    holder.start();
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();

    int count = 20;
    List<Bytes> submitted = new ArrayList<>();
    List<Bytes> done = new CopyOnWriteArrayList<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    CountDownLatch allDone = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      Group group = groups.get(i % 2);
      GroupTransaction tx = group.send("message " + i);
      Bytes messageId = outboxPut(tx);
      submitted.add(messageId);
      boolean now =
          committer.submit(
              group.store,
              tx,
              failure -> {
                if (failure != null) {
                  problems.add(failure.toString());
                } else if (!group.outbox().contains(messageId)) {
                  problems.add("told before " + messageId + " was readable");
                }
                done.add(messageId);
                allDone.countDown();
              });
      assertThat(now).as("committed at once while the storage is busy").isFalse();
    }
    assertThat(done).isEmpty();
    release.countDown();
    holder.join();
    assertThat(allDone.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(problems).isEmpty();
    assertThat(done).containsExactlyElementsOf(submitted);
    assertThat(committer.transactions()).isEqualTo(count);
    // The writer took the first alone if it woke before the others came, the rest together.
    assertThat(committer.commits()).isBetween(1L, 2L);
  }

  @Test
  void inlineCommitsEachAtOnceAndAClosedWriterRefuses() throws Exception {
    Group group = new Group();
    GroupCommitter inline = GroupCommitter.inline();
    GroupTransaction tx = group.send("now");
    Bytes messageId = outboxPut(tx);
    assertThat(inline.submit(group.store, tx, failure -> {})).isTrue();
    assertThat(group.outbox()).contains(messageId);
    assertThat(inline.commits()).isEqualTo(1);

    GroupCommitter batching = GroupCommitter.batching("test-storage-writer");
    batching.close();
    assertThatThrownBy(() -> batching.submit(group.store, group.send("late"), failure -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  private static Bytes outboxPut(GroupTransaction tx) {
    return tx.ops().stream()
        .filter(op -> op instanceof GroupTransaction.OutboxPut)
        .map(op -> ((GroupTransaction.OutboxPut) op).messageId())
        .findFirst()
        .orElseThrow();
  }

  /** A group of one member, whose engine writes a transaction for each message it sends. */
  private final class Group {
    final GroupEngine engine;
    final GroupStore store;
    private long requests;

    Group() throws Exception {
      NodeKeys keys = NodeKeys.generate(SUITE, RANDOM);
      GroupEnvironment env = GroupActorRestartTest.environment();
      GroupEngineSettings settings =
          new GroupEngineSettings(
              env,
              keys.mlsSignatureKey(),
              keys.credential(),
              ForkChoiceConfig.builder().build(),
              600_000,
              5_000,
              true);
      GroupState root =
          GroupState.create(
              env,
              SUITE,
              Bytes.wrap(RANDOM.randomBytes(16)),
              List.of(),
              keys.mlsSignatureKey(),
              keys.credential(),
              System.currentTimeMillis());
      GroupEngine.Started started =
          GroupEngine.create(
              settings,
              root,
              Optional.of(root.ownLeaf()),
              Optional.empty(),
              System.currentTimeMillis());
      engine = started.engine();
      store = new GroupStore(storage, engine.groupId());
      for (GroupEffect e : started.effects()) {
        if (e instanceof GroupEffect.Persist p) {
          GroupCommitter.inline().submit(store, p.transaction(), failure -> {});
        }
      }
    }

    GroupTransaction send(String text) {
      List<GroupEffect> effects =
          engine.onInput(
              new GroupInput.Send(++requests, Bytes.wrap(text.getBytes(StandardCharsets.UTF_8))),
              System.currentTimeMillis());
      return ((GroupEffect.Persist) effects.get(0)).transaction();
    }

    List<Bytes> outbox() {
      return storage.outbox().list(engine.groupId()).stream().map(OutboxEntry::messageId).toList();
    }
  }
}
