package org.mlsmesh.protocol.schedule;

/**
 * Limits of a {@link SecretTree}'s sender ratchets for out-of-order delivery (RFC 9420 §9.2 lets
 * members keep unconsumed keys "for some reasonable amount of time").
 *
 * @param outOfOrderTolerance how far below the newest generation used a generation may still be
 *     decrypted: the keys of skipped generations within this distance are kept (at most this many
 *     per ratchet) and destroyed once they fall out of it. 0 keeps no skipped keys.
 * @param maximumForwardDistance how far past the ratchet's head a requested generation may lie;
 *     bounds the work a single message can cause.
 */
public record SecretTreeConfig(int outOfOrderTolerance, int maximumForwardDistance) {
  /**
   * 32 generations back, 1000 forward. Gossip reorders more than a central delivery service, so the
   * window is wider than the 5 some implementations use; it holds at most 32 keys and nonces (under
   * 2 KiB) per sender and ratchet, and only keys of messages not yet received.
   */
  public static final SecretTreeConfig DEFAULT = new SecretTreeConfig(32, 1000);

  public SecretTreeConfig {
    if (outOfOrderTolerance < 0) {
      throw new IllegalArgumentException("negative outOfOrderTolerance: " + outOfOrderTolerance);
    }
    if (maximumForwardDistance < 0) {
      throw new IllegalArgumentException(
          "negative maximumForwardDistance: " + maximumForwardDistance);
    }
  }
}
