package org.mlsmesh.node.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * What every {@link NodeStorage} must do with each unit of data; part of {@link
 * NodeStorageContract}, which adds transactions, concurrency and misuse.
 */
abstract class StoredDataContract {
  static final Bytes GROUP_A = b("group-a");
  static final Bytes GROUP_B = b("group-b");
  static final String TOPIC = "group/abc";

  NodeStorage storage;

  /** A new, empty storage. */
  abstract NodeStorage newStorage();

  @BeforeEach
  void openStorage() {
    storage = newStorage();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }

  static Bytes b(String text) {
    return Bytes.of(text.getBytes(UTF_8));
  }

  static Secret secret(String text) {
    return Secret.of(text.getBytes(UTF_8));
  }

  static StoredIdentity identity() {
    return new StoredIdentity(b("public"), secret("private"), b("credential"), 10);
  }

  static StoredKeyPackage keyPackage(String ref, boolean lastResort, long createdAt) {
    return new StoredKeyPackage(
        new KeyPackageInfo(b(ref), b("kp-" + ref), lastResort, createdAt), secret("bundle-" + ref));
  }

  static StoredGroupState state(Bytes groupId, long epoch) {
    return new StoredGroupState(groupId, epoch, secret("state@" + epoch), 1000 + epoch);
  }

  static StoredForkSnapshot snapshot(Bytes groupId, String epochId, long epoch, long createdAt) {
    return new StoredForkSnapshot(
        groupId, b(epochId), epoch, secret("snapshot-" + epochId), createdAt);
  }

  @Test
  void emptyStorageHasNone() {
    assertThat(storage.identity().load()).isEmpty();
  }

  @Test
  void storedIdentityLoadsEqual() {
    storage.identity().store(identity());

    StoredIdentity loaded = storage.identity().load().orElseThrow();
    assertThat(loaded).isEqualTo(identity());
    assertThat(loaded.signaturePrivateKey().exposeBytes()).isEqualTo("private".getBytes(UTF_8));
  }

  @Test
  void refusesToReplaceTheIdentity() {
    storage.identity().store(identity());
    StoredIdentity other = new StoredIdentity(b("other"), secret("other"), b("other"), 20);

    assertThatThrownBy(() -> storage.identity().store(other))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("already stored")
        .extracting(e -> ((StorageException) e).kind())
        .isEqualTo(StorageException.Kind.CONFLICT);
    assertThat(storage.identity().load()).contains(identity());
  }

  @Test
  void callerDestroyingItsCopiesDoesNotEraseTheStoredKey() {
    StoredIdentity given = identity();
    storage.identity().store(given);
    given.destroy();
    storage.identity().load().orElseThrow().signaturePrivateKey().destroy();

    assertThat(storage.identity().load().orElseThrow().signaturePrivateKey())
        .isEqualTo(secret("private"));
  }

  @Test
  void emptyValuesRoundTrip() {
    StoredIdentity empty = new StoredIdentity(Bytes.EMPTY, Secret.of(new byte[0]), Bytes.EMPTY, 0);
    storage.identity().store(empty);

    assertThat(storage.identity().load()).contains(empty);
  }

  @Test
  void consumeReturnsTheBundleOnceAndDeletesIt() {
    storage.keyPackages().add(keyPackage("r1", false, 5));

    Optional<StoredKeyPackage> first = storage.keyPackages().consume(b("r1"));
    assertThat(first).contains(keyPackage("r1", false, 5));
    assertThat(first.orElseThrow().privateBundle()).isEqualTo(secret("bundle-r1"));
    assertThat(storage.keyPackages().consume(b("r1"))).isEmpty();
    assertThat(storage.keyPackages().find(b("r1"))).isEmpty();
  }

  @Test
  void lastResortIsKeptWhenConsumed() {
    storage.keyPackages().add(keyPackage("last", true, 5));

    assertThat(storage.keyPackages().consume(b("last"))).isPresent();
    assertThat(storage.keyPackages().consume(b("last"))).contains(keyPackage("last", true, 5));
  }

  @Test
  void unknownRefIsEmpty() {
    assertThat(storage.keyPackages().consume(b("nope"))).isEmpty();
    assertThat(storage.keyPackages().find(b("nope"))).isEmpty();
    assertThat(storage.keyPackages().delete(b("nope"))).isFalse();
  }

  @Test
  void duplicateRefIsAConflictAndKeepsTheFirst() {
    storage.keyPackages().add(keyPackage("r1", false, 5));

    assertThatThrownBy(() -> storage.keyPackages().add(keyPackage("r1", true, 6)))
        .isInstanceOf(StorageException.class)
        .extracting(e -> ((StorageException) e).kind())
        .isEqualTo(StorageException.Kind.CONFLICT);
    assertThat(storage.keyPackages().find(b("r1"))).contains(keyPackage("r1", false, 5).info());
  }

  @Test
  void listsOldestFirstAndCountsSingleUse() {
    storage.keyPackages().add(keyPackage("c", false, 30));
    storage.keyPackages().add(keyPackage("b", false, 10));
    storage.keyPackages().add(keyPackage("a", false, 30));
    storage.keyPackages().add(keyPackage("last", true, 1));

    assertThat(storage.keyPackages().list())
        .extracting(KeyPackageInfo::ref)
        .containsExactly(b("last"), b("b"), b("a"), b("c"));
    assertThat(storage.keyPackages().countSingleUse()).isEqualTo(3);

    storage.keyPackages().consume(b("a"));
    assertThat(storage.keyPackages().delete(b("b"))).isTrue();
    assertThat(storage.keyPackages().countSingleUse()).isEqualTo(1);
    assertThat(storage.keyPackages().list())
        .extracting(KeyPackageInfo::ref)
        .containsExactly(b("last"), b("c"));
  }

  @Test
  void putReplacesAndMayGoBackAnEpoch() {
    storage.groupStates().put(state(GROUP_A, 4));
    storage.groupStates().put(state(GROUP_A, 5));
    assertThat(storage.groupStates().get(GROUP_A)).contains(state(GROUP_A, 5));

    storage.groupStates().put(state(GROUP_A, 4));
    StoredGroupState rolledBack = storage.groupStates().get(GROUP_A).orElseThrow();
    assertThat(rolledBack.epoch()).isEqualTo(4);
    assertThat(rolledBack.state()).isEqualTo(secret("state@4"));
    assertThat(storage.groupStates().get(GROUP_B)).isEmpty();
  }

  @Test
  void groupIdsInUnsignedByteOrder() {
    Bytes high = Bytes.fromHex("ff01");
    Bytes low = Bytes.fromHex("01");
    Bytes longer = Bytes.fromHex("0100");
    storage.groupStates().put(state(high, 0));
    storage.groupStates().put(state(longer, 0));
    storage.groupStates().put(state(low, 0));

    assertThat(storage.groupStates().groupIds()).containsExactly(low, longer, high);
  }

  @Test
  void removeForgetsTheGroupAndEverythingItOwns() {
    for (Bytes group : List.of(GROUP_A, GROUP_B)) {
      storage.groupStates().put(state(group, 3));
      storage.forkSnapshots().put(snapshot(group, "e3", 3, 100));
      storage.outbox().enqueue(group, b("m1"), OutboxKind.COMMIT, b("commit"), 100);
      storage.inbox().markDelivered(group, b("app1"), 100);
    }

    assertThat(storage.groupStates().remove(GROUP_A)).isTrue();

    assertThat(storage.groupStates().get(GROUP_A)).isEmpty();
    assertThat(storage.forkSnapshots().list(GROUP_A)).isEmpty();
    assertThat(storage.outbox().list(GROUP_A)).isEmpty();
    assertThat(storage.inbox().isDelivered(GROUP_A, b("app1"))).isFalse();
    assertThat(storage.groupStates().groupIds()).containsExactly(GROUP_B);
    assertThat(storage.forkSnapshots().list(GROUP_B)).hasSize(1);
    assertThat(storage.outbox().list(GROUP_B)).hasSize(1);
    assertThat(storage.inbox().isDelivered(GROUP_B, b("app1"))).isTrue();
    assertThat(storage.groupStates().remove(GROUP_A)).isFalse();
  }

  @Test
  void storedByGroupAndEpochIdListedByEpoch() {
    storage.forkSnapshots().put(snapshot(GROUP_A, "fork-y", 7, 200));
    storage.forkSnapshots().put(snapshot(GROUP_A, "fork-x", 7, 300));
    storage.forkSnapshots().put(snapshot(GROUP_A, "e6", 6, 100));
    storage.forkSnapshots().put(snapshot(GROUP_B, "e6", 6, 100));

    assertThat(storage.forkSnapshots().get(GROUP_A, b("fork-x")))
        .contains(snapshot(GROUP_A, "fork-x", 7, 300));
    assertThat(storage.forkSnapshots().get(GROUP_A, b("absent"))).isEmpty();
    assertThat(storage.forkSnapshots().list(GROUP_A))
        .extracting(StoredForkSnapshot::epochId)
        .containsExactly(b("e6"), b("fork-x"), b("fork-y"));
  }

  @Test
  void putReplacesTheSameEpochId() {
    storage.forkSnapshots().put(snapshot(GROUP_A, "e1", 1, 100));
    StoredForkSnapshot newer = new StoredForkSnapshot(GROUP_A, b("e1"), 1, secret("new"), 150);
    storage.forkSnapshots().put(newer);

    assertThat(storage.forkSnapshots().list(GROUP_A)).containsExactly(newer);
  }

  @Test
  void deletesOneByEpochOrByAgeWithinTheGroup() {
    for (int epoch = 1; epoch <= 5; epoch++) {
      storage.forkSnapshots().put(snapshot(GROUP_A, "e" + epoch, epoch, 100L * epoch));
      storage.forkSnapshots().put(snapshot(GROUP_B, "e" + epoch, epoch, 100L * epoch));
    }

    assertThat(storage.forkSnapshots().delete(GROUP_A, b("e5"))).isTrue();
    assertThat(storage.forkSnapshots().delete(GROUP_A, b("e5"))).isFalse();
    assertThat(storage.forkSnapshots().deleteBeforeEpoch(GROUP_A, 3)).isEqualTo(2);
    assertThat(storage.forkSnapshots().deleteCreatedBefore(GROUP_A, 400)).isEqualTo(1);

    assertThat(storage.forkSnapshots().list(GROUP_A))
        .extracting(StoredForkSnapshot::epoch)
        .containsExactly(4L);
    assertThat(storage.forkSnapshots().list(GROUP_B)).hasSize(5);
  }

  @Test
  void enqueuedEntryIsPendingWithNoAttempts() {
    assertThat(storage.outbox().enqueue(GROUP_A, b("m1"), OutboxKind.COMMIT, b("c1"), 50)).isTrue();

    assertThat(storage.outbox().get(GROUP_A, b("m1")))
        .contains(
            new OutboxEntry(
                GROUP_A,
                b("m1"),
                OutboxKind.COMMIT,
                b("c1"),
                0,
                OutboxStatus.PENDING,
                50,
                OptionalLong.empty()));
    assertThat(storage.outbox().get(GROUP_A, b("m2"))).isEmpty();
  }

  @Test
  void enqueueTwiceKeepsTheFirst() {
    storage.outbox().enqueue(GROUP_A, b("m1"), OutboxKind.COMMIT, b("first"), 50);

    assertThat(storage.outbox().enqueue(GROUP_A, b("m1"), OutboxKind.WELCOME, b("second"), 60))
        .isFalse();
    assertThat(storage.outbox().get(GROUP_A, b("m1")).orElseThrow().payload())
        .isEqualTo(b("first"));
  }

  @Test
  void listsInInsertionOrder() {
    storage.outbox().enqueue(GROUP_A, b("z"), OutboxKind.APPLICATION, b("1"), 50);
    storage.outbox().enqueue(GROUP_B, b("y"), OutboxKind.PROPOSAL, b("2"), 10);
    storage.outbox().enqueue(GROUP_A, b("a"), OutboxKind.COMMIT, b("3"), 10);
    storage.outbox().enqueue(GROUP_A, b("m"), OutboxKind.WELCOME, b("4"), 90);

    assertThat(storage.outbox().list(GROUP_A))
        .extracting(OutboxEntry::messageId)
        .containsExactly(b("z"), b("a"), b("m"));
    assertThat(storage.outbox().listUnacknowledged())
        .extracting(OutboxEntry::payload)
        .containsExactly(b("1"), b("2"), b("3"), b("4"));
  }

  @Test
  void attemptsThenAcknowledgement() {
    storage.outbox().enqueue(GROUP_A, b("m1"), OutboxKind.COMMIT, b("c1"), 50);
    storage.outbox().enqueue(GROUP_A, b("m2"), OutboxKind.COMMIT, b("c2"), 50);

    assertThat(storage.outbox().markAttempt(GROUP_A, b("m1"), 60)).isTrue();
    assertThat(storage.outbox().markAttempt(GROUP_A, b("m1"), 70)).isTrue();
    OutboxEntry sent = storage.outbox().get(GROUP_A, b("m1")).orElseThrow();
    assertThat(sent.attempts()).isEqualTo(2);
    assertThat(sent.status()).isEqualTo(OutboxStatus.SENT);
    assertThat(sent.lastAttemptAtMillis()).hasValue(70);

    assertThat(storage.outbox().markAcknowledged(GROUP_A, b("m1"))).isTrue();
    assertThat(storage.outbox().markAttempt(GROUP_A, b("m1"), 80)).isTrue();
    OutboxEntry acknowledged = storage.outbox().get(GROUP_A, b("m1")).orElseThrow();
    assertThat(acknowledged.status()).isEqualTo(OutboxStatus.ACKNOWLEDGED);
    assertThat(acknowledged.attempts()).isEqualTo(3);
    assertThat(storage.outbox().listUnacknowledged())
        .extracting(OutboxEntry::messageId)
        .containsExactly(b("m2"));
  }

  @Test
  void replacedPayloadIsPendingAgainInItsPlace() {
    storage.outbox().enqueue(GROUP_A, b("m1"), OutboxKind.APPLICATION, b("old"), 50);
    storage.outbox().enqueue(GROUP_A, b("m2"), OutboxKind.APPLICATION, b("other"), 50);
    storage.outbox().markAttempt(GROUP_A, b("m1"), 60);

    assertThat(storage.outbox().replacePayload(GROUP_A, b("m1"), b("re-encrypted"))).isTrue();

    OutboxEntry entry = storage.outbox().list(GROUP_A).get(0);
    assertThat(entry.payload()).isEqualTo(b("re-encrypted"));
    assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(entry.lastAttemptAtMillis()).hasValue(60);
  }

  @Test
  void removeAndOperationsOnAbsentEntries() {
    storage.outbox().enqueue(GROUP_A, b("m1"), OutboxKind.COMMIT, b("c1"), 50);

    assertThat(storage.outbox().remove(GROUP_A, b("m1"))).isTrue();
    assertThat(storage.outbox().remove(GROUP_A, b("m1"))).isFalse();
    assertThat(storage.outbox().markAttempt(GROUP_A, b("m1"), 1)).isFalse();
    assertThat(storage.outbox().markAcknowledged(GROUP_A, b("m1"))).isFalse();
    assertThat(storage.outbox().replacePayload(GROUP_A, b("m1"), b("x"))).isFalse();
    assertThat(storage.outbox().list(GROUP_A)).isEmpty();
    assertThat(storage.outbox().enqueue(GROUP_A, b("m1"), OutboxKind.COMMIT, b("again"), 60))
        .isTrue();
  }

  @Test
  void toStringHidesThePayload() {
    storage.outbox().enqueue(GROUP_A, b("m1"), OutboxKind.APPLICATION, b("hello secret"), 50);

    String text = storage.outbox().get(GROUP_A, b("m1")).orElseThrow().toString();
    assertThat(text).contains("12 bytes").doesNotContain(b("hello secret").toHex());
  }

  @Test
  void deliveredOncePerGroup() {
    assertThat(storage.inbox().isDelivered(GROUP_A, b("app"))).isFalse();
    assertThat(storage.inbox().markDelivered(GROUP_A, b("app"), 10)).isTrue();
    assertThat(storage.inbox().markDelivered(GROUP_A, b("app"), 20)).isFalse();
    assertThat(storage.inbox().isDelivered(GROUP_A, b("app"))).isTrue();
    assertThat(storage.inbox().markDelivered(GROUP_B, b("app"), 20)).isTrue();
  }

  @Test
  void pruneForgetsOldDeliveries() {
    storage.inbox().markDelivered(GROUP_A, b("old"), 10);
    storage.inbox().markDelivered(GROUP_B, b("old"), 19);
    storage.inbox().markDelivered(GROUP_A, b("new"), 20);

    assertThat(storage.inbox().pruneDeliveredBefore(20)).isEqualTo(2);
    assertThat(storage.inbox().isDelivered(GROUP_A, b("old"))).isFalse();
    assertThat(storage.inbox().isDelivered(GROUP_A, b("new"))).isTrue();
  }

  @Test
  void appendOnceAndGet() {
    assertThat(storage.messageLog().append(TOPIC, b("id1"), b("p1"), 100)).isTrue();
    assertThat(storage.messageLog().append(TOPIC, b("id1"), b("other"), 200)).isFalse();

    assertThat(storage.messageLog().get(TOPIC, b("id1")))
        .contains(new LoggedMessage(TOPIC, b("id1"), b("p1"), 100));
    assertThat(storage.messageLog().get("other-topic", b("id1"))).isEmpty();
  }

  @Test
  void idsByTimeThenIdWithinRangeAndLimit() {
    storage.messageLog().append(TOPIC, b("d"), b("p"), 300);
    storage.messageLog().append(TOPIC, b("c"), b("p"), 200);
    storage.messageLog().append(TOPIC, b("b"), b("p"), 200);
    storage.messageLog().append(TOPIC, b("a"), b("p"), 100);
    storage.messageLog().append("other", b("x"), b("p"), 200);

    assertThat(storage.messageLog().idsBetween(TOPIC, 100, 300, 10))
        .containsExactly(b("a"), b("b"), b("c"));
    assertThat(storage.messageLog().idsBetween(TOPIC, 150, 1000, 2))
        .containsExactly(b("b"), b("c"));
    assertThat(storage.messageLog().idsSince(TOPIC, 200, 10))
        .containsExactly(b("b"), b("c"), b("d"));
    assertThat(storage.messageLog().idsBetween(TOPIC, 300, 300, 10)).isEmpty();
  }

  @Test
  void pruneDropsOlderThanRetention() {
    storage.messageLog().append(TOPIC, b("a"), b("p"), 100);
    storage.messageLog().append("other", b("b"), b("p"), 150);
    storage.messageLog().append(TOPIC, b("c"), b("p"), 200);

    assertThat(storage.messageLog().pruneBefore(200)).isEqualTo(2);
    assertThat(storage.messageLog().idsSince(TOPIC, 0, 10)).containsExactly(b("c"));
    assertThat(storage.messageLog().get(TOPIC, b("a"))).isEmpty();
    assertThat(storage.messageLog().append(TOPIC, b("a"), b("p"), 300)).isTrue();
  }

  @Test
  void limitMustBePositive() {
    assertThatThrownBy(() -> storage.messageLog().idsSince(TOPIC, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void claimsAreRememberedUntilTheirTimeAndReplacedByALaterOne() {
    storage.claims().put(b("ref2"), b("owner"), 100);
    storage.claims().put(b("ref1"), b("owner"), 50);
    storage.claims().put(b("ref2"), b("other"), 200);
    assertThat(storage.claims().listAfter(60))
        .containsExactly(new ClaimStore.Claim(b("ref2"), b("other"), 200));
    assertThat(storage.claims().listAfter(0)).hasSize(2);
    assertThat(storage.claims().pruneUntil(50)).isEqualTo(1);
    assertThat(storage.claims().listAfter(0))
        .extracting(ClaimStore.Claim::ref)
        .containsExactly(b("ref2"));
  }

  @Test
  void claimsRollBackWithTheirTransaction() {
    assertThatThrownBy(
            () ->
                storage.inTransaction(
                    tx -> {
                      tx.claims().put(b("ref"), b("owner"), 100);
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(storage.claims().listAfter(0)).isEmpty();
    assertThatThrownBy(() -> storage.claims().put(Bytes.EMPTY, b("owner"), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
