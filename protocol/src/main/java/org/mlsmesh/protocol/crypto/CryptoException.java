package org.mlsmesh.protocol.crypto;

/**
 * A cryptographic check failed (bad signature, AEAD tag, HPKE decryption, invalid public key). The
 * message is deliberately vague: it names the operation, never the secret inputs.
 */
public final class CryptoException extends Exception {
  private static final long serialVersionUID = 1L;

  public CryptoException(String operation) {
    super(operation + " failed");
  }

  public CryptoException(String operation, Throwable cause) {
    super(operation + " failed", cause);
  }
}
