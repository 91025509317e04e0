package org.mlsmesh.protocol.crypto;

import java.security.SecureRandom;

/** Operating-system randomness: the one place in the protocol that creates a SecureRandom. */
public final class SecureEntropySource implements EntropySource {
  private final SecureRandom random = new SecureRandom();

  @Override
  public void nextBytes(byte[] out) {
    random.nextBytes(out);
  }

  @Override
  public String toString() {
    return "SecureEntropySource";
  }
}
