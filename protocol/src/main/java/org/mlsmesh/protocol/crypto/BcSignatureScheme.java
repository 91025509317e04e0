package org.mlsmesh.protocol.crypto;

/**
 * One signature scheme over raw keys (RFC 9420 §5.1.2): EdDSA keys as in RFC 8032, ECDSA private
 * keys as fixed-length big-endian scalars and public keys as uncompressed SEC1 points. Stateless.
 */
sealed interface BcSignatureScheme permits BcEd25519, BcEd448, BcEcdsa {
  /** A fresh private key drawn from {@code random}. */
  byte[] generatePrivateKey(EntropySource random);

  /** The public key of {@code privateKey}; fails when it is not a valid private key. */
  byte[] publicKey(byte[] privateKey) throws CryptoException;

  /**
   * Signs {@code message}; deterministic (RFC 8032, RFC 6979), so it needs no randomness.
   *
   * @throws IllegalArgumentException when {@code privateKey} is malformed (a local bug)
   */
  byte[] sign(byte[] privateKey, byte[] message);

  /** Fails when the key or signature is malformed or the signature does not verify. */
  void verify(byte[] publicKey, byte[] message, byte[] signature) throws CryptoException;

  static BcSignatureScheme of(CipherSuite.SignatureScheme scheme) {
    return switch (scheme) {
      case ED25519 -> new BcEd25519();
      case ED448 -> new BcEd448();
      case ECDSA_SECP256R1_SHA256 -> new BcEcdsa("P-256", CipherSuite.Kdf.HKDF_SHA256);
      case ECDSA_SECP384R1_SHA384 -> new BcEcdsa("P-384", CipherSuite.Kdf.HKDF_SHA384);
      case ECDSA_SECP521R1_SHA512 -> new BcEcdsa("P-521", CipherSuite.Kdf.HKDF_SHA512);
    };
  }
}
