package org.mlsmesh.simulations;

import com.google.protobuf.ByteString;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.Effect;
import org.mlsmesh.gossip.GossipEngine;
import org.mlsmesh.gossip.Input;
import org.mlsmesh.gossip.MessageId;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.RootSignatures;
import org.mlsmesh.gossip.TimerKey;
import org.mlsmesh.gossip.Validator;
import org.mlsmesh.gossip.Verdict;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.Publish;

/**
 * Runs a {@link Scenario}: N gossip engines on one thread, connected by a {@link SimNetwork} and
 * driven by a {@link VirtualClock}. Every input to every engine is folded into a SHA-256 trace, so
 * two runs of one scenario can be compared byte for byte.
 */
public final class GossipSimulation {
  public static final String TOPIC = "group/simulated";
  static final ByteString INVALID_PREFIX = ByteString.copyFromUtf8("invalid");
  static final long ADVERSARY_PERIOD_MILLIS = 100;

  private enum Kind {
    START,
    FRAME,
    TIMER,
    PUBLISH,
    CRASH,
    PARTITION,
    HEAL,
    ADVERSARY
  }

  /** One event; a frame travels as an envelope object, or as raw bytes when it is garbage. */
  private record Event(
      Kind kind, int node, int from, Envelope envelope, ByteString raw, TimerKey key, int index) {}

  private final Scenario scenario;
  private final int n;
  private final SimNetwork network;
  private final VirtualClock<Event> clock = new VirtualClock<>();
  private final List<GossipEngine> engines = new ArrayList<>();
  private final Map<PeerId, Integer> indexOf = new HashMap<>();
  private final boolean[] adversary;
  private final Map<MessageId, Integer> messageIndex = new HashMap<>();
  private final long[] publishedAt;
  private final int[] publisher;
  private final int[][] deliveredAt;
  private final short[][] hops;
  private final long[] payloadFramesReceived;
  private final SimGroups groups;
  private final int[] messageGroup;
  private final MessageDigest trace;
  private final ByteBuffer traceRecord = ByteBuffer.allocate(40);
  private long controlBytes;
  private long bans;
  private long events;
  private int adversaryCounter;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final boolean DEBUG = Boolean.getBoolean("sim.debug");
  private final Map<Envelope.BodyCase, Long> sentByKind = new java.util.TreeMap<>();
  private final Map<String, Long> debugHist = new java.util.TreeMap<>();

  private GossipSimulation(Scenario scenario) {
    this.scenario = scenario;
    this.n = scenario.peers();
    this.network =
        new SimNetwork(
            n,
            scenario.seed(),
            scenario.minLatencyMillis(),
            scenario.maxLatencyMillis(),
            scenario.jitterMillis(),
            scenario.loss(),
            scenario.duplication());
    this.adversary = new boolean[n];
    for (int a = 0; a < scenario.adversaries(); a++) {
      adversary[n - 1 - a] = true;
    }
    this.publishedAt = new long[scenario.messages()];
    this.publisher = new int[scenario.messages()];
    Arrays.fill(publisher, -1);
    this.deliveredAt = new int[scenario.messages()][n];
    this.hops = new short[scenario.messages()][n];
    for (int[] row : deliveredAt) {
      Arrays.fill(row, -1);
    }
    this.payloadFramesReceived = new long[n];
    this.groups = SimGroups.of(scenario, mix(scenario.seed(), -1));
    this.messageGroup = new int[scenario.messages()];
    try {
      this.trace = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the scenario to its end and reports what it measured. */
  public static Report run(Scenario scenario) {
    return new GossipSimulation(scenario).execute();
  }

  static Peer peer(int i) {
    return new Peer(
        PeerId.ofPublicKey(("sim-key-" + i).getBytes(StandardCharsets.UTF_8)), "sim:" + i);
  }

  private static long mix(long seed, long i) {
    long z = seed * 0x9E3779B97F4A7C15L + i;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private Report execute() {
    long wallStart = System.nanoTime();
    long cpuStart = CPU.getCurrentThreadCpuTime();
    SplittableRandom rng = network.random();
    Validator honest =
        (topic, id, payload, from) ->
            payload.startsWith(INVALID_PREFIX) ? Verdict.REJECT : Verdict.ACCEPT;
    long joinSpread = Math.max(1, scenario.warmupMillis() / 2 / n);
    for (int i = 0; i < n; i++) {
      Peer self = peer(i);
      List<String> seeds = new ArrayList<>();
      for (int s = 0; s < Math.min(3, i); s++) {
        seeds.add("sim:" + rng.nextInt(i));
      }
      GossipConfig config = scenario.gossip().withSeeds(seeds);
      engines.add(
          new GossipEngine(
              self,
              config,
              new SplittableRandom(mix(scenario.seed(), i)),
              honest,
              RootSignatures.insecure(self.id())));
      indexOf.put(self.id(), i);
      clock.schedule(i * joinSpread, new Event(Kind.START, i, -1, null, null, null, 0));
    }
    for (int m = 0; m < scenario.messages(); m++) {
      clock.schedule(
          scenario.warmupMillis() + m * scenario.publishIntervalMillis(),
          new Event(Kind.PUBLISH, -1, -1, null, null, null, m));
    }
    if (scenario.crashFraction() > 0) {
      clock.schedule(scenario.crashAtMillis(), new Event(Kind.CRASH, -1, -1, null, null, null, 0));
    }
    if (scenario.hasPartition()) {
      clock.schedule(
          scenario.partitionAtMillis(), new Event(Kind.PARTITION, -1, -1, null, null, null, 0));
      clock.schedule(scenario.healAtMillis(), new Event(Kind.HEAL, -1, -1, null, null, null, 0));
    }
    for (int i = 0; i < n; i++) {
      if (adversary[i]) {
        clock.schedule(
            scenario.warmupMillis(), new Event(Kind.ADVERSARY, i, -1, null, null, null, 0));
      }
    }
    Event next;
    while ((next = clock.next()) != null) {
      if (clock.nowMillis() > scenario.durationMillis()) {
        break;
      }
      process(next);
    }
    if (DEBUG) {
      System.err.println("sent by kind " + sentByKind);
      System.err.println("hist " + debugHist);
      long failedTotal = 0;
      long pulled = 0;
      long announcedFirst = 0;
      long dups = 0;
      long deliveredTotal = 0;
      long grafted = 0;
      long ae = 0;
      long abandoned = 0;
      for (GossipEngine e : engines) {
        abandoned += e.counters().abandonedPulls;
        failedTotal += e.counters().peersFailed;
        pulled += e.counters().pulled;
        announcedFirst += e.counters().announcedFirst;
        dups += e.counters().duplicates;
        deliveredTotal += e.counters().delivered;
        grafted += e.counters().graftedIds;
        ae += e.counters().antiEntropyIds;
      }
      System.err.println(
          "grafted ids " + grafted + " anti-entropy ids " + ae + " abandoned pulls " + abandoned);
      System.err.println(
          "pulled "
              + pulled
              + " announced first "
              + announcedFirst
              + " duplicates "
              + dups
              + " delivered "
              + deliveredTotal);
      System.err.println("peers failed " + failedTotal);
    }
    if (DEBUG) {
      windows();
    }
    Report r = report(System.nanoTime() - wallStart, CPU.getCurrentThreadCpuTime() - cpuStart);
    if (DEBUG) {
      debugHist.forEach(
          (k, v) -> {
            if (k.startsWith("late") || k.startsWith("heal")) System.err.println(k + " x" + v);
          });
    }
    return r;
  }

  /** Debug: latency and hops per tenth of the messages, and the engines' tree counters. */
  private void windows() {
    int w = Math.max(1, scenario.messages() / 10);
    for (int from = 0; from < scenario.messages(); from += w) {
      List<Integer> lat = new ArrayList<>();
      List<Integer> hop = new ArrayList<>();
      for (int m = from; m < Math.min(scenario.messages(), from + w); m++) {
        for (int node = 0; node < n; node++) {
          if (publisher[m] >= 0 && node != publisher[m] && deliveredAt[m][node] >= 0) {
            lat.add((int) (deliveredAt[m][node] - publishedAt[m]));
            hop.add((int) hops[m][node]);
          }
        }
      }
      java.util.Collections.sort(lat);
      java.util.Collections.sort(hop);
      if (!lat.isEmpty()) {
        System.err.printf(
            "messages %d..: latency %d / %d hops %d / %d%n",
            from,
            lat.get(lat.size() / 2),
            lat.get((int) (0.99 * (lat.size() - 1))),
            hop.get(hop.size() / 2),
            hop.get((int) (0.99 * (hop.size() - 1))));
      }
    }
    long swaps = 0;
    int[] degrees = new int[8];
    for (int i = 0; i < n; i++) {
      swaps += engines.get(i).counters().treeOptimizations;
      degrees[Math.min(7, engines.get(i).eagerPeers(TOPIC).size())]++;
    }
    System.err.println("swaps " + swaps + " eager degrees " + Arrays.toString(degrees));
  }

  private void record(Event e, long detail) {
    traceRecord.clear();
    traceRecord
        .putLong(clock.nowMillis())
        .putInt(e.kind().ordinal())
        .putInt(e.node())
        .putInt(e.from())
        .putLong(detail)
        .putInt(e.index());
    trace.update(traceRecord.array(), 0, traceRecord.position());
  }

  private void process(Event e) {
    events++;
    switch (e.kind()) {
      case START:
        record(e, 0);
        input(e.node(), new Input.Start());
        if (groups.count() == 0) {
          input(e.node(), new Input.Subscribe(TOPIC));
        }
        for (int g : groups.groupsOf(e.node())) {
          List<Peer> roster = new ArrayList<>();
          for (int member : groups.members(g)) {
            roster.add(peer(member));
          }
          if (scenario.groupRosters()) {
            input(e.node(), new Input.SetGroup(SimGroups.topic(g), roster));
          }
          input(e.node(), new Input.Subscribe(SimGroups.topic(g)));
        }
        break;
      case FRAME:
        if (network.isCrashed(e.node())) {
          return;
        }
        PeerId sender = engines.get(e.from()).self().id();
        if (e.envelope() != null) {
          Envelope env = e.envelope();
          record(e, ((long) env.getBodyCase().getNumber() << 32) | env.getSerializedSize());
          if (env.getBodyCase() == Envelope.BodyCase.PUBLISH) {
            payloadFramesReceived[e.node()]++;
          }
          groups.received(e.node(), env);
          input(e.node(), new Input.EnvelopeReceived(sender, env));
        } else {
          record(e, ((long) e.raw().hashCode() << 32) | e.raw().size());
          input(e.node(), new Input.FrameReceived(sender, e.raw()));
        }
        break;
      case TIMER:
        if (network.isCrashed(e.node())) {
          return;
        }
        record(e, e.key().ordinal());
        input(e.node(), new Input.TimerFired(e.key()));
        break;
      case PUBLISH:
        if (DEBUG && e.index() % 20 == 0) {
          eagerComponents();
        }
        publish(e.index());
        break;
      case CRASH:
        crash();
        break;
      case PARTITION:
        record(e, 0);
        network.partition(2);
        break;
      case HEAL:
        record(e, 0);
        network.heal();
        break;
      case ADVERSARY:
        record(e, 0);
        attack(e.node());
        break;
      default:
        throw new IllegalStateException("unknown event " + e.kind());
    }
  }

  private void input(int node, Input in) {
    long now = clock.nowMillis();
    for (Effect effect : engines.get(node).onInput(in, now)) {
      perform(node, effect);
    }
  }

  private void perform(int node, Effect effect) {
    if (effect instanceof Effect.Send) {
      Effect.Send send = (Effect.Send) effect;
      if (DEBUG) {
        sentByKind.merge(send.kind(), 1L, Long::sum);
        if (send.kind() == Envelope.BodyCase.DISCONNECT
            || send.kind() == Envelope.BodyCase.NEIGHBOR) {
          debugHist.merge(send.kind() + "@" + (clock.nowMillis() / 10_000 * 10), 1L, Long::sum);
        }
      }
      if (send.kind() != Envelope.BodyCase.PUBLISH) {
        controlBytes += send.envelope().getSerializedSize();
      } else if (adversary[node]) {
        return; // adversaries relay nothing
      }
      Integer to = indexOf.get(send.to().id());
      if (to != null) {
        transmit(node, to, send.envelope(), null);
      }
    } else if (effect instanceof Effect.Dial) {
      Effect.Dial dial = (Effect.Dial) effect;
      controlBytes += dial.envelope().getSerializedSize();
      transmit(node, Integer.parseInt(dial.address().substring(4)), dial.envelope(), null);
    } else if (effect instanceof Effect.SetTimer) {
      Effect.SetTimer timer = (Effect.SetTimer) effect;
      clock.schedule(
          Math.max(0, timer.atMillis() - clock.nowMillis()),
          new Event(Kind.TIMER, node, -1, null, null, timer.key(), 0));
    } else if (effect instanceof Effect.Deliver) {
      Effect.Deliver d = (Effect.Deliver) effect;
      Integer m = messageIndex.get(d.id());
      if (m != null && deliveredAt[m][node] < 0) {
        deliveredAt[m][node] = (int) clock.nowMillis();
        hops[m][node] = (short) Math.min(Short.MAX_VALUE, d.hops());
      }
    } else if (effect instanceof Effect.PeerBanned) {
      if (!adversary[node]) {
        bans++;
      }
    }
    // Disconnect and DeliverDirect need nothing here: links are implicit in the simulation.
  }

  private void transmit(int from, int to, Envelope envelope, ByteString raw) {
    for (long delay : network.transmit(from, to)) {
      clock.schedule(delay, new Event(Kind.FRAME, to, from, envelope, raw, null, 0));
    }
  }

  /** Debug: components of the graph of eager links (an edge when either end pushes). */
  private void eagerComponents() {
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    long edges = 0;
    long oneWay = 0;
    for (int i = 0; i < n; i++) {
      for (PeerId p : engines.get(i).eagerPeers(TOPIC)) {
        int j = indexOf.get(p);
        edges++;
        if (!engines.get(j).eagerPeers(TOPIC).contains(engines.get(i).self().id())) {
          oneWay++;
        }
        int a = find(parent, i);
        int b = find(parent, j);
        parent[a] = b;
      }
    }
    java.util.TreeMap<Integer, Integer> sizes = new java.util.TreeMap<>();
    int[] count = new int[n];
    for (int i = 0; i < n; i++) {
      if (!network.isCrashed(i)) {
        count[find(parent, i)]++;
      }
    }
    for (int c : count) {
      if (c > 0) {
        sizes.merge(c, 1, Integer::sum);
      }
    }
    System.err.println(
        "t="
            + clock.nowMillis()
            + " eager edges "
            + edges / 2.0
            + " one-way "
            + oneWay
            + " components "
            + sizes);
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private void publish(int m) {
    SplittableRandom rng = network.random();
    int group = groups.count() == 0 ? -1 : m % groups.count();
    int[] from = group < 0 ? null : groups.members(group);
    int candidates = from == null ? n : from.length;
    int node = -1;
    for (int attempt = 0; attempt < 10 * candidates && node < 0; attempt++) {
      int pick = rng.nextInt(candidates);
      int candidate = from == null ? pick : from[pick];
      if (!network.isCrashed(candidate) && !adversary[candidate]) {
        node = candidate;
      }
    }
    if (node < 0) {
      return;
    }
    byte[] payload = new byte[scenario.payloadBytes()];
    byte[] head =
        ("message " + m + " of run " + scenario.seed() + " ").getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, payload, 0, Math.min(head.length, payload.length));
    for (int i = head.length; i < payload.length; i++) {
      payload[i] = (byte) rng.nextInt(256);
    }
    ByteString bytes = ByteString.copyFrom(payload);
    MessageId id = MessageId.ofPayload(bytes);
    messageIndex.put(id, m);
    publishedAt[m] = clock.nowMillis();
    publisher[m] = node;
    messageGroup[m] = group;
    deliveredAt[m][node] = (int) clock.nowMillis();
    record(new Event(Kind.PUBLISH, node, -1, null, null, null, m), id.prefix());
    input(node, new Input.Publish(group < 0 ? TOPIC : SimGroups.topic(group), bytes));
  }

  private void crash() {
    SplittableRandom rng = network.random();
    int target = (int) Math.floor(scenario.crashFraction() * n);
    int crashed = 0;
    while (crashed < target) {
      int candidate = rng.nextInt(n);
      if (!network.isCrashed(candidate)) {
        network.crash(candidate);
        crashed++;
        record(new Event(Kind.CRASH, candidate, -1, null, null, null, 0), 0);
      }
    }
  }

  /** An adversary pushes an invalid message and a garbage frame to each of its active peers. */
  private void attack(int node) {
    if (network.isCrashed(node)) {
      return;
    }
    Envelope invalid =
        Envelope.newBuilder()
            .setVersion(1)
            .setPublish(
                Publish.newBuilder()
                    .setTopic(TOPIC)
                    .setPayload(
                        INVALID_PREFIX.concat(
                            ByteString.copyFromUtf8(" " + node + " " + adversaryCounter++))))
            .build();
    ByteString garbage = ByteString.copyFromUtf8("\u00ff\u00ffnot a protobuf " + adversaryCounter);
    for (PeerId peer : engines.get(node).activeView()) {
      Integer to = indexOf.get(peer);
      transmit(node, to, invalid, null);
      transmit(node, to, null, garbage);
    }
    clock.schedule(
        ADVERSARY_PERIOD_MILLIS, new Event(Kind.ADVERSARY, node, -1, null, null, null, 0));
  }

  private boolean honestLive(int node) {
    return !adversary[node] && !network.isCrashed(node);
  }

  private Report report(long wallNanos, long cpuNanos) {
    long expected = 0;
    long delivered = 0;
    long expectedBeforeHeal = 0;
    long deliveredByHeal = 0;
    long healDeadline = scenario.healAtMillis() + 5_000;
    long[] needed = new long[n];
    int[] latencies = new int[16];
    int[] hopCounts = new int[16];
    double[] stretch = new double[16];
    int count = 0;
    int published = 0;
    for (int m = 0; m < scenario.messages(); m++) {
      if (publisher[m] < 0) {
        continue;
      }
      published++;
      boolean beforeHeal = scenario.hasPartition() && publishedAt[m] < scenario.healAtMillis();
      for (int node = 0; node < n; node++) {
        if (node == publisher[m] || !honestLive(node) || !inAudience(m, node)) {
          continue;
        }
        expected++;
        needed[node] += scenario.payloadBytes();
        int at = deliveredAt[m][node];
        if (at >= 0) {
          delivered++;
          if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
            hopCounts = Arrays.copyOf(hopCounts, count * 2);
            stretch = Arrays.copyOf(stretch, count * 2);
          }
          latencies[count] = (int) (at - publishedAt[m]);
          stretch[count] =
              latencies[count]
                  / (double) (network.baseLatency(publisher[m], node) + scenario.jitterMillis());
          hopCounts[count++] = hops[m][node];
        }
        if (beforeHeal) {
          expectedBeforeHeal++;
          if (DEBUG && at >= 0) {
            debugHist.merge("heal+ max", (long) at - scenario.healAtMillis(), Math::max);
            if (publisher[m] % 2 != node % 2) {
              debugHist.merge(
                  String.format(
                      "heal+ %05d", Math.max(-1, (at - scenario.healAtMillis()) / 500 * 500)),
                  1L,
                  Long::sum);
            }
          }
          if (at >= 0 && at <= healDeadline) {
            deliveredByHeal++;
          } else if (DEBUG) {
            debugHist.merge(
                "late m"
                    + m
                    + " pub "
                    + (publishedAt[m] - scenario.healAtMillis())
                    + " half "
                    + (publisher[m] % 2)
                    + " node "
                    + node
                    + " hops "
                    + hops[m][node]
                    + " at "
                    + (at < 0 ? "never" : String.valueOf(at - scenario.healAtMillis())),
                1L,
                Long::sum);
          }
        }
      }
    }
    int live = 0;
    long copies = 0;
    for (int node = 0; node < n; node++) {
      if (honestLive(node)) {
        live++;
        copies += payloadFramesReceived[node];
      }
    }
    latencies = Arrays.copyOf(latencies, count);
    hopCounts = Arrays.copyOf(hopCounts, count);
    stretch = Arrays.copyOf(stretch, count);
    Arrays.sort(latencies);
    Arrays.sort(hopCounts);
    Arrays.sort(stretch);
    double seconds = scenario.durationMillis() / 1000.0;
    return new Report(
        scenario,
        published,
        live,
        expected == 0 ? 1.0 : delivered / (double) expected,
        scenario.hasPartition()
            ? (expectedBeforeHeal == 0 ? 1.0 : deliveredByHeal / (double) expectedBeforeHeal)
            : Double.NaN,
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        (int) percentile(hopCounts, 0.50),
        (int) percentile(hopCounts, 0.99),
        published == 0 || live == 0
            ? 0
            : copies / (groups.count() == 0 ? (double) published * live : (double) expected),
        controlBytes,
        controlBytes / (n * seconds),
        bans,
        events,
        HexFormat.of().formatHex(trace.digest()),
        wallNanos / 1_000_000,
        cpuNanos / 1_000_000,
        groupFigures(needed, stretch));
  }

  private boolean inAudience(int m, int node) {
    return messageGroup[m] < 0 || groups.isMember(messageGroup[m], node);
  }

  /**
   * Payload received over payload needed, per live peer in a group; frames at non-members; the
   * deliveries' latencies in direct link latencies ({@code stretch}, sorted).
   */
  private GroupFigures groupFigures(long[] needed, double[] stretch) {
    if (groups.count() == 0) {
      return GroupFigures.NONE;
    }
    double[] ratios = new double[n];
    int count = 0;
    for (int node = 0; node < n; node++) {
      if (honestLive(node) && needed[node] > 0) {
        ratios[count++] = groups.payloadBytesReceived(node) / (double) needed[node];
      }
    }
    ratios = Arrays.copyOf(ratios, count);
    Arrays.sort(ratios);
    return new GroupFigures(
        groups.count(),
        count == 0 ? Double.NaN : ratios[(count - 1) / 2],
        count == 0 ? Double.NaN : ratios[count - 1],
        groups.nonMemberFrames(),
        percentile(stretch, 0.50),
        percentile(stretch, 0.99));
  }

  private static double percentile(double[] sorted, double q) {
    return sorted.length == 0 ? Double.NaN : sorted[(int) Math.floor(q * (sorted.length - 1))];
  }

  private static long percentile(int[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[(int) Math.floor(q * (sorted.length - 1))];
  }
}
