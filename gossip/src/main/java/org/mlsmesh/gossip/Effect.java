package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.util.Objects;
import org.mlsmesh.gossip.wire.Envelope;

/** What a {@link GossipEngine} asks its shell to do. */
public sealed interface Effect {
  /**
   * Sends an {@code Envelope} to a peer, over the existing link or a new one to its address. The
   * envelope is immutable and may be shared by several effects; {@link #frame()} encodes it.
   */
  record Send(Peer to, Envelope envelope) implements Effect {
    public Send {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(envelope, "envelope");
    }

    /** Tells payload from control traffic without encoding. */
    public Envelope.BodyCase kind() {
      return envelope.getBodyCase();
    }

    /** The encoded frame. */
    public ByteString frame() {
      return envelope.toByteString();
    }
  }

  /** Connects to an address whose peer id is not known yet (a seed) and sends an envelope. */
  record Dial(String address, Envelope envelope) implements Effect {
    public Dial {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(envelope, "envelope");
    }

    /** The encoded frame. */
    public ByteString frame() {
      return envelope.toByteString();
    }
  }

  /** Closes the link to a peer (dropped from the active view, or banned). */
  record Disconnect(PeerId peer) implements Effect {
    public Disconnect {
      Objects.requireNonNull(peer, "peer");
    }
  }

  /**
   * Fires {@link Input.TimerFired} with {@code key} at {@code atMillis}, replacing the pending one.
   */
  record SetTimer(TimerKey key, long atMillis) implements Effect {
    public SetTimer {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * A new, accepted message on a subscribed topic, received from {@code from} after {@code hops}
   * links.
   */
  record Deliver(String topic, MessageId id, ByteString payload, PeerId from, int hops)
      implements Effect {
    public Deliver {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(from, "from");
    }
  }

  /**
   * A direct message for this node. {@code source} is authenticated when it came over a direct
   * link; over the overlay it is the sender's claim, which the payload itself must authenticate.
   */
  record DeliverDirect(PeerId source, ByteString payload) implements Effect {
    public DeliverDirect {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** A peer crossed the ban threshold and is disconnected and ignored until its ban expires. */
  record PeerBanned(PeerId peer, String lastReason, long untilMillis) implements Effect {
    public PeerBanned {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(lastReason, "lastReason");
    }
  }

  /**
   * {@code peer} sent more bytes than its budget: read nothing more from it until {@code
   * untilMillis} (its frames wait in the network, which slows it down). Frames that still come
   * while its debt is at the limit are dropped and penalized.
   */
  record Throttle(PeerId peer, long untilMillis) implements Effect {
    public Throttle {
      Objects.requireNonNull(peer, "peer");
    }
  }
}
