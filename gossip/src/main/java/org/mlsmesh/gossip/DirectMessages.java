package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.random.RandomGenerator;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.wire.Direct;

/**
 * Direct messages to one peer (Welcomes, KeyPackage fetches): over the link when there is one, else
 * broadcast on the reserved {@link GossipEngine#DIRECT_TOPIC}, where only the destination reads
 * them.
 */
final class DirectMessages {
  private final Peer self;
  private final GossipConfig config;
  private final RandomGenerator random;
  private final Links active;
  private final Outbox out;
  private final Broadcast broadcast;

  DirectMessages(
      Peer self,
      GossipConfig config,
      RandomGenerator random,
      Links active,
      Outbox out,
      Broadcast broadcast) {
    this.self = self;
    this.config = config;
    this.random = random;
    this.active = active;
    this.out = out;
    this.broadcast = broadcast;
  }

  void send(PeerId to, ByteString payload, long now) {
    if (payload.size() > config.maxPayloadBytes() - 2 * PeerId.LENGTH - 16) {
      throw new IllegalArgumentException("direct payload too large: " + payload.size());
    }
    Direct direct = Frames.direct(to, self.id(), payload, random.nextLong());
    Link link = active.get(to);
    if (link != null) {
      out.send(link, Frames.directFrame(direct), now);
    } else {
      broadcast.broadcastNew(GossipEngine.DIRECT_TOPIC, direct.toByteString(), now);
    }
  }

  /** A direct message over a link: its source is the authenticated peer at the other end. */
  void onDirect(PeerId from, Direct direct) {
    if (direct.getDestination().equals(self.id().toByteString())) {
      out.add(new Effect.DeliverDirect(from, direct.getPayload()));
    }
  }

  /** A new message on the reserved topic: delivered when this node is its destination. */
  void fromOverlay(ByteString payload) {
    try {
      Direct direct = Direct.parseFrom(payload);
      if (direct.getDestination().equals(self.id().toByteString())
          && direct.getSource().size() == PeerId.LENGTH) {
        out.add(
            new Effect.DeliverDirect(PeerId.fromBytes(direct.getSource()), direct.getPayload()));
      }
    } catch (InvalidProtocolBufferException e) {
      // Not ours to judge: relayed as is, only its destination reads it.
    }
  }
}
