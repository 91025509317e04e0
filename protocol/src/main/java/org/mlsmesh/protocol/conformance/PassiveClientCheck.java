package org.mlsmesh.protocol.conformance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.group.GroupConfig;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.group.StagedWelcome;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.group.WelcomeProcessor;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.Lifetime;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/**
 * The passive-client vectors (RFC 9420 §12.4.3.1, §12.4.2): join from a Welcome (with the tree from
 * the GroupInfo or the vector), compare the epoch authenticator, then per epoch process each
 * proposal and the Commit, merge, and compare the epoch authenticator again. One check serves the
 * {@code passive-client-welcome}, {@code -handling-commit} and {@code -random} files, and any file
 * of that format given as kind {@code passive-client}.
 */
public final class PassiveClientCheck implements VectorCheck {
  /** Keys and credentials of test vectors are judged by the vectors, not by an application. */
  private static final CredentialValidator ACCEPT_ANY = (suite, credential, key, now) -> {};

  /** Vector KeyPackages live for a year or forever: lifetimes are not the subject here. */
  private static final LifetimePolicy ANY_LIFETIME =
      LifetimePolicy.anyTotalLifetime(Duration.ofSeconds(Long.MAX_VALUE));

  private final String kind;

  public PassiveClientCheck(String kind) {
    this.kind = kind;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    CipherSuite suite = vector.cipherSuite();
    KeyPackage keyPackage = GroupVectors.keyPackage(vector, "key_package");
    long now = nowWithin(keyPackage);
    GroupEnvironment env =
        new GroupEnvironment(
            GroupConfig.DEFAULT.withPastEpochs(0).withResumptionPskEpochs(1000),
            ACCEPT_ANY,
            new KeyPackageValidator(ACCEPT_ANY, ANY_LIFETIME),
            externalPsks(vector),
            new SeededEntropySource(0));
    Optional<RatchetTreeNodes> tree = Optional.empty();
    if (vector.has("ratchet_tree")) {
      try {
        tree =
            Optional.of(TlsReader.decodeAll(vector.hex("ratchet_tree"), RatchetTreeNodes::decode));
      } catch (DecodeException e) {
        throw new VectorMismatch("ratchet_tree is not a ratchet tree", e);
      }
    }
    Secret signaturePrivate = GroupVectors.signaturePrivateKey(vector, "signature_priv", suite);
    Secret initPrivate = GroupVectors.hpkePrivateKey(vector, "init_priv", suite);
    Secret encryptionPrivate = GroupVectors.hpkePrivateKey(vector, "encryption_priv", suite);
    StagedWelcome staged;
    try {
      staged =
          WelcomeProcessor.stage(
              env,
              GroupVectors.welcome(vector, "welcome"),
              keyPackage,
              initPrivate,
              encryptionPrivate,
              new SignatureKeyPair(signaturePrivate, keyPackage.leafNode().signatureKey()),
              tree,
              now);
    } catch (DecodeException | ValidationException e) {
      throw new VectorMismatch("joining from welcome failed", e);
    } finally {
      initPrivate.destroy();
      encryptionPrivate.destroy();
    }
    VectorCase.expectEqual(
        "initial_epoch_authenticator",
        vector.hex("initial_epoch_authenticator"),
        staged.epochAuthenticator());
    GroupState state = staged.join();
    List<VectorCase> epochs = vector.objects("epochs");
    for (int i = 0; i < epochs.size(); i++) {
      state = advance(state, epochs.get(i), "epochs[" + i + "]", now);
    }
  }

  private static GroupState advance(GroupState state, VectorCase epoch, String where, long now)
      throws VectorMismatch {
    List<Bytes> proposals = epoch.hexList("proposals");
    try {
      for (int j = 0; j < proposals.size(); j++) {
        String field = where + ".proposals[" + j + "]";
        Processed result = state.process(GroupVectors.message(proposals.get(j), field), now);
        if (!(result instanceof Processed.ProposalQueued)) {
          throw new VectorMismatch(field + " was not queued as a proposal: " + result);
        }
      }
      Processed result = state.process(GroupVectors.message(epoch, "commit"), now);
      if (!(result instanceof Processed.CommitStaged staged)) {
        throw new VectorMismatch(where + ".commit was not staged: " + result);
      }
      GroupState next = staged.commit().merge();
      VectorCase.expectEqual(
          where + ".epoch_authenticator",
          epoch.hex("epoch_authenticator"),
          next.epochAuthenticator());
      state.destroy();
      return next;
    } catch (DecodeException | ValidationException e) {
      throw new VectorMismatch(where + " was rejected", e);
    }
  }

  private static PskStore externalPsks(VectorCase vector) throws VectorMismatch {
    Map<Bytes, Secret> psks = new LinkedHashMap<>();
    for (VectorCase psk : vector.objects("external_psks")) {
      psks.put(psk.hex("psk_id"), Secret.of(psk.hex("psk")));
    }
    return PskStore.external(psks);
  }

  /** A time within the joiner's KeyPackage lifetime: the vectors were made at that time. */
  private static long nowWithin(KeyPackage keyPackage) {
    Lifetime lifetime = keyPackage.leafNode().lifetime().orElse(new Lifetime(0, 0));
    long from = Math.max(0, lifetime.notBefore());
    long to = lifetime.notAfter() < 0 ? Long.MAX_VALUE / 1000 : lifetime.notAfter();
    long seconds = from + Math.max(0, to - from) / 2;
    return Math.multiplyExact(Math.min(seconds, Long.MAX_VALUE / 1000), 1000L);
  }
}
