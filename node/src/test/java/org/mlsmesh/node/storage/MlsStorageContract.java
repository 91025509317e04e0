package org.mlsmesh.node.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.BasicCredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.group.SavedGroupState;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;

/** What {@link NodeMlsStorage} must do over every {@link NodeStorage}. */
abstract class MlsStorageContract {
  static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  static final long NOW = 1_700_000_000_000L;
  static final Bytes GROUP = Bytes.of("group".getBytes(UTF_8));

  final SeededEntropySource random = new SeededEntropySource(17);
  final GroupEnvironment env =
      GroupEnvironment.of(BasicCredentialValidator.insecureAcceptingAnyIdentity(), random);
  NodeMlsStorage storage;

  abstract NodeStorage newNodeStorage();

  @BeforeEach
  void open() {
    storage = new NodeMlsStorage(newNodeStorage(), () -> NOW);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  SignatureKeyPair key() {
    return SUITE.crypto().generateSignatureKeyPair(random);
  }

  KeyPackageBundle keyPackage(SignatureKeyPair key, String name, boolean lastResort) {
    KeyPackageBuilder builder =
        KeyPackageBuilder.create(SUITE, key, new BasicCredential(Bytes.of(name.getBytes(UTF_8))))
            .validFor(NOW, Duration.ofDays(1));
    if (lastResort) {
      builder.lastResort();
    }
    return builder.build(random);
  }

  @Test
  void keepsKeyPackagesUntilDeleted() {
    KeyPackageBundle bundle = keyPackage(key(), "bob", false);
    storage.putKeyPackage(bundle);
    storage.putKeyPackage(bundle); // again: replaces, no conflict
    for (int read = 0; read < 2; read++) { // reading does not use it up
      KeyPackageBundle found = storage.keyPackage(bundle.ref()).orElseThrow();
      assertThat(found.keyPackage()).isEqualTo(bundle.keyPackage());
      assertThat(found.initPrivateKey()).isEqualTo(bundle.initPrivateKey());
      assertThat(found.encryptionPrivateKey()).isEqualTo(bundle.encryptionPrivateKey());
      assertThat(found.isLastResort()).isFalse();
      found.destroy();
    }
    assertThat(bundle.isDestroyed()).isFalse();
    storage.deleteKeyPackage(bundle.ref());
    assertThat(storage.keyPackage(bundle.ref())).isEmpty();
    storage.deleteKeyPackage(bundle.ref()); // nothing to delete
  }

  @Test
  void keepsALastResortKeyPackageAfterReads() {
    KeyPackageBundle bundle = keyPackage(key(), "bob", true);
    storage.putKeyPackage(bundle);
    storage.keyPackage(bundle.ref()).orElseThrow().destroy();
    assertThat(storage.keyPackage(bundle.ref()).orElseThrow().isLastResort()).isTrue();
  }

  @Test
  void keepsOneStatePerGroup() {
    Bytes other = Bytes.fromHex("0102");
    storage.putGroupState(GROUP, 1, SavedGroupState.of(new byte[] {1, 2}));
    storage.putGroupState(GROUP, 2, SavedGroupState.of(new byte[] {3}));
    storage.putGroupState(other, 0, SavedGroupState.of(new byte[] {4}));
    assertThat(storage.groupState(GROUP).orElseThrow().exposeBytes()).containsExactly(3);
    assertThat(storage.groupIds()).containsExactly(other, GROUP);
    storage.deleteGroupState(GROUP);
    assertThat(storage.groupState(GROUP)).isEmpty();
    assertThat(storage.groupIds()).containsExactly(other);
    storage.deleteGroupState(GROUP);
  }

  @Test
  void anUnreadableKeyPackageIsReportedAsCorrupt() {
    KeyPackageBundle bundle = keyPackage(key(), "bob", false);
    NodeStorage node = newNodeStorageOf(storage);
    node.keyPackages()
        .add(
            new StoredKeyPackage(
                new KeyPackageInfo(bundle.ref().value(), bundle.keyPackage().encoded(), false, NOW),
                Secret.of(new byte[] {9, 9})));
    assertThatThrownBy(() -> storage.keyPackage(bundle.ref()))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.CORRUPT))
        .hasMessageContaining("is unreadable")
        .hasMessageNotContaining("0909");
  }

  /** The node storage under {@code storage}, for writing what no MlsStorage call writes. */
  abstract NodeStorage newNodeStorageOf(NodeMlsStorage storage);

  @Test
  void groupStatesWriteThemselvesAndJoinersFindTheirKeyPackage() throws Exception {
    SignatureKeyPair aliceKey = key();
    GroupState alice =
        GroupState.create(
            env, SUITE, GROUP, List.of(), aliceKey, new BasicCredential(Bytes.fromHex("aa")), NOW);
    SignatureKeyPair bobKey = key();
    KeyPackageBundle bobKeys = keyPackage(bobKey, "bob", false);
    storage.putKeyPackage(bobKeys);
    GroupEnvironment bobEnv = env.withStorage(storage);

    MlsMessage welcome =
        alice.addMembers(List.of(bobKeys.keyPackage()), NOW).welcome().orElseThrow();
    alice = alice.mergePendingCommit();
    GroupState bob = GroupState.stageWelcome(bobEnv, welcome, bobKey, Optional.empty(), NOW).join();
    assertThat(storage.keyPackage(bobKeys.ref())).isEmpty();
    assertThat(storage.groupIds()).containsExactly(GROUP);

    MlsMessage hello = alice.encrypt(Bytes.fromHex("01"), Bytes.EMPTY, 0);
    bob.destroy();
    GroupState loaded = GroupState.load(bobEnv, GROUP).orElseThrow();
    assertThat(loaded.process(hello, NOW)).isInstanceOf(Processed.Application.class);
  }
}
