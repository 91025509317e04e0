package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.HpkeCiphertext;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.keypackage.KeyPackageRef;
import org.mlsmesh.protocol.message.EncryptedGroupSecrets;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.GroupSecrets;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Welcome;
import org.mlsmesh.protocol.schedule.KeySchedule;
import org.mlsmesh.protocol.tree.CreatedUpdatePath;

/** The GroupInfo of an epoch and the Welcome of a Commit's new members (RFC 9420 §12.4.3). */
final class WelcomeBuilder {
  static final String GROUP_INFO_LABEL = "GroupInfoTBS";
  static final String WELCOME_LABEL = "Welcome";

  private WelcomeBuilder() {}

  /** The GroupInfo of {@code epoch}, signed by the member of {@code state}. */
  static GroupInfo groupInfo(
      GroupState state, Epoch epoch, boolean withRatchetTree, boolean withExternalPub) {
    return groupInfo(state, epoch, withRatchetTree, externalPub(epoch, withExternalPub));
  }

  /**
   * The GroupInfo of {@code epoch}, encoded and signed when first asked for: with the ratchet tree,
   * that is the larger part of creating a Commit that adds nobody. Only the external public key is
   * derived now, while the epoch's secrets exist; the rest is immutable, and signing draws no
   * randomness, so the result is the one {@link #groupInfo} would return now.
   */
  static Supplier<GroupInfo> deferredGroupInfo(
      GroupState state, Epoch epoch, boolean withRatchetTree, boolean withExternalPub) {
    Optional<Bytes> externalPub = externalPub(epoch, withExternalPub);
    return new Supplier<>() {
      private GroupInfo built;

      @Override
      public GroupInfo get() {
        if (built == null) {
          built = groupInfo(state, epoch, withRatchetTree, externalPub);
        }
        return built;
      }
    };
  }

  private static Optional<Bytes> externalPub(Epoch epoch, boolean withExternalPub) {
    if (!withExternalPub) {
      return Optional.empty();
    }
    HpkeKeyPair external = epoch.secrets.externalKeyPair();
    try {
      return Optional.of(external.publicKey());
    } finally {
      external.destroy();
    }
  }

  private static GroupInfo groupInfo(
      GroupState state, Epoch epoch, boolean withRatchetTree, Optional<Bytes> externalPub) {
    List<Extension> extensions = new ArrayList<>();
    if (withRatchetTree) {
      extensions.add(GroupExtensions.ratchetTree(epoch.tree));
    }
    externalPub.ifPresent(key -> extensions.add(GroupExtensions.externalPub(key)));
    GroupInfo unsigned =
        new GroupInfo(
            epoch.context, extensions, epoch.confirmationTag, state.ownLeaf(), Bytes.EMPTY);
    Bytes signature =
        epoch.crypto().signWithLabel(state.signer().privateKey(), GROUP_INFO_LABEL, unsigned.tbs());
    return new GroupInfo(
        unsigned.groupContext(),
        unsigned.extensions(),
        unsigned.confirmationTag(),
        unsigned.signer(),
        signature);
  }

  /** RFC 9420 §12.4.3: the GroupInfo's signature verifies with {@code signerKey}. */
  static void verifyGroupInfo(CipherSuite suite, GroupInfo groupInfo, Bytes signerKey)
      throws ValidationException {
    try {
      suite
          .crypto()
          .verifyWithLabel(signerKey, GROUP_INFO_LABEL, groupInfo.tbs(), groupInfo.signature());
    } catch (CryptoException e) {
      throw new ValidationException(
          ValidationCode.GROUP_INFO_SIGNATURE_INVALID, groupInfo.signer().toString(), e);
    }
  }

  /**
   * The Welcome (§12.4.3.1): the GroupInfo encrypted under the welcome key, and for each new member
   * the joiner secret, its path secret and the PSK ids, encrypted to its init key.
   */
  static MlsMessage welcome(
      GroupState state,
      GroupInfo groupInfo,
      Secret joinerSecret,
      Secret pskSecret,
      List<PreSharedKeyId> psks,
      List<AppliedProposals.Joiner> joiners,
      Optional<CreatedUpdatePath> path) {
    CipherSuite suite = state.suite();
    CryptoProvider crypto = suite.crypto();
    Bytes encryptedGroupInfo;
    Secret welcomeSecret = KeySchedule.welcomeSecret(crypto, joinerSecret, pskSecret);
    Secret key = welcomeKey(crypto, welcomeSecret);
    Secret nonce = welcomeNonce(crypto, welcomeSecret);
    try {
      encryptedGroupInfo = crypto.aeadSeal(key, nonce, Bytes.EMPTY, groupInfo.encoded());
    } finally {
      welcomeSecret.destroy();
      key.destroy();
      nonce.destroy();
    }
    List<Bytes> initKeys = new ArrayList<>(joiners.size());
    List<Bytes> plaintexts = new ArrayList<>(joiners.size());
    for (AppliedProposals.Joiner joiner : joiners) {
      GroupSecrets groupSecrets =
          new GroupSecrets(
              joinerSecret.copy(),
              path.flatMap(p -> p.pathSecretFor(joiner.leaf())).map(Secret::copy),
              psks);
      try {
        plaintexts.add(groupSecrets.encoded());
      } finally {
        groupSecrets.destroy();
      }
      initKeys.add(joiner.keyPackage().initKey());
    }
    // One call for all joiners: the context, the encrypted GroupInfo, is prepared once.
    List<HpkeCiphertext> ciphertexts;
    try {
      ciphertexts =
          crypto.encryptWithLabel(
              initKeys,
              WELCOME_LABEL,
              encryptedGroupInfo,
              plaintexts,
              state.environment().random());
    } catch (CryptoException e) {
      throw new IllegalStateException("encrypting to a validated init key failed", e);
    }
    List<EncryptedGroupSecrets> secrets = new ArrayList<>(joiners.size());
    for (int i = 0; i < joiners.size(); i++) {
      secrets.add(
          new EncryptedGroupSecrets(
              KeyPackageRef.of(suite, joiners.get(i).keyPackage()).value(), ciphertexts.get(i)));
    }
    return MlsMessage.of(new Welcome(suite.id(), secrets, encryptedGroupInfo));
  }

  /** welcome_key = ExpandWithLabel(welcome_secret, "key", "", AEAD.Nk). */
  static Secret welcomeKey(CryptoProvider crypto, Secret welcomeSecret) {
    return crypto.expandWithLabel(
        welcomeSecret, "key", Bytes.EMPTY, crypto.suite().aeadKeyLength());
  }

  /** welcome_nonce = ExpandWithLabel(welcome_secret, "nonce", "", AEAD.Nn). */
  static Secret welcomeNonce(CryptoProvider crypto, Secret welcomeSecret) {
    return crypto.expandWithLabel(
        welcomeSecret, "nonce", Bytes.EMPTY, crypto.suite().aeadNonceLength());
  }
}
