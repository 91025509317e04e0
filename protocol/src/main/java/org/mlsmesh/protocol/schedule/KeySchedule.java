package org.mlsmesh.protocol.schedule;

import java.nio.charset.StandardCharsets;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.HpkeExport;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.GroupContext;

/**
 * The MLS key schedule (RFC 9420 §8):
 *
 * <pre>
 * joiner_secret  = ExpandWithLabel(Extract(salt=init_secret, ikm=commit_secret),
 *                                  "joiner", GroupContext, Nh)
 * member         = Extract(salt=joiner_secret, ikm=psk_secret)
 * welcome_secret = DeriveSecret(member, "welcome")
 * epoch_secret   = ExpandWithLabel(member, "epoch", GroupContext, Nh)
 * </pre>
 *
 * A committer computes all three; a member processing a Commit needs the epoch secrets; a new
 * member gets {@code joiner_secret} from its GroupSecrets and computes the welcome and epoch
 * secrets. Inputs stay owned by the caller, which destroys them once consumed (§9.2); intermediate
 * values are destroyed here.
 */
public final class KeySchedule {
  /** The HPKE exporter context of external init (§8.3). */
  private static final Bytes EXTERNAL_INIT_CONTEXT =
      Bytes.of("MLS 1.0 external init secret".getBytes(StandardCharsets.US_ASCII));

  private KeySchedule() {}

  /** The {@code joiner_secret} of the epoch described by {@code groupContext}. */
  public static Secret joinerSecret(
      CryptoProvider crypto, Secret initSecret, Secret commitSecret, GroupContext groupContext) {
    int nh = checkLength(crypto, initSecret, "init_secret");
    checkLength(crypto, commitSecret, "commit_secret");
    Secret extracted = crypto.extract(initSecret, commitSecret);
    try {
      return crypto.expandWithLabel(extracted, "joiner", groupContext.encoded(), nh);
    } finally {
      extracted.destroy();
    }
  }

  /** The {@code welcome_secret}, which protects the GroupInfo in a Welcome (§12.4.3.1). */
  public static Secret welcomeSecret(CryptoProvider crypto, Secret joinerSecret, Secret pskSecret) {
    Secret member = memberSecret(crypto, joinerSecret, pskSecret);
    try {
      return crypto.deriveSecret(member, "welcome");
    } finally {
      member.destroy();
    }
  }

  /** The epoch secrets of the epoch described by {@code groupContext}. */
  public static EpochSecrets epochSecrets(
      CryptoProvider crypto, Secret joinerSecret, Secret pskSecret, GroupContext groupContext) {
    Secret member = memberSecret(crypto, joinerSecret, pskSecret);
    Secret epochSecret;
    try {
      epochSecret =
          crypto.expandWithLabel(
              member, "epoch", groupContext.encoded(), crypto.suite().hashLength());
    } finally {
      member.destroy();
    }
    try {
      return EpochSecrets.fromEpochSecret(crypto, epochSecret);
    } finally {
      epochSecret.destroy();
    }
  }

  /**
   * The secrets of a new group's epoch 0 (§11): the creator draws a fresh random {@code
   * epoch_secret} of Nh bytes instead of running the schedule.
   */
  public static EpochSecrets firstEpoch(CryptoProvider crypto, EntropySource random) {
    Secret epochSecret = random.randomSecret(crypto.suite().hashLength());
    try {
      return EpochSecrets.fromEpochSecret(crypto, epochSecret);
    } finally {
      epochSecret.destroy();
    }
  }

  /**
   * External init, joiner side (§8.3): {@code SetupBaseS(external_pub, "")} and export {@code
   * init_secret}. The KEM output goes into the ExternalInit proposal.
   */
  public static HpkeExport externalInit(
      CryptoProvider crypto, Bytes externalPub, EntropySource random) throws CryptoException {
    return crypto.hpkeExportSender(
        externalPub, Bytes.EMPTY, EXTERNAL_INIT_CONTEXT, crypto.suite().hashLength(), random);
  }

  /**
   * External init, member side (§8.3): {@code SetupBaseR(kem_output, external_priv, "")} and export
   * {@code init_secret}.
   */
  public static Secret externalInitSecret(
      CryptoProvider crypto, Secret externalPrivateKey, Bytes kemOutput) throws CryptoException {
    return crypto.hpkeExportReceiver(
        externalPrivateKey,
        kemOutput,
        Bytes.EMPTY,
        EXTERNAL_INIT_CONTEXT,
        crypto.suite().hashLength());
  }

  /** Extract(salt=joiner_secret, ikm=psk_secret): the value below joiner_secret in §8's figure. */
  private static Secret memberSecret(CryptoProvider crypto, Secret joinerSecret, Secret pskSecret) {
    checkLength(crypto, joinerSecret, "joiner_secret");
    checkLength(crypto, pskSecret, "psk_secret");
    return crypto.extract(joinerSecret, pskSecret);
  }

  private static int checkLength(CryptoProvider crypto, Secret secret, String name) {
    int nh = crypto.suite().hashLength();
    if (secret.length() != nh) {
      throw new IllegalArgumentException(name + " must be Nh = " + nh + " bytes long");
    }
    return nh;
  }
}
