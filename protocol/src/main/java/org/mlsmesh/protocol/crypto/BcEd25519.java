package org.mlsmesh.protocol.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Ed25519 (RFC 8032 §5.1): 32-byte seed, 32-byte public key, 64-byte R || S signature. */
final class BcEd25519 implements BcSignatureScheme {
  private static final String OPERATION = "Ed25519 verify";

  @Override
  public byte[] generatePrivateKey(EntropySource random) {
    return random.randomBytes(Ed25519.SECRET_KEY_SIZE);
  }

  @Override
  public byte[] publicKey(byte[] privateKey) throws CryptoException {
    if (privateKey.length != Ed25519.SECRET_KEY_SIZE) {
      throw new CryptoException("Ed25519 private key");
    }
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] privateKey, byte[] message) {
    if (privateKey.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("Ed25519 private key must be 32 bytes");
    }
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  @Override
  public void verify(byte[] publicKey, byte[] message, byte[] signature) throws CryptoException {
    if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE) {
      throw new CryptoException(OPERATION);
    }
    boolean valid;
    try {
      valid = Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      throw new CryptoException(OPERATION, e);
    }
    if (!valid) {
      throw new CryptoException(OPERATION);
    }
  }
}
