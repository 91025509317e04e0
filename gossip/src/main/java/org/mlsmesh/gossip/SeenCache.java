package org.mlsmesh.gossip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of messages already processed, each kept for a time-to-live and at most {@code
 * maxEntries} of them (the oldest go first). Insertion order equals expiry order because every
 * entry gets the same TTL from a non-decreasing clock.
 */
public final class SeenCache {
  private final long ttlMillis;
  private final int maxEntries;
  private final LinkedHashMap<MessageId, Long> expiries = new LinkedHashMap<>();

  public SeenCache(long ttlMillis, int maxEntries) {
    if (ttlMillis <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("ttl and size must be positive");
    }
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
  }

  /** Records {@code id} as seen; returns false when it was already there. */
  public boolean add(MessageId id, long nowMillis) {
    if (expiries.containsKey(id)) {
      return false;
    }
    expiries.put(id, nowMillis + ttlMillis);
    if (expiries.size() > maxEntries) {
      Iterator<MessageId> oldest = expiries.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  public boolean contains(MessageId id) {
    return expiries.containsKey(id);
  }

  /** Forgets the ids whose time-to-live has passed. */
  public void expire(long nowMillis) {
    Iterator<Map.Entry<MessageId, Long>> it = expiries.entrySet().iterator();
    while (it.hasNext() && it.next().getValue() <= nowMillis) {
      it.remove();
    }
  }

  public int size() {
    return expiries.size();
  }
}
