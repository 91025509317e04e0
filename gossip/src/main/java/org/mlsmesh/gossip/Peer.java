package org.mlsmesh.gossip;

import java.util.Objects;

/**
 * A peer and the address (host:port) it listens on. The address is empty when only an existing link
 * to the peer is known (a peer that connected to us and has not said where it listens).
 */
public record Peer(PeerId id, String address) {
  public Peer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
  }
}
