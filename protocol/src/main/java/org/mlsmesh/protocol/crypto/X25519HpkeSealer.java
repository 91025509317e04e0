package org.mlsmesh.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * SealBase (RFC 9180 §5.1, §6.1) with DHKEM(X25519, HKDF-SHA256) of several messages under one
 * info: the info is hashed once into the key schedule context, not once per recipient. A Welcome
 * seals each new member's secrets with the whole encrypted GroupInfo as info (RFC 9420 §12.4.3.1),
 * so hashing it per recipient made a Commit adding n members cost O(n²). The output is that of
 * {@link BcHpke#seal} for the same ephemeral key material, drawn in the same order.
 */
final class X25519HpkeSealer {
  private static final byte[] HPKE_V1 = ascii("HPKE-v1");
  private static final int SHARED_SECRET_LENGTH = 32; // Nsecret of DHKEM(X25519, HKDF-SHA256)

  private final short kdfId;
  private final short aeadId;
  private final BcKdf kemKdf = new BcKdf(CipherSuite.Kdf.HKDF_SHA256);
  private final BcKdf kdf;
  private final BcAead aead;
  private final CipherSuite.Aead aeadParameters;
  private final byte[] kemSuiteId;
  private final byte[] hpkeSuiteId;

  X25519HpkeSealer(CipherSuite suite) {
    if (suite.kem() != CipherSuite.Kem.DHKEM_X25519) {
      throw new IllegalArgumentException("not an X25519 suite: " + suite);
    }
    int kemId = suite.kem().id;
    this.kdfId = (short) suite.kdf().id;
    this.aeadId = (short) suite.aead().id;
    this.kdf = new BcKdf(suite.kdf());
    this.aead = new BcAead(suite.aead());
    this.aeadParameters = suite.aead();
    this.kemSuiteId = concat(ascii("KEM"), i2osp2(kemId));
    this.hpkeSuiteId = concat(ascii("HPKE"), i2osp2(kemId), i2osp2(kdfId), i2osp2(aeadId));
  }

  /** {enc, ciphertext} of each plaintext sealed to the public key of the same position. */
  byte[][][] sealAll(
      byte[][] publicKeys, byte[] info, byte[] aad, byte[][] plaintexts, EntropySource random)
      throws CryptoException {
    if (publicKeys.length != plaintexts.length) {
      throw new IllegalArgumentException(
          publicKeys.length + " public keys for " + plaintexts.length + " plaintexts");
    }
    // RFC 9180 §5.1: key_schedule_context = mode || psk_id_hash || info_hash (base mode, no PSK).
    byte[] context =
        concat(
            new byte[] {HPKE.mode_base},
            labeledExtract(kdf, hpkeSuiteId, new byte[0], "psk_id_hash", new byte[0]),
            labeledExtract(kdf, hpkeSuiteId, new byte[0], "info_hash", info));
    HPKE hpke = new HPKE(HPKE.mode_base, (short) CipherSuite.Kem.DHKEM_X25519.id, kdfId, aeadId);
    byte[][][] out = new byte[publicKeys.length][][];
    for (int i = 0; i < publicKeys.length; i++) {
      out[i] = seal(hpke, publicKeys[i], context, aad, plaintexts[i], random);
    }
    return out;
  }

  private byte[][] seal(
      HPKE hpke,
      byte[] publicKey,
      byte[] context,
      byte[] aad,
      byte[] plaintext,
      EntropySource random)
      throws CryptoException {
    if (publicKey.length != X25519PublicKeyParameters.KEY_SIZE) {
      throw new CryptoException("HPKE encapsulation");
    }
    byte[] ikm = random.randomBytes(CipherSuite.Kem.DHKEM_X25519.privateKeyLength);
    byte[] ephemeralPrivate = null;
    byte[] dh = new byte[X25519.POINT_SIZE];
    byte[] sharedSecret = null;
    byte[] secret = null;
    byte[] key = null;
    byte[] nonce = null;
    try {
      // RFC 9180 §4.1 Encap: an ephemeral key pair, DH, then ExtractAndExpand.
      AsymmetricCipherKeyPair ephemeral = hpke.deriveKeyPair(ikm);
      ephemeralPrivate = ((X25519PrivateKeyParameters) ephemeral.getPrivate()).getEncoded();
      byte[] enc = hpke.serializePublicKey(ephemeral.getPublic());
      if (!X25519.calculateAgreement(ephemeralPrivate, 0, publicKey, 0, dh, 0)) {
        throw new CryptoException("HPKE encapsulation");
      }
      byte[] eaePrk = labeledExtract(kemKdf, kemSuiteId, new byte[0], "eae_prk", dh);
      sharedSecret =
          labeledExpand(
              kemKdf,
              kemSuiteId,
              eaePrk,
              "shared_secret",
              concat(enc, publicKey),
              SHARED_SECRET_LENGTH);
      Arrays.fill(eaePrk, (byte) 0);
      // RFC 9180 §5.1 KeySchedule, base mode: secret = LabeledExtract(shared_secret, "secret", "").
      secret = labeledExtract(kdf, hpkeSuiteId, sharedSecret, "secret", new byte[0]);
      key = labeledExpand(kdf, hpkeSuiteId, secret, "key", context, aeadParameters.keyLength);
      nonce =
          labeledExpand(
              kdf, hpkeSuiteId, secret, "base_nonce", context, aeadParameters.nonceLength);
      // The first message of the context: sequence number 0, so the nonce is base_nonce.
      return new byte[][] {enc, aead.seal(key, nonce, aad, plaintext)};
    } finally {
      for (byte[] wiped :
          new byte[][] {ikm, ephemeralPrivate, dh, sharedSecret, secret, key, nonce}) {
        if (wiped != null) {
          Arrays.fill(wiped, (byte) 0);
        }
      }
    }
  }

  /** LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" || suite_id || label || ikm). */
  private static byte[] labeledExtract(
      BcKdf kdf, byte[] suiteId, byte[] salt, String label, byte[] ikm) {
    return kdf.extract(salt, concat(HPKE_V1, suiteId, ascii(label), ikm));
  }

  /**
   * LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label
   * || info, L).
   */
  private static byte[] labeledExpand(
      BcKdf kdf, byte[] suiteId, byte[] prk, String label, byte[] info, int length) {
    return kdf.expand(prk, concat(i2osp2(length), HPKE_V1, suiteId, ascii(label), info), length);
  }

  private static byte[] i2osp2(int value) {
    return new byte[] {(byte) (value >>> 8), (byte) value};
  }

  private static byte[] ascii(String value) {
    return value.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
