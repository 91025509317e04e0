package org.mlsmesh.config;

/**
 * MLS settings a node applies to every group: the sender-ratchet tolerances of RFC 9420 §9.3 and
 * how many past epochs can still decrypt late messages (§14, §15.3).
 *
 * @param outOfOrderTolerance keys kept for skipped generations of one sender ratchet
 * @param maximumForwardDistance how far ahead of a ratchet a generation may be requested
 * @param pastEpochs past epochs whose secret trees are kept for late application messages
 */
public record ProtocolConfig(int outOfOrderTolerance, int maximumForwardDistance, int pastEpochs) {
  public ProtocolConfig {
    requireRange("out-of-order-tolerance", outOfOrderTolerance, 0, 10_000);
    requireRange("maximum-forward-distance", maximumForwardDistance, 1, 1_000_000);
    requireRange("past-epochs", pastEpochs, 0, 1_000);
  }

  private static void requireRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(
          "mlsmesh.protocol." + key, "must be between " + min + " and " + max + ", got " + value);
    }
  }
}
