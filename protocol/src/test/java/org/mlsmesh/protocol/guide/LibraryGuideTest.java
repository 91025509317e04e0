package org.mlsmesh.protocol.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.BasicCredentialValidator;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.credential.CredentialType;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.credential.CredentialValidators;
import org.mlsmesh.protocol.credential.X509Credential;
import org.mlsmesh.protocol.credential.X509CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.SecureEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.ExternalCommit;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.InMemoryMlsStorage;
import org.mlsmesh.protocol.group.Member;
import org.mlsmesh.protocol.group.MlsStorage;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.group.SavedGroupState;
import org.mlsmesh.protocol.group.StagedCommit;
import org.mlsmesh.protocol.group.StagedWelcome;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The code samples of {@code docs/library.md}, run as a test: each sample is a region between
 * {@code // tag::NAME[]} and {@code // end::NAME[]}, and {@code GuideSamplesTest} (in node) checks
 * that the guide shows exactly these regions.
 */
class LibraryGuideTest {

  /** One client's keys: its signature key pair and credential. */
  private record Client(SignatureKeyPair key, Credential credential) {}

  private static Client client(CipherSuite suite, EntropySource random, String name) {
    return new Client(
        suite.crypto().generateSignatureKeyPair(random),
        new BasicCredential(Bytes.of(name.getBytes(UTF_8))));
  }

  private static KeyPackageBundle keyPackage(
      CipherSuite suite, EntropySource random, Client client, long now) {
    return KeyPackageBuilder.create(suite, client.key(), client.credential())
        .validFor(now, Duration.ofDays(30))
        .build(random);
  }

  // tag::handle[]
  /**
   * Applies what {@code state} made of an incoming message: application data goes to the inbox, a
   * proposal waits in the state for a Commit, a Commit is merged. Empty when the Commit removed
   * this member.
   */
  static Optional<GroupState> apply(GroupState state, Processed processed, List<Bytes> inbox) {
    if (processed instanceof Processed.Application application) {
      inbox.add(application.data());
    } else if (processed instanceof Processed.CommitStaged staged) {
      StagedCommit commit = staged.commit();
      // Inspect commit.proposals(), commit.addedMembers(), commit.members() here; then:
      return Optional.of(commit.merge());
    } else if (processed instanceof Processed.Removed removed) {
      removed.merge(); // erases the state's secrets; it stays readable, but inactive
      return Optional.empty();
    }
    return Optional.of(state);
  }

  // end::handle[]

  @Test
  void theCompleteSampleRuns() throws Exception {
    assertThat(LibrarySample.run()).isEqualTo("hi Bob");
  }

  @Test
  void walkThrough() throws Exception {
    List<Bytes> inbox = new ArrayList<>();
    // tag::setup[]
    CipherSuite suite = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    EntropySource random = new SecureEntropySource();
    CredentialValidator credentials = BasicCredentialValidator.insecureAcceptingAnyIdentity();
    GroupEnvironment env = GroupEnvironment.of(credentials, random);
    long now = System.currentTimeMillis();
    // end::setup[]

    // tag::credential-basic[]
    SignatureKeyPair aliceKey = suite.crypto().generateSignatureKeyPair(random);
    Credential aliceId = new BasicCredential(Bytes.of("alice".getBytes(UTF_8)));
    // end::credential-basic[]
    Client bobClient = client(suite, random, "bob");
    SignatureKeyPair bobKey = bobClient.key();
    Credential bobId = bobClient.credential();
    Client carol = client(suite, random, "carol");
    KeyPackageBundle carolKeyPackage = keyPackage(suite, random, carol, now);

    // tag::key-package[]
    KeyPackageBundle bobKeyPackage =
        KeyPackageBuilder.create(suite, bobKey, bobId)
            .validFor(now, Duration.ofDays(30))
            .build(random);
    Bytes published = MlsMessage.of(bobKeyPackage.keyPackage()).encoded();
    // Keep bobKeyPackage (it holds the private keys) until a Welcome for it arrives.
    // end::key-package[]

    // tag::create-group[]
    Bytes groupId = Bytes.of("team".getBytes(UTF_8));
    GroupState alice = GroupState.create(env, suite, groupId, List.of(), aliceKey, aliceId, now);
    // end::create-group[]

    // tag::add[]
    KeyPackage bobs = TlsReader.decodeAll(published, MlsMessage::decode).keyPackage().orElseThrow();
    CommitOptions adds =
        CommitOptions.defaults()
            .withProposals(List.of(new Add(bobs), new Add(carolKeyPackage.keyPackage())));
    CommitResult added = alice.commit(adds, now);
    // Send added.commit() to the members (none but Alice yet) and added.welcome() to the new
    // ones. Once the group accepted the Commit:
    alice = added.staged().merge();
    // end::add[]
    assertThat(alice.members()).hasSize(3);

    // tag::join[]
    MlsMessage welcome = added.welcome().orElseThrow();
    StagedWelcome invitation =
        GroupState.stageWelcome(env, welcome, bobKeyPackage, bobKey, Optional.empty(), now);
    // Check invitation.sender(), invitation.members(), invitation.extensions(); then:
    GroupState bob = invitation.join();
    bobKeyPackage.destroy();
    // end::join[]
    GroupState carolState =
        GroupState.stageWelcome(env, welcome, carolKeyPackage, carol.key(), Optional.empty(), now)
            .join();
    assertThat(bob.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());

    // tag::send[]
    MlsMessage hello = alice.encrypt(Bytes.of("hi bob".getBytes(UTF_8)), Bytes.EMPTY, 0);
    Bytes wire = hello.encoded();
    // end::send[]

    // tag::receive[]
    MlsMessage received = TlsReader.decodeAll(wire, MlsMessage::decode);
    Processed processed = bob.process(received, now);
    bob = apply(bob, processed, inbox).orElseThrow();
    // end::receive[]
    assertThat(inbox).containsExactly(Bytes.of("hi bob".getBytes(UTF_8)));

    // tag::sender[]
    Credential from = processed.senderCredential(); // whoever signed it: here, Alice
    Member sender = bob.memberByCredential(from).orElseThrow();
    Member carolMember = bob.memberByIdentity(Bytes.of("carol".getBytes(UTF_8))).orElseThrow();
    LeafIndex carolLeaf = carolMember.index();
    // end::sender[]
    assertThat(from).isEqualTo(aliceId);
    assertThat(sender.index()).isEqualTo(alice.ownLeaf());
    assertThat(carolLeaf).isEqualTo(carolState.ownLeaf());

    // tag::validation-error[]
    try {
      bob.process(received, now);
    } catch (ValidationException e) {
      // MESSAGE_KEY_UNAVAILABLE (109, RFC 9420 §9.2): the message's key was deleted after use.
      System.out.println(e.code().id() + " " + e.code().section() + ": " + e.getMessage());
    }
    // end::validation-error[]
    GroupState bobNow = bob;
    assertThatThrownBy(() -> bobNow.process(received, now))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.MESSAGE_KEY_UNAVAILABLE));

    // tag::update[]
    CommitResult update = bob.commit(CommitOptions.defaults().withForcePath(true), now);
    // Bob sends update.commit(); Alice and Carol process it:
    alice = apply(alice, alice.process(update.commit(), now), inbox).orElseThrow();
    bob = update.staged().merge();
    // end::update[]
    carolState = apply(carolState, carolState.process(update.commit(), now), inbox).orElseThrow();
    assertThat(alice.epochAuthenticator()).isEqualTo(bob.epochAuthenticator());
    assertThat(carolState.epochAuthenticator()).isEqualTo(bob.epochAuthenticator());

    // tag::save-load[]
    SavedGroupState saved = bob.save();
    byte[] stored = saved.exposeBytes(); // write these to encrypted storage
    saved.destroy();
    bob.destroy();
    // ... later, after a restart:
    bob = GroupState.load(env, SavedGroupState.of(stored));
    Arrays.fill(stored, (byte) 0);
    // end::save-load[]
    assertThat(bob.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());

    // tag::remove[]
    Remove removeCarol = new Remove(carolState.ownLeaf());
    CommitResult removal =
        alice.commit(CommitOptions.defaults().withProposals(List.of(removeCarol)), now);
    bob = apply(bob, bob.process(removal.commit(), now), inbox).orElseThrow();
    Optional<GroupState> carolAfter =
        apply(carolState, carolState.process(removal.commit(), now), inbox);
    alice = removal.staged().merge();
    // end::remove[]
    assertThat(carolAfter).isEmpty();
    assertThat(alice.members()).hasSize(2);

    // tag::removed[]
    // Carol merged her removal in apply(): her state is inactive, but readable.
    boolean active = carolState.isActive(); // false
    Processed.Removed how = carolState.removal().orElseThrow();
    Credential removedBy = how.senderCredential(); // Alice's credential
    List<Member> membersAfter = how.members(); // without Carol
    // carolState.encrypt(...), commit(...), process(...) and save() throw IllegalStateException.
    // end::removed[]
    assertThat(active).isFalse();
    assertThat(removedBy).isEqualTo(aliceId);
    assertThat(membersAfter).hasSize(2);
    GroupState carolInactive = carolState;
    assertThatThrownBy(() -> carolInactive.encrypt(Bytes.EMPTY, Bytes.EMPTY, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("removed");

    Client dave = client(suite, random, "dave");
    // tag::external-join[]
    MlsMessage groupInfo = alice.groupInfo(true, true); // with the tree and external_pub
    ExternalCommit joining =
        ExternalCommit.create(
            env, groupInfo, Optional.empty(), dave.key(), dave.credential(), Optional.empty(), now);
    // Dave sends joining.commit(); the members process it like any Commit.
    alice = apply(alice, alice.process(joining.commit(), now), inbox).orElseThrow();
    bob = apply(bob, bob.process(joining.commit(), now), inbox).orElseThrow();
    GroupState daveState = joining.join();
    // end::external-join[]
    assertThat(daveState.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());

    // tag::leave[]
    MlsMessage leaving = bob.leave(); // a SelfRemove proposal
    alice = apply(alice, alice.process(leaving, now), inbox).orElseThrow();
    daveState = apply(daveState, daveState.process(leaving, now), inbox).orElseThrow();
    CommitResult farewell = alice.commit(CommitOptions.defaults(), now); // takes Bob's proposal
    daveState = apply(daveState, daveState.process(farewell.commit(), now), inbox).orElseThrow();
    Optional<GroupState> bobAfter = apply(bob, bob.process(farewell.commit(), now), inbox);
    alice = farewell.staged().merge();
    // end::leave[]
    assertThat(bobAfter).isEmpty();
    assertThat(alice.members()).hasSize(2);
    assertThat(daveState.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());
    assertThat(
            apply(
                daveState,
                daveState.process(alice.encrypt(Bytes.EMPTY, Bytes.EMPTY, 0), now),
                inbox))
        .isPresent();
  }

  @Test
  void conveniencesAndStorage() throws Exception {
    List<Bytes> inbox = new ArrayList<>();
    CipherSuite suite = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    EntropySource random = new SecureEntropySource();
    GroupEnvironment env =
        GroupEnvironment.of(BasicCredentialValidator.insecureAcceptingAnyIdentity(), random);
    long now = System.currentTimeMillis();
    Client aliceClient = client(suite, random, "alice");
    SignatureKeyPair bobKey = suite.crypto().generateSignatureKeyPair(random);
    Credential bobId = new BasicCredential(Bytes.of("bob".getBytes(UTF_8)));
    Client carol = client(suite, random, "carol");
    KeyPackageBundle carolKeyPackage = keyPackage(suite, random, carol, now);
    Bytes groupId = Bytes.of("team".getBytes(UTF_8));
    GroupState alice =
        GroupState.create(
            env, suite, groupId, List.of(), aliceClient.key(), aliceClient.credential(), now);

    // tag::storage[]
    MlsStorage bobStorage = new InMemoryMlsStorage(); // a node has NodeMlsStorage (SQLite)
    GroupEnvironment bobEnv = env.withStorage(bobStorage);
    KeyPackageBundle bobKeyPackage =
        KeyPackageBuilder.create(suite, bobKey, bobId)
            .validFor(now, Duration.ofDays(30))
            .build(random);
    bobStorage.putKeyPackage(bobKeyPackage);
    bobKeyPackage.destroy(); // the storage keeps the private keys
    // end::storage[]
    KeyPackage bobs = bobKeyPackage.keyPackage();

    // tag::add-members[]
    CommitResult added = alice.addMembers(List.of(bobs, carolKeyPackage.keyPackage()), now);
    // Send added.commit() and added.welcome(); once the group accepted the Commit:
    alice = alice.mergePendingCommit();
    // end::add-members[]

    // tag::storage-join[]
    MlsMessage welcome = added.welcome().orElseThrow();
    GroupState bob = GroupState.stageWelcome(bobEnv, welcome, bobKey, Optional.empty(), now).join();
    // The storage deleted the KeyPackage (RFC 9420 §16.8); Bob's state writes itself there after
    // every change.
    bob.destroy();
    // ... later, after a restart:
    bob = GroupState.load(bobEnv, groupId).orElseThrow();
    // end::storage-join[]
    GroupState carolState =
        GroupState.stageWelcome(env, welcome, carolKeyPackage, carol.key(), Optional.empty(), now)
            .join();
    assertThat(((InMemoryMlsStorage) bobStorage).keyPackageCount()).isZero();
    assertThat(bob.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());

    // tag::self-update[]
    CommitResult update = bob.selfUpdate(now); // a fresh leaf key and path
    // end::self-update[]
    alice = apply(alice, alice.process(update.commit(), now), inbox).orElseThrow();
    carolState = apply(carolState, carolState.process(update.commit(), now), inbox).orElseThrow();

    boolean accepted = true;
    // tag::pending-commit[]
    StagedCommit mine = bob.pendingCommit().orElseThrow(); // the same as update.staged()
    // Check mine.proposals(), mine.members(); then, as the group decided:
    if (accepted) {
      bob = bob.mergePendingCommit();
    } else {
      bob.clearPendingCommit(); // erases the next epoch's secrets; bob stays as it was
    }
    // end::pending-commit[]
    assertThat(mine.isOwn()).isTrue();
    assertThat(bob.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());

    // tag::commit-pending[]
    MlsMessage proposal = carolState.proposeUpdate(now);
    alice = apply(alice, alice.process(proposal, now), inbox).orElseThrow();
    CommitResult pending = alice.commitPendingProposals(now); // covers Carol's Update
    // end::commit-pending[]
    bob = apply(bob, bob.process(proposal, now), inbox).orElseThrow();
    bob = apply(bob, bob.process(pending.commit(), now), inbox).orElseThrow();
    carolState = apply(carolState, carolState.process(pending.commit(), now), inbox).orElseThrow();
    alice = alice.mergePendingCommit();
    assertThat(carolState.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());

    // tag::remove-members[]
    CommitResult removal =
        alice.removeMembersByIdentity(List.of(Bytes.of("carol".getBytes(UTF_8))), now);
    // or by leaf: alice.removeMembers(List.of(carolLeaf), now)
    // end::remove-members[]
    bob = apply(bob, bob.process(removal.commit(), now), inbox).orElseThrow();
    assertThat(apply(carolState, carolState.process(removal.commit(), now), inbox)).isEmpty();
    alice = alice.mergePendingCommit();
    assertThat(alice.members()).hasSize(2);
    assertThat(bob.epochAuthenticator()).isEqualTo(alice.epochAuthenticator());
    assertThat(GroupState.load(bobEnv, groupId).orElseThrow().epochAuthenticator())
        .isEqualTo(alice.epochAuthenticator());
  }

  @Test
  void x509Credentials() throws Exception {
    CipherSuite suite = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    EntropySource random = new SecureEntropySource();
    long now = System.currentTimeMillis();
    GuideCertificates authority =
        new GuideCertificates(
            "CN=Example CA", suite.crypto().generateSignatureKeyPair(random), now);
    Bytes caCertificate = authority.certificate();
    SignatureKeyPair aliceKey = suite.crypto().generateSignatureKeyPair(random);
    Bytes aliceCertificate = authority.issue("CN=alice", aliceKey.publicKey());

    // tag::credential-x509[]
    Credential aliceId = new X509Credential(List.of(aliceCertificate)); // end-entity first
    CredentialValidator credentials =
        CredentialValidators.byType(
            Map.of(
                CredentialType.X509, X509CredentialValidator.trusting(List.of(caCertificate)),
                CredentialType.BASIC, BasicCredentialValidator.allowing(Set.of())));
    GroupEnvironment env = GroupEnvironment.of(credentials, random);
    // end::credential-x509[]

    GroupState alice =
        GroupState.create(
            env, suite, Bytes.of("x".getBytes(UTF_8)), List.of(), aliceKey, aliceId, now);
    SignatureKeyPair bobKey = suite.crypto().generateSignatureKeyPair(random);
    Credential bobId = new X509Credential(List.of(authority.issue("CN=bob", bobKey.publicKey())));
    KeyPackageBundle bob = keyPackage(suite, random, new Client(bobKey, bobId), now);
    CommitResult added =
        alice.commit(
            CommitOptions.defaults().withProposals(List.of(new Add(bob.keyPackage()))), now);
    GroupState bobState =
        GroupState.stageWelcome(
                env, added.welcome().orElseThrow(), bob, bobKey, Optional.empty(), now)
            .join();
    assertThat(bobState.epochAuthenticator())
        .isEqualTo(added.staged().merge().epochAuthenticator());

    // A basic credential is refused: the validator allows no basic identity.
    KeyPackageBundle mallory = keyPackage(suite, random, client(suite, random, "mallory"), now);
    assertThatThrownBy(
            () ->
                alice.commit(
                    CommitOptions.defaults().withProposals(List.of(new Add(mallory.keyPackage()))),
                    now))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.CREDENTIAL_REJECTED));
  }
}
