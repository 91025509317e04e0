package org.mlsmesh.protocol.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed448;

/**
 * Ed448 (RFC 8032 §5.2) with an empty context: 57-byte seed, 57-byte public key, 114-byte
 * signature.
 */
final class BcEd448 implements BcSignatureScheme {
  private static final String OPERATION = "Ed448 verify";
  private static final byte[] NO_CONTEXT = new byte[0];

  @Override
  public byte[] generatePrivateKey(EntropySource random) {
    return random.randomBytes(Ed448.SECRET_KEY_SIZE);
  }

  @Override
  public byte[] publicKey(byte[] privateKey) throws CryptoException {
    if (privateKey.length != Ed448.SECRET_KEY_SIZE) {
      throw new CryptoException("Ed448 private key");
    }
    byte[] publicKey = new byte[Ed448.PUBLIC_KEY_SIZE];
    Ed448.generatePublicKey(privateKey, 0, publicKey, 0);
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] privateKey, byte[] message) {
    if (privateKey.length != Ed448.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("Ed448 private key must be 57 bytes");
    }
    byte[] signature = new byte[Ed448.SIGNATURE_SIZE];
    Ed448.sign(privateKey, 0, NO_CONTEXT, message, 0, message.length, signature, 0);
    return signature;
  }

  @Override
  public void verify(byte[] publicKey, byte[] message, byte[] signature) throws CryptoException {
    if (publicKey.length != Ed448.PUBLIC_KEY_SIZE || signature.length != Ed448.SIGNATURE_SIZE) {
      throw new CryptoException(OPERATION);
    }
    boolean valid;
    try {
      valid = Ed448.verify(signature, 0, publicKey, 0, NO_CONTEXT, message, 0, message.length);
    } catch (RuntimeException e) {
      throw new CryptoException(OPERATION, e);
    }
    if (!valid) {
      throw new CryptoException(OPERATION);
    }
  }
}
