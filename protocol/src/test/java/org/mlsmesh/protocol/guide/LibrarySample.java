package org.mlsmesh.protocol.guide;

// tag::sample[]
import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.BasicCredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SecureEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.KeyPackage;

/**
 * Alice creates a group and adds Bob (stage the Commit, merge it), Bob joins from the Welcome,
 * Alice sends him a message, and both derive the same key for their application (an exporter). The
 * bytes that would cross the network are encoded and decoded on the way.
 */
public final class LibrarySample {
  public static void main(String[] args) throws Exception {
    System.out.println("Bob read: " + run());
  }

  /** Runs the sample; returns what Bob read. */
  public static String run() throws Exception {
    CipherSuite suite = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
    EntropySource random = new SecureEntropySource();
    // Accepts any identity: fine for a sample, not for an application (RFC 9420 §5.3.1).
    GroupEnvironment env =
        GroupEnvironment.of(BasicCredentialValidator.insecureAcceptingAnyIdentity(), random);
    long now = System.currentTimeMillis();

    // Bob publishes a KeyPackage and keeps its private keys.
    SignatureKeyPair bobKey = suite.crypto().generateSignatureKeyPair(random);
    KeyPackageBundle bobKeyPackage =
        KeyPackageBuilder.create(
                suite, bobKey, new BasicCredential(Bytes.of("bob".getBytes(UTF_8))))
            .validFor(now, Duration.ofDays(30))
            .build(random);
    Bytes published = MlsMessage.of(bobKeyPackage.keyPackage()).encoded();

    // Alice creates the group and adds Bob: stage the Commit, then merge it.
    SignatureKeyPair aliceKey = suite.crypto().generateSignatureKeyPair(random);
    GroupState alice =
        GroupState.create(
            env,
            suite,
            Bytes.of("team".getBytes(UTF_8)),
            List.of(),
            aliceKey,
            new BasicCredential(Bytes.of("alice".getBytes(UTF_8))),
            now);
    KeyPackage bobs = TlsReader.decodeAll(published, MlsMessage::decode).keyPackage().orElseThrow();
    CommitResult added =
        alice.commit(CommitOptions.defaults().withProposals(List.of(new Add(bobs))), now);
    alice = added.staged().merge(); // the group accepted the Commit (no other member yet)
    Bytes welcome = added.welcome().orElseThrow().encoded();

    // Bob joins from the Welcome.
    GroupState bob =
        GroupState.stageWelcome(
                env,
                TlsReader.decodeAll(welcome, MlsMessage::decode),
                bobKeyPackage,
                bobKey,
                Optional.empty(),
                now)
            .join();
    bobKeyPackage.destroy();

    // Alice sends; Bob receives.
    Bytes wire = alice.encrypt(Bytes.of("hi Bob".getBytes(UTF_8)), Bytes.EMPTY, 0).encoded();
    Processed processed = bob.process(TlsReader.decodeAll(wire, MlsMessage::decode), now);
    if (!(processed instanceof Processed.Application message)) {
      throw new IllegalStateException("not application data: " + processed);
    }
    String read = new String(message.data().toByteArray(), UTF_8);

    // Both derive the same key for their application from the epoch (RFC 9420 §8.5).
    Secret aliceKeyForFiles = alice.exporter("files", Bytes.EMPTY, 32);
    Secret bobKeyForFiles = bob.exporter("files", Bytes.EMPTY, 32);
    if (!aliceKeyForFiles.equals(bobKeyForFiles)) {
      throw new IllegalStateException("the exporters differ");
    }
    aliceKeyForFiles.destroy();
    bobKeyForFiles.destroy();
    return read;
  }
}
// end::sample[]
