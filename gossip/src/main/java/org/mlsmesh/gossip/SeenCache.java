package org.mlsmesh.gossip;

import java.util.Arrays;
import java.util.LinkedHashSet;

/**
 * The ids of messages already processed, each kept for a time-to-live and at most {@code
 * maxEntries} of them (the oldest go first). Insertion order equals expiry order because every
 * entry gets the same TTL from a non-decreasing clock, so the ids wait in a ring in that order.
 */
public final class SeenCache {
  private final long ttlMillis;
  private final int maxEntries;
  private final LinkedHashSet<MessageId> ids = new LinkedHashSet<>();
  // A ring of (id, expiry) in insertion order, from head, of ids.size() entries.
  private MessageId[] ring = new MessageId[16];
  private long[] expiries = new long[16];
  private int head;

  public SeenCache(long ttlMillis, int maxEntries) {
    if (ttlMillis <= 0 || maxEntries <= 0) {
      throw new IllegalArgumentException("ttl and size must be positive");
    }
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
  }

  /** Records {@code id} as seen; returns false when it was already there. */
  public boolean add(MessageId id, long nowMillis) {
    if (!ids.add(id)) {
      return false;
    }
    int size = ids.size();
    if (size > ring.length) {
      grow();
    }
    int tail = (head + size - 1) % ring.length;
    ring[tail] = id;
    expiries[tail] = nowMillis + ttlMillis;
    if (size > maxEntries) {
      removeOldest();
    }
    return true;
  }

  private void grow() {
    int n = ring.length;
    MessageId[] r = new MessageId[n * 2];
    long[] e = new long[n * 2];
    for (int i = 0; i < n; i++) {
      r[i] = ring[(head + i) % n];
      e[i] = expiries[(head + i) % n];
    }
    ring = r;
    expiries = e;
    head = 0;
  }

  private void removeOldest() {
    ids.remove(ring[head]);
    ring[head] = null;
    head = (head + 1) % ring.length;
  }

  public boolean contains(MessageId id) {
    return ids.contains(id);
  }

  /** Forgets the ids whose time-to-live has passed. */
  public void expire(long nowMillis) {
    while (!ids.isEmpty() && expiries[head] <= nowMillis) {
      removeOldest();
    }
    if (ids.isEmpty()) {
      Arrays.fill(ring, null);
      head = 0;
    }
  }

  public int size() {
    return ids.size();
  }
}
