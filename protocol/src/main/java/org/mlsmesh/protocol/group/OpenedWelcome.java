package org.mlsmesh.protocol.group;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.keypackage.KeyPackageRef;
import org.mlsmesh.protocol.message.EncryptedGroupSecrets;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.GroupSecrets;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Welcome;
import org.mlsmesh.protocol.schedule.EpochSecrets;
import org.mlsmesh.protocol.schedule.KeySchedule;
import org.mlsmesh.protocol.schedule.PskSecret;

/**
 * The first steps of joining from a Welcome (RFC 9420 §12.4.3.1), which need no ratchet tree: find
 * and decrypt this client's GroupSecrets, find the PSKs they name, and decrypt the GroupInfo.
 * Verifying the GroupInfo's signature needs the signer's key, which {@link WelcomeProcessor} takes
 * from the tree. Owns the joiner secret, path secret and psk_secret until {@link #destroy()}.
 */
public final class OpenedWelcome implements Destroyable {
  private final CipherSuite suite;
  private final GroupSecrets groupSecrets;
  private final Secret pskSecret;
  private final GroupInfo groupInfo;

  private OpenedWelcome(
      CipherSuite suite, GroupSecrets groupSecrets, Secret pskSecret, GroupInfo groupInfo) {
    this.suite = suite;
    this.groupSecrets = groupSecrets;
    this.pskSecret = pskSecret;
    this.groupInfo = groupInfo;
  }

  /**
   * Opens {@code welcome} with the KeyPackage it was sent to and that KeyPackage's init private
   * key, looking up PSKs in {@code psks}.
   */
  public static OpenedWelcome open(
      Welcome welcome, KeyPackage keyPackage, Secret initPrivateKey, PskStore psks)
      throws DecodeException, ValidationException {
    if (welcome.cipherSuite() != keyPackage.cipherSuite()) {
      throw new ValidationException(
          ValidationCode.WELCOME_CIPHER_SUITE_MISMATCH,
          String.format(
              "Welcome of suite 0x%04x, KeyPackage of 0x%04x",
              welcome.cipherSuite(), keyPackage.cipherSuite()));
    }
    CipherSuite suite =
        CipherSuite.fromId(keyPackage.cipherSuite())
            .orElseThrow(
                () ->
                    new ValidationException(
                        ValidationCode.WELCOME_CIPHER_SUITE_UNSUPPORTED,
                        String.format("suite 0x%04x", keyPackage.cipherSuite())));
    CryptoProvider crypto = suite.crypto();
    Bytes ref = KeyPackageRef.of(suite, keyPackage).value();
    EncryptedGroupSecrets mine = null;
    for (EncryptedGroupSecrets secrets : welcome.secrets()) {
      if (secrets.newMember().equals(ref)) {
        mine = secrets;
        break;
      }
    }
    if (mine == null) {
      throw new ValidationException(ValidationCode.WELCOME_NOT_FOR_KEY_PACKAGE, ref.toHex());
    }
    Bytes plaintext;
    try {
      plaintext =
          crypto.decryptWithLabel(
              initPrivateKey,
              WelcomeBuilder.WELCOME_LABEL,
              welcome.encryptedGroupInfo(),
              mine.encryptedGroupSecrets());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.GROUP_SECRETS_UNDECRYPTABLE, "", e);
    }
    GroupSecrets groupSecrets = TlsReader.decodeAll(plaintext, GroupSecrets::decode);
    try {
      if (groupSecrets.joinerSecret().length() != suite.hashLength()) {
        throw new DecodeException("joiner_secret is not Nh bytes long", 0);
      }
      Secret pskSecret = pskSecret(crypto, groupSecrets.psks(), psks);
      GroupInfo groupInfo;
      try {
        groupInfo = decryptGroupInfo(crypto, welcome, groupSecrets.joinerSecret(), pskSecret);
      } catch (DecodeException | ValidationException | RuntimeException e) {
        pskSecret.destroy();
        throw e;
      }
      return new OpenedWelcome(suite, groupSecrets, pskSecret, groupInfo);
    } catch (DecodeException | ValidationException | RuntimeException e) {
      groupSecrets.destroy();
      throw e;
    }
  }

  /**
   * RFC 9420 §12.4.3.1: every PSK is known; at most one is a resumption PSK of usage reinit or
   * branch.
   */
  private static Secret pskSecret(CryptoProvider crypto, List<PreSharedKeyId> ids, PskStore psks)
      throws ValidationException {
    List<PskSecret.Input> inputs = new ArrayList<>(ids.size());
    int special = 0;
    for (PreSharedKeyId id : ids) {
      if (id.type() == PreSharedKeyId.PskType.RESUMPTION
          && id.usage() != PreSharedKeyId.ResumptionUsage.APPLICATION
          && ++special > 1) {
        throw new ValidationException(
            ValidationCode.PSK_USAGE_INVALID, "more than one reinit or branch PSK");
      }
      Secret psk =
          psks.find(id)
              .orElseThrow(
                  () -> new ValidationException(ValidationCode.PSK_UNAVAILABLE, id.toString()));
      inputs.add(new PskSecret.Input(id, psk));
    }
    return PskSecret.compute(crypto, inputs);
  }

  private static GroupInfo decryptGroupInfo(
      CryptoProvider crypto, Welcome welcome, Secret joinerSecret, Secret pskSecret)
      throws DecodeException, ValidationException {
    Secret welcomeSecret = KeySchedule.welcomeSecret(crypto, joinerSecret, pskSecret);
    Secret key = WelcomeBuilder.welcomeKey(crypto, welcomeSecret);
    Secret nonce = WelcomeBuilder.welcomeNonce(crypto, welcomeSecret);
    Bytes plaintext;
    try {
      plaintext = crypto.aeadOpen(key, nonce, Bytes.EMPTY, welcome.encryptedGroupInfo());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.GROUP_INFO_UNDECRYPTABLE, "", e);
    } finally {
      welcomeSecret.destroy();
      key.destroy();
      nonce.destroy();
    }
    return TlsReader.decodeAll(plaintext, GroupInfo::decode);
  }

  public CipherSuite suite() {
    return suite;
  }

  public GroupInfo groupInfo() {
    return groupInfo;
  }

  /** The PSKs the Welcome injects. */
  public List<PreSharedKeyId> psks() {
    return groupSecrets.psks();
  }

  /** The path secret of the lowest common ancestor with the committer; owned by this object. */
  Optional<Secret> pathSecret() {
    return groupSecrets.pathSecret();
  }

  /** RFC 9420 §12.4.3: the GroupInfo's signature verifies with {@code signerKey}. */
  public void verifySignature(Bytes signerKey) throws ValidationException {
    WelcomeBuilder.verifyGroupInfo(suite, groupInfo, signerKey);
  }

  /**
   * The secrets of the epoch the GroupInfo describes, from the joiner secret and PSKs, after
   * checking the GroupInfo's confirmation tag with them (§12.4.3.1). The caller owns the result.
   */
  public EpochSecrets epochSecrets() throws ValidationException {
    EpochSecrets secrets =
        KeySchedule.epochSecrets(
            suite.crypto(), groupSecrets.joinerSecret(), pskSecret, groupInfo.groupContext());
    Bytes expected = secrets.confirmationTag(groupInfo.groupContext().confirmedTranscriptHash());
    if (!MessageDigest.isEqual(expected.toByteArray(), groupInfo.confirmationTag().toByteArray())) {
      secrets.destroy();
      throw new ValidationException(ValidationCode.CONFIRMATION_TAG_INVALID, "in the GroupInfo");
    }
    return secrets;
  }

  @Override
  public void destroy() {
    groupSecrets.destroy();
    pskSecret.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return groupSecrets.isDestroyed();
  }

  @Override
  public String toString() {
    return "OpenedWelcome[" + suite + ", secrets redacted]";
  }
}
