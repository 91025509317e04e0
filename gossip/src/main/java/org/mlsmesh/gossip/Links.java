package org.mlsmesh.gossip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The active view: one {@link Link} per linked peer, in the order they were linked. {@link
 * Membership} adds and removes links; the other parts of the engine only read them.
 */
final class Links {
  private final LinkedHashMap<PeerId, Link> byPeer = new LinkedHashMap<>();

  Link get(PeerId peer) {
    return byPeer.get(peer);
  }

  boolean contains(PeerId peer) {
    return byPeer.containsKey(peer);
  }

  int size() {
    return byPeer.size();
  }

  boolean isEmpty() {
    return byPeer.isEmpty();
  }

  Set<PeerId> ids() {
    return byPeer.keySet();
  }

  Collection<Link> all() {
    return byPeer.values();
  }

  /** The linked peers, in link order (a copy). */
  List<Peer> peers() {
    List<Peer> peers = new ArrayList<>(byPeer.size());
    for (Link link : byPeer.values()) {
      peers.add(link.peer);
    }
    return peers;
  }

  void put(Link link) {
    byPeer.put(link.peer.id(), link);
  }

  void remove(PeerId peer) {
    byPeer.remove(peer);
  }
}
