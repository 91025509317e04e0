package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.Welcome;

/** Rejection of Welcome messages that break RFC 9420 §12.4.3.1. */
class WelcomeValidationTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_256_DHKEMP384_AES256GCM_SHA384_P384;

  private Clients clients;
  private Clients.Group group;
  private Clients.Identity joiner;
  private KeyPackageBundle bundle;

  @BeforeEach
  void setUp() throws Exception {
    clients = new Clients(SUITE, 13, GroupConfig.DEFAULT);
    group = clients.group(2);
    joiner = clients.identity("joiner");
    bundle = clients.keyPackage(joiner);
  }

  private MlsMessage welcome(CommitOptions options) throws Exception {
    return group
        .get(0)
        .commit(options.withProposals(List.of(new Add(bundle.keyPackage()))), Clients.NOW)
        .welcome()
        .orElseThrow();
  }

  private static void assertRejected(ValidationCode code, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private StagedWelcome stage(MlsMessage welcome, KeyPackageBundle keys) throws Exception {
    return GroupState.stageWelcome(
        clients.env, welcome, keys, joiner.signer(), Optional.empty(), Clients.NOW);
  }

  @Test
  void joinsWithTheTreeInTheGroupInfo() throws Exception {
    StagedWelcome staged = stage(welcome(CommitOptions.defaults()), bundle);
    assertThat(staged.members()).hasSize(3);
    assertThat(staged.groupId()).isEqualTo(Clients.GROUP_ID);
  }

  @Test
  @Covers(ValidationCode.WELCOME_NOT_FOR_KEY_PACKAGE)
  void welcomeForAnotherKeyPackage() throws Exception {
    MlsMessage welcome = welcome(CommitOptions.defaults());
    KeyPackageBundle other = clients.keyPackage(joiner);
    assertRejected(ValidationCode.WELCOME_NOT_FOR_KEY_PACKAGE, () -> stage(welcome, other));
  }

  @Test
  @Covers(ValidationCode.WELCOME_CIPHER_SUITE_MISMATCH)
  void welcomeOfAnotherSuite() throws Exception {
    Welcome original = welcome(CommitOptions.defaults()).welcome().orElseThrow();
    MlsMessage changed =
        MlsMessage.of(
            new Welcome(
                CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256.id(),
                original.secrets(),
                original.encryptedGroupInfo()));
    assertRejected(ValidationCode.WELCOME_CIPHER_SUITE_MISMATCH, () -> stage(changed, bundle));
  }

  @Test
  @Covers(ValidationCode.WELCOME_CIPHER_SUITE_UNSUPPORTED)
  void welcomeAndKeyPackageOfAnUnknownSuite() throws Exception {
    Welcome original = welcome(CommitOptions.defaults()).welcome().orElseThrow();
    int unknown = 0x7a7a;
    Welcome welcome = new Welcome(unknown, original.secrets(), original.encryptedGroupInfo());
    KeyPackage kp = bundle.keyPackage();
    KeyPackage ofUnknownSuite =
        new KeyPackage(
            kp.version(), unknown, kp.initKey(), kp.leafNode(), kp.extensions(), kp.signature());
    assertRejected(
        ValidationCode.WELCOME_CIPHER_SUITE_UNSUPPORTED,
        () ->
            OpenedWelcome.open(welcome, ofUnknownSuite, bundle.initPrivateKey(), PskStore.none()));
  }

  @Test
  @Covers(ValidationCode.GROUP_SECRETS_UNDECRYPTABLE)
  void wrongInitKey() throws Exception {
    Welcome welcome = welcome(CommitOptions.defaults()).welcome().orElseThrow();
    assertRejected(
        ValidationCode.GROUP_SECRETS_UNDECRYPTABLE,
        () ->
            WelcomeProcessor.stage(
                clients.env,
                welcome,
                bundle.keyPackage(),
                bundle.encryptionPrivateKey(),
                bundle.encryptionPrivateKey(),
                joiner.signer(),
                Optional.empty(),
                Clients.NOW));
  }

  @Test
  @Covers(ValidationCode.GROUP_INFO_UNDECRYPTABLE)
  void differentPskValue() throws Exception {
    Bytes pskId = Bytes.of(new byte[] {'k'});
    GroupEnvironment committerEnv =
        clients.env.withPsks(PskStore.external(Map.of(pskId, Secret.of(new byte[] {1}))));
    GroupState committer =
        new GroupState(
            committerEnv,
            group.get(0).epoch(),
            group.get(0).signer(),
            group.get(0).privateKeys(),
            group.get(0).keys(),
            List.of(),
            Map.of());
    List<Proposal> proposals =
        List.of(
            new Add(bundle.keyPackage()),
            new PreSharedKey(
                PreSharedKeyId.external(pskId, Bytes.wrap(new byte[SUITE.hashLength()]))));
    MlsMessage welcome =
        committer
            .commit(CommitOptions.defaults().withProposals(proposals), Clients.NOW)
            .welcome()
            .orElseThrow();
    GroupEnvironment joinerEnv =
        clients.env.withPsks(PskStore.external(Map.of(pskId, Secret.of(new byte[] {2}))));
    assertRejected(
        ValidationCode.GROUP_INFO_UNDECRYPTABLE,
        () ->
            GroupState.stageWelcome(
                joinerEnv, welcome, bundle, joiner.signer(), Optional.empty(), Clients.NOW));
    assertRejected(ValidationCode.PSK_UNAVAILABLE, () -> stage(welcome, bundle));
  }

  @Test
  @Covers(ValidationCode.GROUP_INFO_SIGNATURE_INVALID)
  void groupInfoSignedByAnother() throws Exception {
    Welcome welcome = welcome(CommitOptions.defaults()).welcome().orElseThrow();
    OpenedWelcome opened =
        OpenedWelcome.open(welcome, bundle.keyPackage(), bundle.initPrivateKey(), PskStore.none());
    opened.verifySignature(group.get(0).signer().publicKey());
    assertRejected(
        ValidationCode.GROUP_INFO_SIGNATURE_INVALID,
        () -> opened.verifySignature(group.get(1).signer().publicKey()));
  }

  @Test
  @Covers(ValidationCode.RATCHET_TREE_MISSING)
  void noTreeAnywhere() throws Exception {
    MlsMessage welcome = welcome(CommitOptions.defaults().withRatchetTreeInWelcome(false));
    assertRejected(ValidationCode.RATCHET_TREE_MISSING, () -> stage(welcome, bundle));
  }

  @Test
  @Covers(ValidationCode.WELCOME_OWN_LEAF_MISSING)
  void treeWithoutTheKeyPackagesLeaf() {
    assertRejected(
        ValidationCode.WELCOME_OWN_LEAF_MISSING,
        () -> WelcomeProcessor.ownLeaf(group.get(0).tree(), bundle.keyPackage().leafNode()));
  }
}
