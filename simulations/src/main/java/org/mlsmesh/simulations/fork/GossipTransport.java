package org.mlsmesh.simulations.fork;

import com.google.protobuf.ByteString;
import com.typesafe.config.ConfigFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.gossip.Effect;
import org.mlsmesh.gossip.GossipEngine;
import org.mlsmesh.gossip.Input;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.TimerKey;
import org.mlsmesh.gossip.Validator;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.simulations.EventQueue;
import org.mlsmesh.simulations.SimNetwork;

/**
 * The fork simulation's members over real {@link GossipEngine}s: every client (initial members and
 * future joiners) runs an engine subscribed to the group topic; the engines' frames travel through
 * the {@link SimNetwork} (latency, loss, duplication, partitions) and their timers through the
 * agenda. Loss and partitions are repaired by the engines themselves (Plumtree lazy push and
 * anti-entropy), not by the simulator.
 *
 * <p>Each payload carries a small simulation header in front of the MLS bytes: the {@link
 * MemberLink.Kind}, the sending member, the destination member (-1: everyone) and a sequence
 * number, so that two publications of the same bytes are two gossip messages (the engine names a
 * message by the hash of its payload). Group messages and Welcomes are published on the topic
 * (Welcomes addressed to their joiner, so that gossip repairs them); beacons, pulls and GroupInfo
 * go as engine direct messages, unrepaired like the datagrams they stand for.
 */
final class GossipTransport {
  static final String TOPIC = "mlsmesh/fork-sim";
  private static final int HEADER = 1 + 4 + 4 + 4;
  private static final long ANTI_ENTROPY_DELAY_MILLIS = 1_000;

  /** One envelope on its way from one engine to another. */
  record FrameEvent(int to, int from, Envelope envelope) {}

  /** An engine timer. */
  record TimerEvent(int node, TimerKey key) {}

  /** A message the engine delivered before its member had joined, handed over after the join. */
  record Replay(int to, Frame frame) {}

  /** A decoded delivery. */
  record Frame(MemberLink.Kind kind, int from, int to, int seq, Bytes payload) {}

  private final MemberLink link;
  private final SimNetwork network;
  private final EventQueue<Object> agenda;
  private final List<SimMember> members;
  private final int initialMembers;
  private final List<GossipEngine> engines = new ArrayList<>();
  private final Map<PeerId, Integer> indexOf = new HashMap<>();
  private final List<Long> publishedAt = new ArrayList<>();
  private final Map<Integer, CommitId> welcomeOf = new HashMap<>();
  private final Map<CommitId, Long> commitPublishedAt = new HashMap<>();
  private final Map<Integer, List<Frame>> beforeJoin = new HashMap<>();
  private final ForkTruth truth;

  GossipTransport(
      MemberLink link,
      long seed,
      long repairIntervalMillis,
      SimNetwork network,
      EventQueue<Object> agenda,
      List<SimMember> members,
      int initialMembers) {
    this.link = link;
    this.network = network;
    this.agenda = agenda;
    this.members = members;
    this.initialMembers = initialMembers;
    this.truth = link.truth();
    SplittableRandom seeds = new SplittableRandom(seed ^ 0x676f73736970L);
    GossipConfig base = repairConfig(repairIntervalMillis);
    for (int i = 0; i < members.size(); i++) {
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
              Validator.ACCEPT_ALL));
      indexOf.put(self.id(), i);
    }
  }

  /** Starts every engine and subscribes it to the group topic, at virtual time 0. */
  void start() {
    for (int i = 0; i < engines.size(); i++) {
      input(i, new Input.Start());
      input(i, new Input.Subscribe(TOPIC));
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

  // --- From the members ---

  void publish(SimMember from, MemberLink.Kind kind, Bytes wire) {
    truth.bytesPublished += wire.length();
    if (kind == MemberLink.Kind.COMMIT) {
      commitPublishedAt.put(from.adapter.commitId(wire), link.now());
    }
    if (Boolean.getBoolean("fork.debug")
        && from.index == 4
        && kind == MemberLink.Kind.APPLICATION) {
      GossipEngine e = engines.get(4);
      System.err.println(
          "PUB t="
              + link.now()
              + " seq "
              + publishedAt.size()
              + " active "
              + e.activeView().size()
              + " eager "
              + e.eagerPeers(TOPIC).size()
              + " passive "
              + e.passiveView().size());
    }
    input(from.index, new Input.Publish(TOPIC, encode(kind, from.index, -1, wire)));
  }

  void direct(SimMember from, int to, MemberLink.Kind kind, Bytes payload, boolean reliable) {
    truth.bytesPublished += payload.length();
    ByteString framed = encode(kind, from.index, to, payload);
    if (reliable) {
      input(from.index, new Input.Publish(TOPIC, framed));
    } else {
      input(from.index, new Input.SendDirect(engines.get(to).self().id(), framed));
    }
  }

  void welcome(SimMember from, CommitId commit, int joiner, Bytes welcome) {
    welcomeOf.put(publishedAt.size(), commit);
    direct(from, joiner, MemberLink.Kind.WELCOME, welcome, true);
  }

  private ByteString encode(MemberLink.Kind kind, int from, int to, Bytes payload) {
    int seq = publishedAt.size();
    publishedAt.add(link.now());
    ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length());
    b.put((byte) kind.ordinal()).putInt(from).putInt(to).putInt(seq);
    payload.copyTo(b.array(), HEADER);
    return ByteString.copyFrom(b.array());
  }

  private static Frame decode(ByteString bytes) {
    ByteBuffer b = bytes.asReadOnlyByteBuffer();
    MemberLink.Kind kind = MemberLink.Kind.values()[b.get()];
    int from = b.getInt();
    int to = b.getInt();
    int seq = b.getInt();
    byte[] rest = new byte[b.remaining()];
    b.get(rest);
    return new Frame(kind, from, to, seq, Bytes.wrap(rest));
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
    } else if (event instanceof Replay r) {
      link.trace(7, r.to(), r.frame().seq());
      arrive(r.to(), r.frame());
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
      received(node, decode(d.payload()));
    } else if (effect instanceof Effect.DeliverDirect d) {
      received(node, decode(d.payload()));
    }
    // Disconnect and PeerBanned need nothing here: links are implicit in the simulation.
  }

  private void transmit(int from, int to, Envelope envelope) {
    for (long delay : network.transmit(from, to)) {
      truth.bytesTransmitted += envelope.getSerializedSize();
      agenda.schedule(link.now() + delay, new FrameEvent(to, from, envelope));
    }
  }

  private void received(int node, Frame f) {
    if (f.to() != -1 && f.to() != node) {
      return;
    }
    link.trace(8, node, f.seq());
    if (Boolean.getBoolean("fork.debug")
        && f.kind() == MemberLink.Kind.APPLICATION
        && f.from() == 4) {
      System.err.println(
          "DBG t="
              + link.now()
              + " node "
              + node
              + " seq "
              + f.seq()
              + " pub "
              + publishedAt.get(f.seq())
              + " active "
              + members.get(node).active());
    }
    SimMember to = members.get(node);
    if (f.kind() != MemberLink.Kind.WELCOME && !to.active()) {
      if (node >= initialMembers && to.joinedAt < 0) {
        beforeJoin.computeIfAbsent(node, k -> new ArrayList<>()).add(f);
      }
      return;
    }
    arrive(node, f);
  }

  private void arrive(int node, Frame f) {
    SimMember to = members.get(node);
    if (f.kind() == MemberLink.Kind.WELCOME) {
      CommitId commit = welcomeOf.get(f.seq());
      if (commit == null) {
        throw new IllegalStateException("a Welcome frame without its Commit: " + f.seq());
      }
      to.onWelcome(commit, f.payload());
      if (to.active() && to.joinedAt == link.now()) {
        catchUp(to, commit);
      }
    } else if (to.active()) {
      to.onFrame(f.kind(), f.from(), f.payload(), publishedAt.get(f.seq()));
    }
  }

  /** A new member gets what its engine received since the Commit that added it. */
  private void catchUp(SimMember joiner, CommitId commit) {
    long since = commitPublishedAt.getOrDefault(commit, link.now());
    for (Frame f : beforeJoin.getOrDefault(joiner.index, List.of())) {
      if (f.to() == -1 && publishedAt.get(f.seq()) >= since) {
        agenda.schedule(link.now(), new Replay(joiner.index, f));
      }
    }
    beforeJoin.remove(joiner.index);
  }
}
