package org.mlsmesh.node.internal.gossip;

import com.google.protobuf.ByteString;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.apache.pekko.actor.typed.ActorRef;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.RootSignatures;
import org.mlsmesh.gossip.netty.FrameBacklog;
import org.mlsmesh.gossip.netty.NettyLinks;
import org.mlsmesh.gossip.netty.NodeIdentity;

/** {@link Links} over the Netty TLS transport; what a link hears becomes a message to the actor. */
final class NettyLinksAdapter implements Links {
  private final NettyLinks links;
  private final FrameBacklog backlog;
  private final RootSignatures signatures;

  private NettyLinksAdapter(NettyLinks links, FrameBacklog backlog, RootSignatures signatures) {
    this.links = links;
    this.backlog = backlog;
    this.signatures = signatures;
  }

  static NettyLinksAdapter start(
      NodeIdentity identity,
      String host,
      int port,
      GossipConfig config,
      ActorRef<GossipActor.Command> actor)
      throws SSLException, InterruptedException {
    AtomicReference<NettyLinks> started = new AtomicReference<>();
    FrameBacklog backlog =
        new FrameBacklog((peer, waiting) -> started.get().backlog(peer, waiting));
    NettyLinks.Listener listener =
        new NettyLinks.Listener() {
          @Override
          public void linkUp(PeerId peer) {
            actor.tell(new GossipActor.LinkUp(peer));
          }

          @Override
          public void linkDown(PeerId peer) {
            backlog.forget(peer);
            actor.tell(new GossipActor.LinkDown(peer));
          }

          @Override
          public void frame(PeerId from, ByteString frame) {
            backlog.queued(from);
            actor.tell(new GossipActor.FrameIn(from, frame));
          }

          @Override
          public void oversizedFrame(PeerId from) {
            backlog.queued(from);
            actor.tell(new GossipActor.FrameIn(from, GossipActor.OVERSIZED_MARKER));
          }
        };
    started.set(
        NettyLinks.start(
            identity,
            host,
            port,
            config.maxFrameBytes(),
            config.idleTimeout().toMillis(),
            listener));
    return new NettyLinksAdapter(started.get(), backlog, identity.rootSignatures());
  }

  @Override
  public Peer self() {
    return links.self();
  }

  @Override
  public RootSignatures rootSignatures() {
    return signatures;
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
  public void processed(PeerId peer) {
    backlog.processed(peer);
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
