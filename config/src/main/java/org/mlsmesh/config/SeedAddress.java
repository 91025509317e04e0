package org.mlsmesh.config;

import java.util.regex.Pattern;

/**
 * A seed of {@code mlsmesh.gossip.seeds}: {@code host:port}, or {@code PEERIDHEX@host:port} to pin
 * the peer id (64 hex digits, the SHA-256 of the peer's public key).
 */
final class SeedAddress {
  private static final String KEY = "mlsmesh.gossip.seeds";
  private static final Pattern PEER_ID = Pattern.compile("[0-9A-Fa-f]{64}");

  private SeedAddress() {}

  static void check(String seed) {
    String hostPort = seed;
    int at = seed.indexOf('@');
    if (at >= 0) {
      if (!PEER_ID.matcher(seed.substring(0, at)).matches()) {
        throw bad(seed, "the peer id before '@' must be 64 hex digits");
      }
      hostPort = seed.substring(at + 1);
    }
    int colon = hostPort.lastIndexOf(':');
    if (hostPort.isBlank() || colon <= 0) {
      throw bad(seed, "must be host:port or PEERIDHEX@host:port");
    }
    if (!hostPort.substring(colon + 1).matches("[0-9]+")) {
      throw bad(seed, "the port after the last ':' must be a number");
    }
  }

  private static ConfigException bad(String seed, String reason) {
    return new ConfigException(KEY, reason + ", got " + Quoted.of(seed));
  }
}
