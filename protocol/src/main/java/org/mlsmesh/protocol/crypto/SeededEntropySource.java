package org.mlsmesh.protocol.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Deterministic randomness for tests and simulations: SHA-256 over (seed, counter). Never use it
 * for keys that protect real traffic.
 */
public final class SeededEntropySource implements EntropySource {
  private final long seed;
  private long counter;
  private final byte[] block = new byte[32];
  private int available;

  public SeededEntropySource(long seed) {
    this.seed = seed;
  }

  @Override
  public void nextBytes(byte[] out) {
    for (int i = 0; i < out.length; i++) {
      if (available == 0) {
        refill();
      }
      out[i] = block[block.length - available--];
    }
  }

  private void refill() {
    SHA256Digest digest = new SHA256Digest();
    byte[] input = new byte[16];
    for (int i = 0; i < 8; i++) {
      input[i] = (byte) (seed >>> (56 - 8 * i));
      input[8 + i] = (byte) (counter >>> (56 - 8 * i));
    }
    counter++;
    digest.update(input, 0, input.length);
    digest.doFinal(block, 0);
    available = block.length;
  }

  @Override
  public String toString() {
    return "SeededEntropySource";
  }
}
