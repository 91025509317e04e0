package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Objects;
import org.mlsmesh.gossip.wire.Envelope;

/** What drives a {@link GossipEngine}: frames from peers, timers, and the application's calls. */
public sealed interface Input {
  /** Bootstraps: joins through the configured seeds and starts the heartbeat. Sent once. */
  record Start() implements Input {}

  /** A frame read from an authenticated link to {@code from}, not yet parsed. */
  record FrameReceived(PeerId from, ByteString frame) implements Input {
    public FrameReceived {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(frame, "frame");
    }
  }

  /**
   * A frame that the shell has already decoded (the simulator hands envelopes over as objects, and
   * a shell may decode on its I/O threads). Checked like {@link FrameReceived}, minus the parsing.
   */
  record EnvelopeReceived(PeerId from, Envelope envelope) implements Input {
    public EnvelopeReceived {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(envelope, "envelope");
    }
  }

  record TimerFired(TimerKey key) implements Input {
    public TimerFired {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Broadcasts {@code payload} on {@code topic}. */
  record Publish(String topic, ByteString payload) implements Input {
    public Publish {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(payload, "payload");
    }
  }

  record Subscribe(String topic) implements Input {
    public Subscribe {
      Objects.requireNonNull(topic, "topic");
    }
  }

  record Unsubscribe(String topic) implements Input {
    public Unsubscribe {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * Makes {@code topic} a group's topic, carried only among {@code members} (the group's roster:
   * each member's peer id and address; this node is added if absent), never over the global
   * overlay. Sent again with the new roster when it changes; {@link Unsubscribe} forgets it.
   */
  record SetGroup(String topic, List<Peer> members) implements Input {
    public SetGroup {
      Objects.requireNonNull(topic, "topic");
      members = List.copyOf(members);
    }
  }

  /** Sends {@code payload} to one peer, over the overlay when there is no direct link. */
  record SendDirect(PeerId to, ByteString payload) implements Input {
    public SendDirect {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** The transport authenticated a link to {@code peer}. */
  record LinkUp(PeerId peer) implements Input {
    public LinkUp {
      Objects.requireNonNull(peer, "peer");
    }
  }

  /** The transport lost (or could not open) its link to {@code peer}. */
  record LinkDown(PeerId peer) implements Input {
    public LinkDown {
      Objects.requireNonNull(peer, "peer");
    }
  }
}
