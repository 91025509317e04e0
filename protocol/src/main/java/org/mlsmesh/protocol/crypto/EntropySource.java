package org.mlsmesh.protocol.crypto;

/**
 * The only source of randomness of the protocol. Production code injects {@link
 * SecureEntropySource}; tests and simulations inject {@link SeededEntropySource} so that a run is
 * reproducible byte for byte.
 */
public interface EntropySource {
  /** Fills {@code out} with random bytes. */
  void nextBytes(byte[] out);

  default byte[] randomBytes(int length) {
    byte[] out = new byte[length];
    nextBytes(out);
    return out;
  }

  default Secret randomSecret(int length) {
    return Secret.wrap(randomBytes(length));
  }
}
