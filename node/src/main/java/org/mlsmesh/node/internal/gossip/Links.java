package org.mlsmesh.node.internal.gossip;

import com.google.protobuf.ByteString;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.RootSignatures;

/** What the {@link GossipActor} needs of a transport: the engine's link effects. */
interface Links extends AutoCloseable {
  /** This node, with the address it listens on. */
  Peer self();

  /** Signatures with this node's key over its root terms (see {@link RootSignatures}). */
  RootSignatures rootSignatures();

  void send(Peer to, ByteString frame);

  void dial(String address, ByteString frame);

  void disconnect(PeerId peer);

  /** Reads nothing from {@code peer} for {@code millis}: the engine's {@code Throttle}. */
  void throttle(PeerId peer, long millis);

  /** The engine processed a frame of {@code peer} that this transport handed on. */
  void processed(PeerId peer);

  /** Connections refused before they became links: a failed TLS handshake or an unexpected key. */
  long refusedHandshakes();

  @Override
  void close();
}
