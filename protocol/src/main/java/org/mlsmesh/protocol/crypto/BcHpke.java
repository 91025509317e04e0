package org.mlsmesh.protocol.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X448PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X448;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * HPKE base mode (RFC 9180) with the suite's DHKEM, KDF and AEAD, on Bouncy Castle's {@link HPKE}.
 * A BC {@code HPKE} object keeps mutable KDF and agreement state, so every call builds its own and
 * this class stays immutable and shareable. Ephemeral keys are DeriveKeyPair(Nsk bytes drawn from
 * the injected {@link EntropySource}), so a seeded source makes Seal reproducible.
 *
 * <p>Private keys are raw: X25519/X448 scalars as derived (unclamped; the DH function clamps), EC
 * scalars big-endian in Nsk bytes. Public keys are SerializePublicKey(pk) (RFC 9180 §7.1.1).
 */
final class BcHpke {
  /** A fixed clamped scalar for the small-order check of X448 public keys. */
  private static final byte[] PROBE_SCALAR = probeScalar();

  private final CipherSuite.Kem kem;
  private final short kemId;
  private final short kdfId;
  private final short aeadId;
  private final BigInteger ecOrder;

  BcHpke(CipherSuite suite) {
    this.kem = suite.kem();
    this.kemId = (short) kem.id;
    this.kdfId = (short) suite.kdf().id;
    this.aeadId = (short) suite.aead().id;
    this.ecOrder =
        switch (kem) {
          case DHKEM_P256 -> CustomNamedCurves.getByName("P-256").getN();
          case DHKEM_P384 -> CustomNamedCurves.getByName("P-384").getN();
          case DHKEM_P521 -> CustomNamedCurves.getByName("P-521").getN();
          case DHKEM_X25519, DHKEM_X448 -> BigInteger.ZERO; // unused: any Nsk bytes are a key
        };
  }

  private HPKE newHpke() {
    return new HPKE(HPKE.mode_base, kemId, kdfId, aeadId);
  }

  private boolean isEc() {
    return switch (kem) {
      case DHKEM_P256, DHKEM_P384, DHKEM_P521 -> true;
      case DHKEM_X25519, DHKEM_X448 -> false;
    };
  }

  /** Nsk: the length of a serialized private key, and of the ikm drawn for a fresh key. */
  int privateKeyLength() {
    return kem.privateKeyLength;
  }

  /** DeriveKeyPair(ikm) (RFC 9180 §7.1.3). */
  HpkeKeyPair deriveKeyPair(byte[] ikm) {
    HPKE hpke = newHpke();
    AsymmetricCipherKeyPair pair = hpke.deriveKeyPair(ikm);
    return new HpkeKeyPair(
        Secret.wrap(rawPrivateKey(pair.getPrivate())),
        Bytes.wrap(hpke.serializePublicKey(pair.getPublic())));
  }

  private byte[] rawPrivateKey(AsymmetricKeyParameter key) {
    if (key instanceof X25519PrivateKeyParameters x25519) {
      return x25519.getEncoded();
    }
    if (key instanceof X448PrivateKeyParameters x448) {
      return x448.getEncoded();
    }
    return EcScalars.encode(ecOrder, ((ECPrivateKeyParameters) key).getD());
  }

  /** The BC key pair of a raw private key; fails on a wrong length or an out-of-range scalar. */
  private AsymmetricCipherKeyPair keyPair(HPKE hpke, byte[] privateKey) throws CryptoException {
    if (privateKey.length != kem.privateKeyLength) {
      throw new CryptoException("HPKE private key");
    }
    if (isEc()) {
      EcScalars.decode(ecOrder, privateKey, "HPKE private key");
    }
    try {
      return hpke.deserializePrivateKey(privateKey, null);
    } catch (RuntimeException e) {
      throw new CryptoException("HPKE private key", e);
    }
  }

  byte[] publicKey(byte[] privateKey) throws CryptoException {
    HPKE hpke = newHpke();
    return hpke.serializePublicKey(keyPair(hpke, privateKey).getPublic());
  }

  /**
   * Checks the length and, for the NIST curves, that the uncompressed point is on the curve; for
   * X25519/X448, rejects the small-order points, with which every DH output would be all-zero (RFC
   * 7748 §6, RFC 9180 §7.1.4).
   */
  void validatePublicKey(byte[] publicKey) throws CryptoException {
    if (publicKey.length != kem.publicKeyLength) {
      throw new CryptoException("HPKE public key validation");
    }
    boolean valid;
    try {
      valid =
          switch (kem) {
            case DHKEM_X25519 -> !X25519SmallOrder.isSmallOrder(publicKey);
            case DHKEM_X448 ->
                X448.calculateAgreement(
                    PROBE_SCALAR, 0, publicKey, 0, new byte[X448.POINT_SIZE], 0);
            case DHKEM_P256, DHKEM_P384, DHKEM_P521 -> {
              newHpke().deserializePublicKey(publicKey); // format byte and on-curve check
              yield true;
            }
          };
    } catch (RuntimeException e) {
      throw new CryptoException("HPKE public key validation", e);
    }
    if (!valid) {
      throw new CryptoException("HPKE public key validation");
    }
  }

  /** SetupBaseS(pkR, info) with an ephemeral key from {@code random}. */
  private HPKEContextWithEncapsulation setupSender(
      HPKE hpke, byte[] publicKey, byte[] info, EntropySource random) throws CryptoException {
    byte[] ikm = random.randomBytes(kem.privateKeyLength);
    try {
      AsymmetricCipherKeyPair ephemeral = hpke.deriveKeyPair(ikm);
      return hpke.setupBaseS(hpke.deserializePublicKey(publicKey), info, ephemeral);
    } catch (RuntimeException e) {
      throw new CryptoException("HPKE encapsulation", e);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  /** SetupBaseR(enc, skR, info). */
  private HPKEContext setupReceiver(HPKE hpke, byte[] privateKey, byte[] enc, byte[] info)
      throws CryptoException {
    AsymmetricCipherKeyPair recipient = keyPair(hpke, privateKey);
    try {
      return hpke.setupBaseR(enc, recipient, info);
    } catch (RuntimeException e) {
      throw new CryptoException("HPKE decapsulation", e);
    }
  }

  /** SealBase: returns {enc, ciphertext}. */
  byte[][] seal(byte[] publicKey, byte[] info, byte[] aad, byte[] plaintext, EntropySource random)
      throws CryptoException {
    HPKE hpke = newHpke();
    HPKEContextWithEncapsulation context = setupSender(hpke, publicKey, info, random);
    try {
      return new byte[][] {context.getEncapsulation(), context.seal(aad, plaintext)};
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new CryptoException("HPKE seal", e);
    }
  }

  byte[] open(byte[] privateKey, byte[] enc, byte[] info, byte[] aad, byte[] ciphertext)
      throws CryptoException {
    HPKEContext context = setupReceiver(newHpke(), privateKey, enc, info);
    try {
      return context.open(aad, ciphertext);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new CryptoException("HPKE open", e);
    }
  }

  /** SetupBaseS then Export: returns {enc, exported secret}. */
  byte[][] exportSender(
      byte[] publicKey, byte[] info, byte[] exporterContext, int length, EntropySource random)
      throws CryptoException {
    HPKEContextWithEncapsulation context = setupSender(newHpke(), publicKey, info, random);
    return new byte[][] {context.getEncapsulation(), export(context, exporterContext, length)};
  }

  byte[] exportReceiver(
      byte[] privateKey, byte[] enc, byte[] info, byte[] exporterContext, int length)
      throws CryptoException {
    return export(setupReceiver(newHpke(), privateKey, enc, info), exporterContext, length);
  }

  private static byte[] export(HPKEContext context, byte[] exporterContext, int length) {
    return context.export(exporterContext, length);
  }

  private static byte[] probeScalar() {
    byte[] scalar = new byte[X448.SCALAR_SIZE];
    Arrays.fill(scalar, (byte) 0x5a);
    X448.clampPrivateKey(scalar);
    return scalar;
  }
}
