package org.mlsmesh.protocol.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.HpkeCiphertext;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.GroupBenchmarkStates;
import org.mlsmesh.protocol.group.GroupConfig;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.FullTrees;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.NodeIndex;
import org.mlsmesh.protocol.tree.RatchetTree;

/** Clients, groups and primitives for {@link GroupBenchmark} (suite 1, one seed). */
final class GroupBenchmarkFixtures {
  static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  /** 2023-11-14T22:13:20Z. */
  static final long NOW = 1_700_000_000_000L;

  static final CredentialValidator ACCEPT_ALL = (suite, credential, key, now) -> {};

  private GroupBenchmarkFixtures() {}

  /** Clients with basic credentials, accepted by every member, sending PublicMessage handshakes. */
  static final class Clients {
    final SeededEntropySource random;
    final GroupEnvironment env;

    Clients(long seed) {
      random = new SeededEntropySource(seed);
      env =
          new GroupEnvironment(
              GroupConfig.DEFAULT.withEncryptHandshake(false),
              ACCEPT_ALL,
              new KeyPackageValidator(ACCEPT_ALL, LifetimePolicy.DEFAULT),
              PskStore.none(),
              random);
    }

    /** A client identity: a signature key pair and a basic credential. */
    record Identity(SignatureKeyPair signer, BasicCredential credential) {}

    Identity identity(String name) {
      return new Identity(
          SUITE.crypto().generateSignatureKeyPair(random),
          new BasicCredential(Bytes.of(name.getBytes(StandardCharsets.UTF_8))));
    }

    KeyPackageBundle keyPackage(Identity identity) {
      return KeyPackageBuilder.create(SUITE, identity.signer(), identity.credential())
          .validFor(NOW, Duration.ofDays(30))
          .build(random);
    }

    /** {@code keyPackage} validated, as when it is fetched. */
    VerifiedKeyPackage verified(KeyPackage keyPackage) {
      try {
        return env.keyPackages().verify(keyPackage, SUITE, NOW);
      } catch (ValidationException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A new one-member group. */
    GroupState createGroup() {
      Identity creator = identity("creator");
      return GroupState.create(
          env, SUITE, FullTrees.GROUP_ID, List.of(), creator.signer(), creator.credential(), NOW);
    }
  }

  /**
   * A group of {@code members} in a full tree (every member committed once), leaf 0 (the committer)
   * and leaf 1 (the receiver), and a client outside to add.
   */
  static final class FullGroup {
    final Clients clients;
    final long now = NOW;
    final int members;
    final GroupState committer;
    final GroupState receiver;
    final KeyPackageBundle newcomer;
    final SignatureKeyPair newcomerSigner;

    private FullGroup(
        Clients clients,
        int members,
        GroupState committer,
        GroupState receiver,
        KeyPackageBundle newcomer,
        SignatureKeyPair newcomerSigner) {
      this.clients = clients;
      this.members = members;
      this.committer = committer;
      this.receiver = receiver;
      this.newcomer = newcomer;
      this.newcomerSigner = newcomerSigner;
    }

    static FullGroup of(int members) {
      if (members < 2) {
        throw new IllegalArgumentException("a group of at least 2 members: " + members);
      }
      Clients clients = new Clients(11);
      FullTrees.Built built;
      try {
        built = FullTrees.build(SUITE, members, 1);
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
      Bytes epochSecret = Bytes.wrap(clients.random.randomBytes(SUITE.hashLength()));
      GroupState committer =
          GroupBenchmarkStates.member(
              clients.env,
              built.tree(),
              FullTrees.GROUP_ID,
              7,
              epochSecret,
              built.committerSignature(),
              built.committer());
      GroupState receiver =
          GroupBenchmarkStates.member(
              clients.env,
              built.tree(),
              FullTrees.GROUP_ID,
              7,
              epochSecret,
              built.receiverSignature(),
              built.receiver());
      Clients.Identity outsider = clients.identity("newcomer");
      return new FullGroup(
          clients, members, committer, receiver, clients.keyPackage(outsider), outsider.signer());
    }

    /** Adds the newcomer, with the ratchet tree in the Welcome. */
    CommitOptions addOptions() {
      return CommitOptions.defaults().withProposals(List.of(new Add(newcomer.keyPackage())));
    }

    /** Removes the last member. */
    CommitOptions removeOptions() {
      return CommitOptions.defaults().withProposals(List.of(new Remove(LeafIndex.of(members - 1))));
    }

    /** The receiver processes {@code message}: a staged Commit is merged. */
    Object process(MlsMessage message) throws DecodeException, ValidationException {
      Processed processed = receiver.process(message, now);
      if (processed instanceof Processed.CommitStaged staged) {
        return staged.commit().merge();
      }
      return processed;
    }

    /** The newcomer joins from {@code welcome}. */
    GroupState join(MlsMessage welcome) throws DecodeException, ValidationException {
      return GroupState.stageWelcome(
              clients.env, welcome, newcomer, newcomerSigner, Optional.empty(), now)
          .join();
    }
  }

  /**
   * What processing a Commit with path from leaf 0 costs leaf 1 at the least: one HPKE open, one
   * DeriveKeyPair per node of the path from their lowest common ancestor up, and the verifications
   * of the Commit's signature and of its leaf node's.
   */
  static final class CommitPrimitives {
    private final CryptoProvider crypto;
    private final HpkeKeyPair recipient;
    private final Bytes context;
    private final HpkeCiphertext sealed;
    private final Secret ikm;
    private final int derivations;
    private final SignatureKeyPair signer;
    private final Bytes commitTbs;
    private final Bytes commitSignature;
    private final Bytes leafTbs;
    private final Bytes leafSignature;

    private CommitPrimitives(FullGroup group, MlsMessage commit) throws CryptoException {
      crypto = SUITE.crypto();
      SeededEntropySource random = new SeededEntropySource(5);
      recipient = crypto.generateKeyPair(random);
      context = group.receiver.groupContext().encoded();
      sealed =
          crypto.encryptWithLabel(
              recipient.publicKey(),
              "UpdatePathNode",
              context,
              Bytes.wrap(random.randomBytes(SUITE.hashLength())),
              random);
      ikm = random.randomSecret(SUITE.hashLength());
      RatchetTree tree = group.receiver.tree();
      Set<NodeIndex> receiverPath = new HashSet<>(tree.directPath(LeafIndex.of(1)));
      int count = 0;
      for (NodeIndex x : tree.filteredDirectPath(LeafIndex.of(0))) {
        if (receiverPath.contains(x)) {
          count++;
        }
      }
      derivations = count;
      signer = crypto.generateSignatureKeyPair(random);
      // The signed content of a Commit is about as long as the message that carries it.
      commitTbs = Bytes.wrap(random.randomBytes(commit.encoded().length()));
      commitSignature = crypto.signWithLabel(signer.privateKey(), "FramedContentTBS", commitTbs);
      LeafNode leaf = tree.leaf(LeafIndex.of(0)).orElseThrow();
      leafTbs = leaf.tbs(FullTrees.GROUP_ID, LeafIndex.of(0));
      leafSignature = crypto.signWithLabel(signer.privateKey(), "LeafNodeTBS", leafTbs);
    }

    static CommitPrimitives of(FullGroup group, MlsMessage commit) throws CryptoException {
      return new CommitPrimitives(group, commit);
    }

    int derivations() {
      return derivations;
    }

    Bytes hpkeOpen() throws CryptoException {
      return crypto.decryptWithLabel(recipient.privateKey(), "UpdatePathNode", context, sealed);
    }

    HpkeKeyPair deriveKeyPair() {
      return crypto.deriveKeyPair(ikm);
    }

    Bytes verifyCommitSignature() throws CryptoException {
      crypto.verifyWithLabel(signer.publicKey(), "FramedContentTBS", commitTbs, commitSignature);
      return commitSignature;
    }

    Bytes verifyLeafSignature() throws CryptoException {
      crypto.verifyWithLabel(signer.publicKey(), "LeafNodeTBS", leafTbs, leafSignature);
      return leafSignature;
    }

    /** Everything once, in a row. */
    Bytes all() throws CryptoException {
      Bytes opened = hpkeOpen();
      for (int i = 0; i < derivations; i++) {
        deriveKeyPair();
      }
      verifyCommitSignature();
      verifyLeafSignature();
      return opened;
    }
  }
}
