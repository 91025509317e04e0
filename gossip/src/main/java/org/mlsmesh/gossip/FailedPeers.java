package org.mlsmesh.gossip;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Peers given up on, oldest first and at most {@code max} of them: partners for anti-entropy (which
 * heals partitions) and, when the link to one was lost to a failure, probed for reconnection with
 * exponential backoff. Forgotten after the retention.
 */
final class FailedPeers {
  /** One failed peer. {@code linkLost}: an active link to it was lost (not only a request). */
  static final class Entry {
    final Peer peer;
    final long failedAt;
    boolean linkLost;
    long backoff;
    long nextProbeAt;

    Entry(Peer peer, long failedAt) {
      this.peer = peer;
      this.failedAt = failedAt;
    }
  }

  /** Tells banned peers, which are never probed. */
  interface Banned {
    boolean test(PeerId peer);
  }

  private final int max;
  private final long backoffMillis;
  private final long backoffMaxMillis;
  private final long retentionMillis;
  private final LinkedHashMap<PeerId, Entry> byPeer = new LinkedHashMap<>();

  FailedPeers(int max, long backoffMillis, long backoffMaxMillis, long retentionMillis) {
    this.max = max;
    this.backoffMillis = backoffMillis;
    this.backoffMaxMillis = backoffMaxMillis;
    this.retentionMillis = retentionMillis;
  }

  Entry get(PeerId peer) {
    return byPeer.get(peer);
  }

  Entry remove(PeerId peer) {
    return byPeer.remove(peer);
  }

  int size() {
    return byPeer.size();
  }

  boolean isEmpty() {
    return byPeer.isEmpty();
  }

  /**
   * Records a failed peer, or another failed attempt to reach one (which doubles the wait before
   * the next probe, up to the maximum).
   */
  void remember(Peer peer, boolean linkLost, long now) {
    if (peer.address().isEmpty()) {
      return;
    }
    Entry f = byPeer.get(peer.id());
    if (f == null) {
      f = new Entry(peer, now);
      f.backoff = backoffMillis;
      byPeer.put(peer.id(), f);
      if (byPeer.size() > max) {
        Iterator<PeerId> oldest = byPeer.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
    } else {
      f.backoff = Math.min(2 * f.backoff, backoffMaxMillis);
    }
    f.nextProbeAt = now + f.backoff;
    f.linkLost |= linkLost;
  }

  /** The peer whose lost link is most overdue for a probe, or null when none is due. */
  Peer dueForProbe(long now, Banned banned) {
    Entry due = null;
    for (Entry f : byPeer.values()) {
      if (f.linkLost
          && f.nextProbeAt <= now
          && (due == null || f.nextProbeAt < due.nextProbeAt)
          && !banned.test(f.peer.id())) {
        due = f;
      }
    }
    return due == null ? null : due.peer;
  }

  /** The failed peers, oldest first (a copy). */
  List<Peer> peers() {
    List<Peer> peers = new ArrayList<>(byPeer.size());
    for (Entry f : byPeer.values()) {
      peers.add(f.peer);
    }
    return peers;
  }

  /** The {@code index}-th failed peer, oldest first. */
  Peer nth(int index) {
    Iterator<Entry> it = byPeer.values().iterator();
    for (int i = 0; i < index; i++) {
      it.next();
    }
    return it.next().peer;
  }

  /** Forgets the peers that failed longer than the retention ago. */
  void expire(long now) {
    Iterator<Entry> f = byPeer.values().iterator();
    while (f.hasNext()) {
      if (now - f.next().failedAt <= retentionMillis) {
        break;
      }
      f.remove();
    }
  }
}
