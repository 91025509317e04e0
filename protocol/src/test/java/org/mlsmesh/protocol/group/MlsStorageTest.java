package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageRef;

/** Group states and KeyPackages kept by an {@link MlsStorage} instead of the application. */
class MlsStorageTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private static Clients storing(long seed, MlsStorage storage) {
    Clients clients = new Clients(SUITE, seed, GroupConfig.DEFAULT);
    clients.env = clients.env.withStorage(storage);
    return clients;
  }

  @Test
  void statesWriteThemselvesAndLoadBack() throws Exception {
    InMemoryMlsStorage aliceStore = new InMemoryMlsStorage();
    InMemoryMlsStorage bobStore = new InMemoryMlsStorage();
    Clients alices = storing(91, aliceStore);
    Clients bobs = new Clients(SUITE, 92, GroupConfig.DEFAULT);
    bobs.env = alices.env.withStorage(bobStore);

    GroupState alice = alices.create(alices.identity("alice"));
    assertThat(aliceStore.groupIds()).containsExactly(Clients.GROUP_ID);

    Clients.Identity bob = bobs.identity("bob");
    KeyPackageBundle bobKeys = bobs.keyPackage(bob);
    bobStore.putKeyPackage(bobKeys);
    bobKeys.destroy(); // the storage keeps its own copy
    CommitResult added = alice.addMembers(List.of(bobKeys.keyPackage()), Clients.NOW);
    alice = alice.mergePendingCommit();

    StagedWelcome welcome =
        GroupState.stageWelcome(
            bobs.env, added.welcome().orElseThrow(), bob.signer(), Optional.empty(), Clients.NOW);
    assertThat(bobStore.keyPackageCount()).isEqualTo(1); // staged, not joined yet
    GroupState bobState = welcome.join();
    assertThat(bobStore.keyPackageCount()).isZero(); // RFC 9420 §16.8: used once
    assertThat(bobStore.groupIds()).containsExactly(Clients.GROUP_ID);

    MlsMessage hello = alice.encrypt(Bytes.of(new byte[] {5}), Bytes.EMPTY, 0);
    // A restart of both: what they load is where they stopped, without a save() call.
    alice.destroy();
    bobState.destroy();
    alice = GroupState.load(alices.env, Clients.GROUP_ID).orElseThrow();
    bobState = GroupState.load(bobs.env, Clients.GROUP_ID).orElseThrow();
    assertThat(bobState.process(hello, Clients.NOW)).isInstanceOf(Processed.Application.class);

    // The consumed key is gone from the storage too (RFC 9420 §9.2).
    bobState.destroy();
    GroupState reloaded = GroupState.load(bobs.env, Clients.GROUP_ID).orElseThrow();
    assertThatThrownBy(() -> reloaded.process(hello, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.MESSAGE_KEY_UNAVAILABLE));
    assertThat(reloaded.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());
  }

  @Test
  void copiesAndSupersededStatesDoNotWrite() throws Exception {
    InMemoryMlsStorage store = new InMemoryMlsStorage();
    Clients clients = storing(93, store);
    GroupState alice = clients.create(clients.identity("alice"));
    GroupState fork = alice.copy();
    fork.selfUpdate(Clients.NOW).staged().merge();
    assertThat(GroupState.load(clients.env, Clients.GROUP_ID).orElseThrow().currentEpoch())
        .isZero();

    GroupState next = alice.selfUpdate(Clients.NOW).staged().merge();
    alice.encrypt(Bytes.EMPTY, Bytes.EMPTY, 0); // the superseded state writes nothing more
    assertThat(GroupState.load(clients.env, Clients.GROUP_ID).orElseThrow().currentEpoch())
        .isEqualTo(next.currentEpoch());
  }

  @Test
  void aLastResortKeyPackageStays() throws Exception {
    Clients clients = new Clients(SUITE, 94, GroupConfig.DEFAULT);
    InMemoryMlsStorage store = new InMemoryMlsStorage();
    GroupEnvironment stored = clients.env.withStorage(store);
    Clients.Identity bob = clients.identity("bob");
    KeyPackageBundle bobKeys =
        KeyPackageBuilder.create(SUITE, bob.signer(), bob.credential())
            .validFor(Clients.NOW, Duration.ofDays(1))
            .lastResort()
            .build(clients.random);
    store.putKeyPackage(bobKeys);
    GroupState alice = clients.create(clients.identity("alice"));
    CommitResult added = alice.addMembers(List.of(bobKeys.keyPackage()), Clients.NOW);
    GroupState.stageWelcome(
            stored, added.welcome().orElseThrow(), bob.signer(), Optional.empty(), Clients.NOW)
        .join();
    assertThat(store.keyPackageCount()).isEqualTo(1);
  }

  @Test
  void aRemovedMemberDeletesItsStoredState() throws Exception {
    InMemoryMlsStorage store = new InMemoryMlsStorage();
    Clients clients = new Clients(SUITE, 95, GroupConfig.DEFAULT);
    Clients.Group group = clients.group(2);
    GroupState bob = GroupState.load(clients.env.withStorage(store), group.get(1).save());
    // A state loaded from bytes is not the stored one; load it through the storage.
    assertThat(store.groupIds()).isEmpty();
    store.putGroupState(Clients.GROUP_ID, bob.currentEpoch(), bob.save());
    GroupState storedBob =
        GroupState.load(clients.env.withStorage(store), Clients.GROUP_ID).orElseThrow();
    CommitResult removal = group.get(0).removeMembers(List.of(bob.ownLeaf()), Clients.NOW);
    ((Processed.Removed) storedBob.process(removal.commit(), Clients.NOW)).merge();
    assertThat(store.groupIds()).isEmpty();
  }

  @Test
  @Covers(ValidationCode.WELCOME_NOT_FOR_KEY_PACKAGE)
  void joiningNeedsAStorageThatHoldsTheKeyPackage() throws Exception {
    Clients clients = new Clients(SUITE, 96, GroupConfig.DEFAULT);
    Clients.Identity bob = clients.identity("bob");
    KeyPackageBundle bobKeys = clients.keyPackage(bob);
    GroupState alice = clients.create(clients.identity("alice"));
    MlsMessage welcome =
        alice.addMembers(List.of(bobKeys.keyPackage()), Clients.NOW).welcome().orElseThrow();

    assertThatThrownBy(
            () ->
                GroupState.stageWelcome(
                    clients.env, welcome, bob.signer(), Optional.empty(), Clients.NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no storage");
    GroupEnvironment empty = clients.env.withStorage(new InMemoryMlsStorage());
    assertThatThrownBy(
            () ->
                GroupState.stageWelcome(
                    empty, welcome, bob.signer(), Optional.empty(), Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.WELCOME_NOT_FOR_KEY_PACKAGE));
    assertThatThrownBy(() -> GroupState.load(clients.env, Clients.GROUP_ID))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no storage");
    assertThat(GroupState.load(empty, Clients.GROUP_ID)).isEmpty();
  }

  @Test
  void aStateStoredUnderAnotherGroupIdIsRefused() throws Exception {
    InMemoryMlsStorage store = new InMemoryMlsStorage();
    Clients clients = storing(97, store);
    GroupState alice = clients.create(clients.identity("alice"));
    Bytes other = Bytes.fromHex("0102");
    store.putGroupState(other, 0, alice.save());
    assertThatThrownBy(() -> GroupState.load(clients.env, other))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("of another group");
  }

  /** Counts the group-state writes of the storage it wraps. */
  private static final class CountingStorage implements MlsStorage {
    final InMemoryMlsStorage inner = new InMemoryMlsStorage();
    int writes;

    @Override
    public void putKeyPackage(KeyPackageBundle keyPackage) {
      inner.putKeyPackage(keyPackage);
    }

    @Override
    public Optional<KeyPackageBundle> keyPackage(KeyPackageRef ref) {
      return inner.keyPackage(ref);
    }

    @Override
    public void deleteKeyPackage(KeyPackageRef ref) {
      inner.deleteKeyPackage(ref);
    }

    @Override
    public void putGroupState(Bytes groupId, long epoch, SavedGroupState state) {
      writes++;
      inner.putGroupState(groupId, epoch, state);
    }

    @Override
    public Optional<SavedGroupState> groupState(Bytes groupId) {
      return inner.groupState(groupId);
    }

    @Override
    public void deleteGroupState(Bytes groupId) {
      inner.deleteGroupState(groupId);
    }

    @Override
    public List<Bytes> groupIds() {
      return inner.groupIds();
    }
  }

  @Test
  @Covers(ValidationCode.WRONG_GROUP_ID)
  void aMessageRefusedBeforeAnyKeyIsUsedWritesNothing() throws Exception {
    CountingStorage store = new CountingStorage();
    Clients clients = storing(98, store);
    GroupState alice = clients.create(clients.identity("alice"));
    GroupState stranger =
        GroupState.create(
            new Clients(SUITE, 99, GroupConfig.DEFAULT).env,
            SUITE,
            Bytes.fromHex("0303"),
            List.of(),
            clients.identity("stranger").signer(),
            clients.identity("stranger").credential(),
            Clients.NOW);
    MlsMessage foreign = stranger.encrypt(Bytes.EMPTY, Bytes.EMPTY, 0);
    int before = store.writes;
    assertThatThrownBy(() -> alice.process(foreign, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.WRONG_GROUP_ID));
    assertThat(store.writes).isEqualTo(before);
    alice.encrypt(Bytes.EMPTY, Bytes.EMPTY, 0);
    assertThat(store.writes).isEqualTo(before + 1);
  }
}
