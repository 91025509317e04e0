package org.mlsmesh.protocol.schedule;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * The secrets derived from one epoch's {@code epoch_secret} (RFC 9420 §8, table "Epoch-Derived
 * Secrets"), plus the next epoch's {@code init_secret}. The accessors return the held secrets
 * themselves: they stay owned by this object and are erased by {@link #destroy()}.
 */
public final class EpochSecrets implements Destroyable {
  private final CryptoProvider crypto;
  private final Secret senderDataSecret;
  private final Secret encryptionSecret;
  private final Secret exporterSecret;
  private final Secret externalSecret;
  private final Secret confirmationKey;
  private final Secret membershipKey;
  private final Secret resumptionPsk;
  private final Secret epochAuthenticator;
  private final Secret initSecret;

  private EpochSecrets(CryptoProvider crypto, Secret epochSecret) {
    this.crypto = crypto;
    senderDataSecret = crypto.deriveSecret(epochSecret, "sender data");
    encryptionSecret = crypto.deriveSecret(epochSecret, "encryption");
    exporterSecret = crypto.deriveSecret(epochSecret, "exporter");
    externalSecret = crypto.deriveSecret(epochSecret, "external");
    confirmationKey = crypto.deriveSecret(epochSecret, "confirm");
    membershipKey = crypto.deriveSecret(epochSecret, "membership");
    resumptionPsk = crypto.deriveSecret(epochSecret, "resumption");
    epochAuthenticator = crypto.deriveSecret(epochSecret, "authentication");
    initSecret = crypto.deriveSecret(epochSecret, "init");
  }

  private EpochSecrets(CryptoProvider crypto, List<Secret> restored) {
    this.crypto = crypto;
    int nh = crypto.suite().hashLength();
    for (Secret secret : restored) {
      if (secret.length() != nh) {
        restored.forEach(Secret::destroy);
        throw new IllegalArgumentException("an epoch secret must be Nh = " + nh + " bytes long");
      }
    }
    senderDataSecret = restored.get(0);
    exporterSecret = restored.get(1);
    externalSecret = restored.get(2);
    confirmationKey = restored.get(3);
    membershipKey = restored.get(4);
    resumptionPsk = restored.get(5);
    epochAuthenticator = restored.get(6);
    initSecret = restored.get(7);
    // Only a secret tree ever needs it, and the epoch's tree was made (and consumed it) long ago.
    encryptionSecret = Secret.zero(nh);
    encryptionSecret.destroy();
  }

  /**
   * The secrets of an epoch saved earlier, whose secret tree is restored on its own: {@link
   * #encryptionSecret()} is destroyed. Takes ownership of the secrets, each Nh bytes long.
   *
   * @throws IllegalArgumentException when a secret has the wrong length
   */
  public static EpochSecrets restore(
      CryptoProvider crypto,
      Secret senderDataSecret,
      Secret exporterSecret,
      Secret externalSecret,
      Secret confirmationKey,
      Secret membershipKey,
      Secret resumptionPsk,
      Secret epochAuthenticator,
      Secret initSecret) {
    Objects.requireNonNull(crypto, "crypto");
    return new EpochSecrets(
        crypto,
        List.of(
            senderDataSecret,
            exporterSecret,
            externalSecret,
            confirmationKey,
            membershipKey,
            resumptionPsk,
            epochAuthenticator,
            initSecret));
  }

  private EpochSecrets(EpochSecrets other) {
    this.crypto = other.crypto;
    senderDataSecret = copyOf(other.senderDataSecret);
    encryptionSecret = copyOf(other.encryptionSecret);
    exporterSecret = copyOf(other.exporterSecret);
    externalSecret = copyOf(other.externalSecret);
    confirmationKey = copyOf(other.confirmationKey);
    membershipKey = copyOf(other.membershipKey);
    resumptionPsk = copyOf(other.resumptionPsk);
    epochAuthenticator = copyOf(other.epochAuthenticator);
    initSecret = copyOf(other.initSecret);
  }

  private static Secret copyOf(Secret secret) {
    if (!secret.isDestroyed()) {
      return secret.copy();
    }
    Secret gone = Secret.zero(secret.length());
    gone.destroy();
    return gone;
  }

  /**
   * An independent copy (for a fork of a group state): destroying one leaves the other intact. A
   * secret already consumed here (the encryption secret) is copied as destroyed.
   */
  public EpochSecrets copy() {
    return new EpochSecrets(this);
  }

  /**
   * Derives every epoch secret from {@code epochSecret}, which the caller then destroys (the key
   * schedule does so for the epoch secrets it computes itself).
   */
  public static EpochSecrets fromEpochSecret(CryptoProvider crypto, Secret epochSecret) {
    Objects.requireNonNull(crypto, "crypto");
    if (epochSecret.length() != crypto.suite().hashLength()) {
      throw new IllegalArgumentException("epoch_secret must be Nh bytes long");
    }
    return new EpochSecrets(crypto, epochSecret);
  }

  public CipherSuite suite() {
    return crypto.suite();
  }

  /** Protects the SenderData of PrivateMessages (§6.3.2); see {@link SenderDataKeys}. */
  public Secret senderDataSecret() {
    return senderDataSecret;
  }

  /**
   * The root of the secret tree. {@link SecretTree#create} consumes it and destroys it as §9.2
   * asks, after which this accessor's result can no longer be used.
   */
  public Secret encryptionSecret() {
    return encryptionSecret;
  }

  public Secret exporterSecret() {
    return exporterSecret;
  }

  public Secret externalSecret() {
    return externalSecret;
  }

  public Secret confirmationKey() {
    return confirmationKey;
  }

  /** The key of the membership_tag of PublicMessages sent by members (§6.2). */
  public Secret membershipKey() {
    return membershipKey;
  }

  public Secret resumptionPsk() {
    return resumptionPsk;
  }

  public Secret epochAuthenticator() {
    return epochAuthenticator;
  }

  /** The {@code init_secret} that starts the next epoch's key schedule. */
  public Secret initSecret() {
    return initSecret;
  }

  /**
   * MLS-Exporter (§8.5): {@code ExpandWithLabel(DeriveSecret(exporter_secret, Label), "exported",
   * Hash(Context), Length)}. The caller owns the result.
   */
  public Secret exporter(Bytes label, Bytes context, int length) {
    Secret derived =
        KdfLabel.expandWithLabel(
            crypto, exporterSecret, label, Bytes.EMPTY, crypto.suite().hashLength());
    try {
      return crypto.expandWithLabel(derived, "exported", crypto.hash(context), length);
    } finally {
      derived.destroy();
    }
  }

  /** MLS-Exporter with a UTF-8 label, such as a registered exporter label (§17.8). */
  public Secret exporter(String label, Bytes context, int length) {
    return exporter(Bytes.of(label.getBytes(StandardCharsets.UTF_8)), context, length);
  }

  /**
   * The group's external HPKE key pair, {@code KEM.DeriveKeyPair(external_secret)} (§8); its public
   * key goes into the external_pub GroupInfo extension. The caller owns the result.
   */
  public HpkeKeyPair externalKeyPair() {
    return crypto.deriveKeyPair(externalSecret);
  }

  /** {@code confirmation_tag = MAC(confirmation_key, confirmed_transcript_hash)} (§6.1). */
  public Bytes confirmationTag(Bytes confirmedTranscriptHash) {
    return crypto.mac(confirmationKey, confirmedTranscriptHash);
  }

  private List<Secret> all() {
    return List.of(
        senderDataSecret,
        encryptionSecret,
        exporterSecret,
        externalSecret,
        confirmationKey,
        membershipKey,
        resumptionPsk,
        epochAuthenticator,
        initSecret);
  }

  @Override
  public void destroy() {
    all().forEach(Secret::destroy);
  }

  @Override
  public boolean isDestroyed() {
    return all().stream().allMatch(Secret::isDestroyed);
  }

  @Override
  public String toString() {
    return "EpochSecrets[" + crypto.suite() + ", redacted]";
  }
}
