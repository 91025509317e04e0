package org.mlsmesh.gossip;

import java.util.LinkedHashMap;

/** An active peer: the link's liveness and the announcements queued for it. */
final class Link {
  Peer peer;
  long lastHeard;
  long lastSent = Long.MIN_VALUE / 2; // never: due for a ping

  /** Lazy announcements (IHAVE) waiting for the next flush, per topic; null when none. */
  LinkedHashMap<String, Announcements> lazy;

  Link(Peer peer, long nowMillis) {
    this.peer = peer;
    this.lastHeard = nowMillis;
  }
}
