package org.mlsmesh.node.internal.directory;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mlsmesh.config.NodeConfig;

/**
 * Shares of the directory, so that one owner or one peer cannot fill it or keep it busy: a token
 * bucket of messages per signing owner (announcements and tombstones: a burst of four times {@code
 * max-per-identity}, then one a second) and per sending peer (a burst of 1,000, then 100 a second;
 * a relay forwards everyone's). Bounded: the least recently seen are forgotten past {@link
 * #MAX_TRACKED}. Time is a parameter.
 */
final class DirectoryLimits {
  static final int MAX_TRACKED = 10_000;
  static final int SIGNER_PER_SECOND = 1;
  static final int PEER_BURST = 1_000;
  static final int PEER_PER_SECOND = 100;

  private final Buckets signers;
  private final Buckets peers;

  DirectoryLimits(NodeConfig.Directory config) {
    this.signers = new Buckets(4L * config.maxPerIdentity(), SIGNER_PER_SECOND);
    this.peers = new Buckets(PEER_BURST, PEER_PER_SECOND);
  }

  /** One message signed by the owner {@code identity}. */
  void admitSigner(Object identity, long nowMillis) throws DirectoryException {
    if (!signers.take(identity, nowMillis)) {
      throw new DirectoryException(
          DirectoryCode.SIGNER_RATE_LIMITED, "the owner is over its share of the directory");
    }
  }

  /** One message from the peer {@code peer}. */
  void admitPeer(Object peer, long nowMillis) throws DirectoryException {
    if (!peers.take(peer, nowMillis)) {
      throw new DirectoryException(
          DirectoryCode.PEER_RATE_LIMITED, "the peer is over its share of the directory");
    }
  }

  private static final class Buckets {
    private final long burst;
    private final long perSecond;
    private final LinkedHashMap<Object, long[]> tokens =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Object, long[]> eldest) {
            return size() > MAX_TRACKED;
          }
        };

    Buckets(long burst, long perSecond) {
      this.burst = burst;
      this.perSecond = perSecond;
    }

    /** Takes one token (kept in thousandths): {tokens, refilled at}. */
    boolean take(Object key, long nowMillis) {
      long[] b = tokens.computeIfAbsent(key, k -> new long[] {burst * 1000, nowMillis});
      long elapsed = Math.max(0, nowMillis - b[1]);
      b[0] = Math.min(burst * 1000, b[0] + elapsed * perSecond);
      b[1] = Math.max(b[1], nowMillis);
      if (b[0] < 1000) {
        return false;
      }
      b[0] -= 1000;
      return true;
    }
  }
}
