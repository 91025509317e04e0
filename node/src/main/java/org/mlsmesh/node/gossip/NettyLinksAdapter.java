package org.mlsmesh.node.gossip;

import com.google.protobuf.ByteString;
import javax.net.ssl.SSLException;
import org.apache.pekko.actor.typed.ActorRef;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.netty.NettyLinks;
import org.mlsmesh.gossip.netty.NodeIdentity;

/** {@link Links} over the Netty TLS transport; what a link hears becomes a message to the actor. */
final class NettyLinksAdapter implements Links {
  private final NettyLinks links;

  private NettyLinksAdapter(NettyLinks links) {
    this.links = links;
  }

  static NettyLinksAdapter start(
      NodeIdentity identity,
      String host,
      int port,
      GossipConfig config,
      ActorRef<GossipActor.Command> actor)
      throws SSLException, InterruptedException {
    NettyLinks.Listener listener =
        new NettyLinks.Listener() {
          @Override
          public void linkUp(PeerId peer) {
            actor.tell(new GossipActor.LinkUp(peer));
          }

          @Override
          public void linkDown(PeerId peer) {
            actor.tell(new GossipActor.LinkDown(peer));
          }

          @Override
          public void frame(PeerId from, ByteString frame) {
            actor.tell(new GossipActor.FrameIn(from, frame));
          }

          @Override
          public void oversizedFrame(PeerId from) {
            actor.tell(new GossipActor.FrameIn(from, GossipActor.OVERSIZED_MARKER));
          }
        };
    return new NettyLinksAdapter(
        NettyLinks.start(
            identity,
            host,
            port,
            config.maxFrameBytes(),
            config.idleTimeout().toMillis(),
            listener));
  }

  @Override
  public Peer self() {
    return links.self();
  }

  @Override
  public void send(Peer to, ByteString frame) {
    links.send(to, frame);
  }

  @Override
  public void dial(String address, ByteString frame) {
    links.dial(address, frame);
  }

  @Override
  public void disconnect(PeerId peer) {
    links.disconnect(peer);
  }

  @Override
  public void throttle(PeerId peer, long millis) {
    links.throttle(peer, millis);
  }

  @Override
  public long refusedHandshakes() {
    return links.refusedHandshakes();
  }

  @Override
  public void close() {
    links.close();
  }
}
