package org.mlsmesh.gossip;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.wire.Envelope;

/** One engine driven by hand: frames in from named peers, the frames it sends out inspected. */
final class SingleEngine {
  static final String TOPIC = "t";
  private static final GossipConfig CONFIG = Harness.config();

  private SingleEngine() {}

  /** An engine of {@code Harness.peer(0)}, not started, with nothing linked. */
  static GossipEngine bare() {
    return new GossipEngine(
        Harness.peer(0),
        CONFIG,
        new SplittableRandom(1),
        Validator.ACCEPT_ALL,
        RootSignatures.insecure(Harness.peer(0).id()));
  }

  /** An engine subscribed to {@link #TOPIC} with {@code peers} linked (high-priority NEIGHBOR). */
  static GossipEngine linkedTo(List<Peer> peers) {
    GossipEngine e = bare();
    e.onInput(new Input.Subscribe(TOPIC), 0);
    for (Peer p : peers) {
      e.onInput(new Input.EnvelopeReceived(p.id(), Frames.neighbor(p, true, false)), 0);
    }
    return e;
  }

  static List<Effect> receive(GossipEngine e, Peer from, Envelope envelope, long now) {
    return e.onInput(new Input.EnvelopeReceived(from.id(), envelope), now);
  }

  static List<Envelope> sentTo(List<Effect> effects, Peer peer, Envelope.BodyCase kind) {
    return effects.stream()
        .filter(x -> x instanceof Effect.Send)
        .map(x -> (Effect.Send) x)
        .filter(x -> x.to().id().equals(peer.id()) && x.kind() == kind)
        .map(Effect.Send::envelope)
        .collect(Collectors.toList());
  }
}
