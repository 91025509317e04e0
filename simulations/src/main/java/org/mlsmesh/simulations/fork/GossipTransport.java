package org.mlsmesh.simulations.fork;

import com.google.protobuf.ByteString;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.Effect;
import org.mlsmesh.gossip.GossipEngine;
import org.mlsmesh.gossip.Input;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.RootSignatures;
import org.mlsmesh.gossip.TimerKey;
import org.mlsmesh.gossip.Validator;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.simulations.EventQueue;
import org.mlsmesh.simulations.SimNetwork;

/**
 * The fork simulation's clients over real {@link GossipEngine}s: every client (initial members and
 * future joiners) runs an engine from the start; the engines' frames travel through the {@link
 * SimNetwork} (latency, loss, duplication, partitions) and their timers through the agenda. A
 * client subscribes to the group topic when it runs a group engine (it joined, or restarted), as a
 * node does, and its gossip engine hands it what the topic retained; loss and partitions are
 * repaired by the engines themselves (Plumtree lazy push and anti-entropy), not by the simulator.
 *
 * <p>The payloads are the group engine's frames, unchanged: {@code GroupWire} frames published on
 * the topic, and direct messages to a peer id (the client's identity), unrepaired like the
 * datagrams they stand for. Gossip names a message by the hash of its payload, so the same bytes
 * published twice (an unchanged beacon) are one message, as in the node.
 */
final class GossipTransport {
  private static final long ANTI_ENTROPY_DELAY_MILLIS = 1_000;

  /** One envelope on its way from one engine to another. */
  record FrameEvent(int to, int from, Envelope envelope) {}

  /** An engine timer. */
  record TimerEvent(int node, TimerKey key) {}

  /** A delivery to a client, handed over on the agenda; {@code from} null for the topic. */
  record Delivery(int to, Bytes from, Bytes payload) {}

  private final SimClient.Link link;
  private final SimNetwork network;
  private final EventQueue<Object> agenda;
  private final List<SimClient> clients;
  private final String topic;
  private final List<GossipEngine> engines = new ArrayList<>();
  private final Map<PeerId, Integer> indexOf = new HashMap<>();
  private final ForkTruth truth;

  GossipTransport(
      SimClient.Link link,
      long seed,
      long repairIntervalMillis,
      SimNetwork network,
      EventQueue<Object> agenda,
      List<SimClient> clients,
      String topic) {
    this.link = link;
    this.network = network;
    this.agenda = agenda;
    this.clients = clients;
    this.topic = topic;
    this.truth = link.truth();
    SplittableRandom seeds = new SplittableRandom(seed ^ 0x676f73736970L);
    GossipConfig base = repairConfig(repairIntervalMillis);
    for (int i = 0; i < clients.size(); i++) {
      List<String> contacts = new ArrayList<>();
      for (int s = 0; s < Math.min(3, i); s++) {
        contacts.add(address(seeds.nextInt(i)));
      }
      Peer self = peer(i);
      engines.add(
          new GossipEngine(
              self,
              base.withSeeds(contacts),
              new SplittableRandom(mix(seed, i)),
              Validator.ACCEPT_ALL,
              RootSignatures.insecure(self.id())));
      indexOf.put(self.id(), i);
    }
  }

  /** Starts every engine, at virtual time 0. */
  void start() {
    for (int i = 0; i < engines.size(); i++) {
      input(i, new Input.Start());
    }
  }

  /**
   * The default engine configuration, with anti-entropy (the repair of what eager and lazy push
   * lost) every {@code repairIntervalMillis}, comparing messages older than a second, and pulls of
   * announced messages after {@code repairIntervalMillis} (retried every half of it), so that the
   * scenario's repair interval means the same over both transports.
   */
  static GossipConfig repairConfig(long repairIntervalMillis) {
    return ConfigLoader.from(
            ConfigFactory.parseString(
                "mlsmesh.gossip { anti-entropy-interval = "
                    + repairIntervalMillis
                    + "ms, graft-timeout = "
                    + repairIntervalMillis
                    + "ms, anti-entropy-delay = "
                    + Math.max(ANTI_ENTROPY_DELAY_MILLIS, repairIntervalMillis)
                    + "ms }"))
        .gossip();
  }

  static Peer peer(int i) {
    return new Peer(
        PeerId.ofPublicKey(("fork-sim-" + i).getBytes(StandardCharsets.UTF_8)), address(i));
  }

  private static String address(int i) {
    return "sim:" + i;
  }

  private static long mix(long seed, long i) {
    long z = seed * 0x9E3779B97F4A7C15L + i;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  // --- From the clients ---

  void publish(int from, Bytes payload) {
    input(from, new Input.Publish(topic, ByteString.copyFrom(payload.toByteArray())));
  }

  void direct(int from, int to, Bytes payload) {
    input(
        from,
        new Input.SendDirect(
            engines.get(to).self().id(), ByteString.copyFrom(payload.toByteArray())));
  }

  /** The client runs a group engine: its gossip engine subscribes and hands it what it retained. */
  void subscribe(int client) {
    input(client, new Input.Subscribe(topic));
  }

  void unsubscribe(int client) {
    input(client, new Input.Unsubscribe(topic));
  }

  // --- Events ---

  /** Handles an event of this transport; false when the event is not one. */
  boolean handle(Object event) {
    if (event instanceof FrameEvent f) {
      Envelope env = f.envelope();
      link.trace(5, ((long) f.from() << 20) | f.to(), env.getBodyCase().getNumber());
      input(f.to(), new Input.EnvelopeReceived(engines.get(f.from()).self().id(), env));
    } else if (event instanceof TimerEvent t) {
      link.trace(6, t.node(), t.key().ordinal());
      input(t.node(), new Input.TimerFired(t.key()));
    } else if (event instanceof Delivery d) {
      link.trace(7, d.to(), d.payload().hashCode());
      SimClient to = clients.get(d.to());
      if (d.from() == null) {
        to.topicFrame(d.payload());
      } else {
        to.directFrame(d.from(), d.payload());
      }
    } else {
      return false;
    }
    return true;
  }

  private void input(int node, Input in) {
    for (Effect effect : engines.get(node).onInput(in, link.now())) {
      perform(node, effect);
    }
  }

  private void perform(int node, Effect effect) {
    if (effect instanceof Effect.Send send) {
      Integer to = indexOf.get(send.to().id());
      if (to != null) {
        transmit(node, to, send.envelope());
      }
    } else if (effect instanceof Effect.Dial dial) {
      transmit(node, Integer.parseInt(dial.address().substring(4)), dial.envelope());
    } else if (effect instanceof Effect.SetTimer timer) {
      agenda.schedule(Math.max(timer.atMillis(), link.now()), new TimerEvent(node, timer.key()));
    } else if (effect instanceof Effect.Deliver d) {
      if (d.topic().equals(topic)) {
        agenda.schedule(
            link.now(), new Delivery(node, null, Bytes.wrap(d.payload().toByteArray())));
      }
    } else if (effect instanceof Effect.DeliverDirect d) {
      agenda.schedule(
          link.now(),
          new Delivery(
              node, Bytes.wrap(d.source().toByteArray()), Bytes.wrap(d.payload().toByteArray())));
    }
    // Disconnect and PeerBanned need nothing here: links are implicit in the simulation.
  }

  private void transmit(int from, int to, Envelope envelope) {
    for (long delay : network.transmit(from, to, link.now())) {
      truth.bytesTransmitted += envelope.getSerializedSize();
      agenda.schedule(link.now() + delay, new FrameEvent(to, from, envelope));
    }
  }
}
