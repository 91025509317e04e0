package org.mlsmesh.protocol.crypto;

import java.util.Optional;

/** The MLS cipher suites of RFC 9420 §17.1, with the parameters of their primitives. */
public enum CipherSuite {
  MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519(
      0x0001, Kem.DHKEM_X25519, Kdf.HKDF_SHA256, Aead.AES_128_GCM, SignatureScheme.ED25519),
  MLS_128_DHKEMP256_AES128GCM_SHA256_P256(
      0x0002,
      Kem.DHKEM_P256,
      Kdf.HKDF_SHA256,
      Aead.AES_128_GCM,
      SignatureScheme.ECDSA_SECP256R1_SHA256),
  MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519(
      0x0003, Kem.DHKEM_X25519, Kdf.HKDF_SHA256, Aead.CHACHA20_POLY1305, SignatureScheme.ED25519),
  MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448(
      0x0004, Kem.DHKEM_X448, Kdf.HKDF_SHA512, Aead.AES_256_GCM, SignatureScheme.ED448),
  MLS_256_DHKEMP521_AES256GCM_SHA512_P521(
      0x0005,
      Kem.DHKEM_P521,
      Kdf.HKDF_SHA512,
      Aead.AES_256_GCM,
      SignatureScheme.ECDSA_SECP521R1_SHA512),
  MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448(
      0x0006, Kem.DHKEM_X448, Kdf.HKDF_SHA512, Aead.CHACHA20_POLY1305, SignatureScheme.ED448),
  MLS_256_DHKEMP384_AES256GCM_SHA384_P384(
      0x0007,
      Kem.DHKEM_P384,
      Kdf.HKDF_SHA384,
      Aead.AES_256_GCM,
      SignatureScheme.ECDSA_SECP384R1_SHA384);

  private final int id;
  private final Kem kem;
  private final Kdf kdf;
  private final Aead aead;
  private final SignatureScheme signatureScheme;

  CipherSuite(int id, Kem kem, Kdf kdf, Aead aead, SignatureScheme signatureScheme) {
    this.id = id;
    this.kem = kem;
    this.kdf = kdf;
    this.aead = aead;
    this.signatureScheme = signatureScheme;
  }

  /** The uint16 code point. */
  public int id() {
    return id;
  }

  public Kem kem() {
    return kem;
  }

  public Kdf kdf() {
    return kdf;
  }

  public Aead aead() {
    return aead;
  }

  public SignatureScheme signatureScheme() {
    return signatureScheme;
  }

  /** Nh: the output length of the suite's hash and KDF. */
  public int hashLength() {
    return kdf.hashLength;
  }

  /** Nk. */
  public int aeadKeyLength() {
    return aead.keyLength;
  }

  /** Nn. */
  public int aeadNonceLength() {
    return aead.nonceLength;
  }

  /** The suite with this code point, or empty for an unknown or reserved one. */
  public static Optional<CipherSuite> fromId(int id) {
    for (CipherSuite suite : values()) {
      if (suite.id == id) {
        return Optional.of(suite);
      }
    }
    return Optional.empty();
  }

  /** The suite's primitives (Bouncy Castle), shared and thread-safe. */
  public CryptoProvider crypto() {
    return CryptoProviders.forSuite(this);
  }

  @Override
  public String toString() {
    return String.format("%s(0x%04x)", name(), id);
  }

  /** HPKE KEM identifiers (RFC 9180 §7.1). */
  public enum Kem {
    DHKEM_P256(0x0010, 65, 32),
    DHKEM_P384(0x0011, 97, 48),
    DHKEM_P521(0x0012, 133, 66),
    DHKEM_X25519(0x0020, 32, 32),
    DHKEM_X448(0x0021, 56, 56);

    public final int id;
    public final int publicKeyLength;
    public final int privateKeyLength;

    Kem(int id, int publicKeyLength, int privateKeyLength) {
      this.id = id;
      this.publicKeyLength = publicKeyLength;
      this.privateKeyLength = privateKeyLength;
    }
  }

  /** HPKE KDF identifiers (RFC 9180 §7.2). */
  public enum Kdf {
    HKDF_SHA256(0x0001, 32),
    HKDF_SHA384(0x0002, 48),
    HKDF_SHA512(0x0003, 64);

    public final int id;
    public final int hashLength;

    Kdf(int id, int hashLength) {
      this.id = id;
      this.hashLength = hashLength;
    }
  }

  /** HPKE AEAD identifiers (RFC 9180 §7.3). */
  public enum Aead {
    AES_128_GCM(0x0001, 16, 12),
    AES_256_GCM(0x0002, 32, 12),
    CHACHA20_POLY1305(0x0003, 32, 12);

    public final int id;
    public final int keyLength;
    public final int nonceLength;

    Aead(int id, int keyLength, int nonceLength) {
      this.id = id;
      this.keyLength = keyLength;
      this.nonceLength = nonceLength;
    }
  }

  /** TLS SignatureScheme code points (RFC 8446 §4.2.3) used by MLS suites. */
  public enum SignatureScheme {
    ECDSA_SECP256R1_SHA256(0x0403),
    ECDSA_SECP384R1_SHA384(0x0503),
    ECDSA_SECP521R1_SHA512(0x0603),
    ED25519(0x0807),
    ED448(0x0808);

    public final int id;

    SignatureScheme(int id) {
      this.id = id;
    }
  }
}
