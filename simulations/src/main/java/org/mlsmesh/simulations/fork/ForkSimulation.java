package org.mlsmesh.simulations.fork;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.consensus.group.EngineTimer;
import org.mlsmesh.consensus.group.GroupEngine;
import org.mlsmesh.consensus.group.GroupEngineSettings;
import org.mlsmesh.consensus.group.GroupInput;
import org.mlsmesh.consensus.group.GroupWire;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.GroupConfig;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.group.StagedWelcome;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.simulations.EventQueue;
import org.mlsmesh.simulations.SimNetwork;
import org.mlsmesh.simulations.report.ProgressListener;
import org.mlsmesh.simulations.report.RunRecord;

/**
 * Real MLS groups on virtual time: N clients, each a {@link GroupEngine} (the very engine a node's
 * group actor runs) in a {@link SimClient} shell with an in-memory store, over a network through
 * {@link SimNetwork} (latency, jitter, loss, duplication, partitions). A run is a pure function of
 * the scenario and the seed: one thread (the members stage their first Welcome on every core, see
 * {@link #stageWelcomes}), one seeded generator for the scenario, one for MLS, and an agenda
 * ordered by time and then by scheduling order.
 *
 * <p>By default ({@code network.transport = gossip}) every client runs a real {@code GossipEngine}
 * ({@link GossipTransport}); a client's identity is its gossip peer id. With {@code
 * network.transport = broadcast}, a simulated broadcast stands in for the gossip layer, as follows.
 *
 * <p>The broadcast carries the same frames with gossip's guarantees and none of its cost: a frame
 * published on the group topic goes from its sender to every subscribed client (one running an
 * engine); a copy that is lost or cut by a partition is asked for again every {@code
 * repair-interval-ms} while gossip retains it ({@code retention-ms}), like Plumtree's pull repair
 * and anti-entropy; a frame is named by its bytes, and a copy a client already has is dropped. A
 * client that subscribes (joins, or restarts) is sent what the topic retained. Direct messages go
 * to one client and are not repaired.
 */
public final class ForkSimulation implements SimClient.Link {
  static final long EPOCH_ZERO = 1_700_000_000_000L;
  static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  static final Bytes GROUP_ID = Bytes.of("mlsmesh-fork-sim".getBytes(StandardCharsets.UTF_8));
  private static final CredentialValidator ACCEPT_ALL = (suite, credential, key, now) -> {};
  private static final long AUDIT_INTERVAL = 250;

  private final ForkScenario scenario;
  private final long seed;
  private final SplittableRandom random;
  private final SimNetwork network;
  private final GroupEnvironment env;
  private final GuardedEntropy entropy;
  private final EventQueue<Object> agenda = new EventQueue<>();
  private final List<SimClient> clients = new ArrayList<>();
  private final Map<Bytes, Integer> byIdentity = new HashMap<>();
  private final List<Frame> frames = new ArrayList<>();
  private final Map<Bytes, Integer> topicFrames = new HashMap<>();
  private final Map<Long, Boolean> seen = new HashMap<>();
  private final ForkTruth truth = new ForkTruth();
  private final MessageDigest trace;
  private final Optional<GossipTransport> gossip;
  private long now;
  private long events;

  /** A frame on the topic ({@code to} -1) or to one client (broadcast transport). */
  private record Frame(int from, int to, Bytes payload, long at) {}

  private record Attempt(int frame, int to) {}

  private record Arrive(int frame, int to) {}

  private record Timer(int client, EngineTimer timer, long at) {}

  private record PacedCommit(int client, long epoch) {}

  private enum Tick {
    COMMIT_ROUND,
    MESSAGE,
    JOIN,
    LEAVE,
    PARTITION,
    HEAL,
    AUDIT,
    CRASH,
    RESTART
  }

  private record Action(Tick tick, int arg) {}

  public ForkSimulation(ForkScenario scenario, long seed) {
    this.scenario = scenario;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    int count = scenario.members() + scenario.joins();
    this.network =
        new SimNetwork(
            count,
            seed,
            scenario.latencyMinMillis(),
            scenario.latencyMaxMillis(),
            scenario.jitterMillis(),
            scenario.loss(),
            scenario.duplication());
    this.entropy = new GuardedEntropy(new SeededEntropySource(seed ^ 0x6d6c736d657368L));
    this.env =
        new GroupEnvironment(
            GroupConfig.DEFAULT.withEncryptHandshake(true).withPastEpochs(16),
            ACCEPT_ALL,
            new KeyPackageValidator(ACCEPT_ALL, LifetimePolicy.DEFAULT),
            PskStore.none(),
            entropy);
    ForkChoiceConfig.Builder fcConfig =
        ForkChoiceConfig.builder()
            .bufferTtlMillis(scenario.retentionMillis())
            .maxResends(scenario.maxResends());
    if (scenario.settleWindowMeasured()) {
      fcConfig.measuredSettleWindow(
          scenario.settleWindowMillis(), 2, 500, scenario.settleWindowMaxMillis());
    } else {
      fcConfig.settleWindowMillis(scenario.settleWindowMillis());
    }
    ForkChoiceConfig config = fcConfig.build();
    try {
      this.trace = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    for (int i = 0; i < count; i++) {
      // The identity MLS knows a member by is the peer id gossip addresses it by (as in the node).
      Bytes identity = Bytes.wrap(GossipTransport.peer(i).id().toByteArray());
      BasicCredential credential = new BasicCredential(identity);
      SignatureKeyPair signer = SUITE.crypto().generateSignatureKeyPair(entropy);
      KeyPackageBundle kp =
          KeyPackageBuilder.create(SUITE, signer, credential)
              .validFor(EPOCH_ZERO, Duration.ofDays(30))
              .build(entropy);
      GroupEngineSettings settings =
          new GroupEngineSettings(
              env,
              signer,
              credential,
              config,
              scenario.retentionMillis(),
              scenario.beaconIntervalMillis(),
              true);
      clients.add(new SimClient(i, "m" + i, identity, signer, kp, settings, env, this, EPOCH_ZERO));
      byIdentity.put(identity, i);
    }
    this.gossip =
        scenario.transport() == ForkScenario.Transport.GOSSIP
            ? Optional.of(
                new GossipTransport(
                    this,
                    seed,
                    scenario.repairIntervalMillis(),
                    network,
                    agenda,
                    clients,
                    GroupWire.topic(GROUP_ID)))
            : Optional.empty();
  }

  /** The MLS and engine clock: virtual time from a fixed date. */
  private long wallNow() {
    return EPOCH_ZERO + now;
  }

  /** Runs the scenario to its end and checks the invariants. */
  public RunRecord run(String name, ProgressListener progress) {
    gossip.ifPresent(GossipTransport::start);
    createGroup();
    scheduleActivity();
    long end = scenario.endMillis();
    Object event;
    while ((event = agenda.pollEvent()) != null) {
      now = agenda.polledAtMillis();
      if (now > end) {
        break;
      }
      events++;
      handle(event);
      if ((events & 1023) == 0) {
        progress.progress(now, end);
      }
    }
    now = end;
    progress.progress(end, end);
    for (SimClient c : clients) {
      if (c.active()) {
        c.input(new GroupInput.TimerFired(EngineTimer.SETTLE));
      }
    }
    for (SimClient c : clients) {
      if (c.active()) {
        c.auditErasure(c.widestSettleWindowMillis() + AUDIT_INTERVAL).forEach(truth::violation);
      }
    }
    ForkMetrics metrics = new ForkMetrics(scenario, clients, truth);
    metrics.checkInvariants();
    List<String> names = new ArrayList<>();
    for (SimClient c : clients) {
      names.add(c.name);
    }
    return new RunRecord(
        name,
        "fork",
        seed,
        end,
        names,
        truth.epochs,
        truth.forkEvents,
        truth.latencies,
        metrics.figures(events),
        truth.violations,
        HexFormat.of().formatHex(trace.digest()));
  }

  // --- Set-up ---

  /**
   * Client 0 creates the group with one Commit adding the other initial members; they join from its
   * Welcome. Each then runs its engine.
   */
  private void createGroup() {
    SimClient creator = clients.get(0);
    GroupState genesis =
        GroupState.create(
            env,
            SUITE,
            GROUP_ID,
            List.of(),
            creator.signer,
            new BasicCredential(creator.identity),
            wallNow());
    List<Proposal> adds = new ArrayList<>();
    for (int i = 1; i < scenario.members(); i++) {
      adds.add(new Add(clients.get(i).keyPackage.keyPackage()));
    }
    try {
      CommitResult result = genesis.commit(CommitOptions.defaults().withProposals(adds), wallNow());
      GroupState first = result.staged().merge();
      genesis.destroy();
      creator.start(
          GroupEngine.create(
              creator.settings, first, Optional.of(first.ownLeaf()), Optional.empty(), wallNow()));
      MlsMessage welcome =
          TlsReader.decodeAll(result.welcome().orElseThrow().encoded(), MlsMessage::decode);
      List<StagedWelcome> joins = stageWelcomes(welcome);
      for (int i = 1; i < scenario.members(); i++) {
        SimClient c = clients.get(i);
        StagedWelcome staged = joins.get(i - 1);
        c.start(
            GroupEngine.create(
                c.settings,
                staged.join(),
                Optional.of(staged.sender().index()),
                Optional.empty(),
                wallNow()));
      }
    } catch (DecodeException | ValidationException e) {
      throw new IllegalStateException("creating the group failed", e);
    }
  }

  /**
   * Each initial member stages the Welcome for itself (RFC 9420 §12.4.3.1: it validates the whole
   * tree, every leaf's signature among it), the bulk of setting up a large group: on every core, as
   * the members' own machines would. Staging draws no randomness ({@link GuardedEntropy} fails the
   * run if it did) and shares no mutable state, so the result is the same whatever the threads.
   */
  private List<StagedWelcome> stageWelcomes(MlsMessage welcome) {
    entropy.parallel = true;
    try {
      return IntStream.range(1, scenario.members())
          .parallel()
          .mapToObj(
              i -> {
                SimClient c = clients.get(i);
                try {
                  return GroupState.stageWelcome(
                      env, welcome, c.keyPackage, c.signer, Optional.empty(), wallNow());
                } catch (DecodeException | ValidationException e) {
                  throw new IllegalStateException(c.name + " could not stage the Welcome", e);
                }
              })
          .toList();
    } finally {
      entropy.parallel = false;
    }
  }

  /** The simulation's randomness for MLS, which nothing may draw while members work in parallel. */
  private static final class GuardedEntropy implements EntropySource {
    private final EntropySource seeded;
    volatile boolean parallel;

    GuardedEntropy(EntropySource seeded) {
      this.seeded = seeded;
    }

    @Override
    public void nextBytes(byte[] out) {
      if (parallel) {
        throw new IllegalStateException("randomness drawn in parallel: the run would not replay");
      }
      seeded.nextBytes(out);
    }
  }

  private void scheduleActivity() {
    for (int k = 0; k < scenario.commitRounds(); k++) {
      long at = scenario.commitStartMillis() + k * scenario.commitIntervalMillis();
      if (at < scenario.durationMillis()) {
        agenda.schedule(at, new Action(Tick.COMMIT_ROUND, k));
      }
    }
    if (scenario.messageIntervalMillis() > 0) {
      agenda.schedule(scenario.messageIntervalMillis(), new Action(Tick.MESSAGE, 0));
    }
    for (int j = 0; j < scenario.joins(); j++) {
      long at = (j + 1) * scenario.durationMillis() / (scenario.joins() + 1);
      agenda.schedule(at, new Action(Tick.JOIN, scenario.members() + j));
    }
    for (int l = 0; l < scenario.leaves(); l++) {
      long at = (l + 1) * scenario.durationMillis() / (scenario.leaves() + 2) + 137;
      agenda.schedule(at, new Action(Tick.LEAVE, l));
    }
    for (int k = 0; k < scenario.crashes(); k++) {
      long at = (k + 1) * scenario.durationMillis() / (scenario.crashes() + 1) + 71;
      agenda.schedule(at, new Action(Tick.CRASH, k));
    }
    for (int p = 0; p < scenario.partitions().size(); p++) {
      ForkScenario.Partition partition = scenario.partitions().get(p);
      agenda.schedule(partition.startMillis(), new Action(Tick.PARTITION, p));
      agenda.schedule(
          partition.startMillis() + partition.durationMillis(), new Action(Tick.HEAL, p));
    }
    agenda.schedule(AUDIT_INTERVAL, new Action(Tick.AUDIT, 0));
  }

  /**
   * The part of each client in partition {@code p}: client {@code i} in part {@code i % parts} for
   * the first, dealt at random for the others (so overlapping splits cut different members).
   */
  private int[] partsOf(int p) {
    int parts = scenario.partitions().get(p).parts();
    int[] partOf = new int[clients.size()];
    for (int i = 0; i < partOf.length; i++) {
      partOf[i] = p == 0 ? i % parts : random.nextInt(parts);
    }
    return partOf;
  }

  // --- Events ---

  private void handle(Object event) {
    if (gossip.isPresent() && gossip.get().handle(event)) {
      return;
    }
    if (event instanceof Arrive a) {
      arrive(a.frame(), a.to());
    } else if (event instanceof Attempt a) {
      attempt(a.frame(), a.to());
    } else if (event instanceof Timer t) {
      trace(2, t.client(), t.timer().ordinal());
      clients.get(t.client()).timerFired(t.timer(), t.at());
    } else if (event instanceof PacedCommit p) {
      trace(4, p.client(), p.epoch());
      SimClient c = clients.get(p.client());
      // Pacing: a Commit that arrived first makes ours unnecessary (RFC 9750 §5.2.2, option 1).
      if (c.staying() && c.engine.headEpochNumber() == p.epoch()) {
        c.update();
      }
    } else if (event instanceof Action a) {
      trace(3, a.tick().ordinal(), a.arg());
      act(a);
    }
  }

  private void act(Action a) {
    switch (a.tick()) {
      case COMMIT_ROUND -> commitRound();
      case MESSAGE -> {
        if (now < scenario.durationMillis()) {
          List<SimClient> senders = staying();
          if (!senders.isEmpty()) {
            byte[] payload = new byte[32];
            for (int i = 0; i < payload.length; i++) {
              payload[i] = (byte) random.nextInt(256);
            }
            senders.get(random.nextInt(senders.size())).send(Bytes.wrap(payload));
          }
          agenda.schedule(now + scenario.messageIntervalMillis(), new Action(Tick.MESSAGE, 0));
        }
      }
      case JOIN -> {
        List<SimClient> adders = staying();
        if (!adders.isEmpty()) {
          adders.get(random.nextInt(adders.size())).invite(clients.get(a.arg()));
        }
      }
      case LEAVE -> leave();
      case PARTITION -> {
        if (truth.windowBeforeSplit < 0) {
          for (SimClient c : clients) {
            if (c.active()) {
              truth.windowBeforeSplit = Math.max(truth.windowBeforeSplit, c.settleWindowMillis());
            }
          }
        }
        ForkScenario.Partition p = scenario.partitions().get(a.arg());
        if (p.hold()) {
          network.splitHolding(a.arg(), partsOf(a.arg()), p.startMillis() + p.durationMillis());
        } else {
          network.split(a.arg(), partsOf(a.arg()));
        }
      }
      case HEAL -> {
        network.heal(a.arg());
        truth.heals.add(now);
      }
      case AUDIT -> {
        for (SimClient c : clients) {
          if (c.active()) {
            c.auditErasure(c.widestSettleWindowMillis() + AUDIT_INTERVAL).forEach(truth::violation);
          }
        }
        agenda.schedule(now + AUDIT_INTERVAL, new Action(Tick.AUDIT, 0));
      }
      case CRASH -> {
        List<SimClient> candidates = staying();
        if (!candidates.isEmpty()) {
          crash(candidates.get(random.nextInt(candidates.size())), scenario.crashDownMillis());
        }
      }
      case RESTART -> restart(clients.get(a.arg()));
    }
  }

  /**
   * Crashes {@code client}: its engine and pending timers are dropped, what gossip delivers to it
   * is lost while it is down; after {@code downMillis} it restarts from its store.
   */
  public void crash(SimClient client, long downMillis) {
    if (!client.active()) {
      return;
    }
    truth.crashes++;
    client.crash();
    agenda.schedule(now + downMillis, new Action(Tick.RESTART, client.index));
  }

  private void restart(SimClient client) {
    if (client.crashed) {
      client.restart();
    }
  }

  private void commitRound() {
    List<SimClient> candidates = staying();
    int n = Math.min(scenario.committers(), candidates.size());
    for (int i = 0; i < n; i++) {
      SimClient c = candidates.remove(random.nextInt(candidates.size()));
      long delay = scenario.pacing() ? c.engine.commitDelayMillis() : 0;
      if (delay == 0) {
        c.update();
      } else {
        agenda.schedule(now + delay, new PacedCommit(c.index, c.engine.headEpochNumber()));
      }
    }
  }

  /**
   * A member other than the creator leaves: half of the time by its own SelfRemove proposal (the
   * others commit it), else another member removes it.
   */
  private void leave() {
    List<SimClient> candidates = staying();
    candidates.removeIf(c -> c.index == 0);
    if (candidates.size() < 3) {
      return;
    }
    SimClient leaver = candidates.remove(random.nextInt(candidates.size()));
    leaver.leaving = true;
    if (random.nextBoolean()) {
      leaver.leave();
    } else {
      candidates.get(random.nextInt(candidates.size())).remove(leaver);
    }
  }

  private List<SimClient> staying() {
    List<SimClient> out = new ArrayList<>();
    for (SimClient c : clients) {
      if (c.staying()) {
        out.add(c);
      }
    }
    return out;
  }

  // --- The simulated broadcast ---

  @Override
  public void publish(SimClient from, Bytes payload) {
    truth.bytesPublished += payload.length();
    if (gossip.isPresent()) {
      gossip.get().publish(from.index, payload);
      return;
    }
    if (topicFrames.containsKey(payload)) {
      return; // the same bytes again: gossip names a message by its hash and has it already
    }
    int frame = frames.size();
    frames.add(new Frame(from.index, -1, payload, now));
    topicFrames.put(payload, frame);
    for (SimClient c : clients) {
      if (c != from && c.active()) {
        attempt(frame, c.index);
      }
    }
  }

  @Override
  public void direct(SimClient from, Bytes to, Bytes payload) {
    truth.bytesPublished += payload.length();
    int target = clientOf(to);
    if (target < 0) {
      return;
    }
    if (gossip.isPresent()) {
      gossip.get().direct(from.index, target, payload);
      return;
    }
    int frame = frames.size();
    frames.add(new Frame(from.index, target, payload, now));
    attempt(frame, target);
  }

  @Override
  public void subscribe(SimClient client) {
    if (gossip.isPresent()) {
      gossip.get().subscribe(client.index);
      return;
    }
    // What the topic retained, as a gossip engine hands it to a new subscriber.
    for (int i = 0; i < frames.size(); i++) {
      Frame f = frames.get(i);
      if (f.to() == -1
          && f.from() != client.index
          && now - f.at() <= scenario.retentionMillis()
          && !seen.containsKey(seenKey(i, client.index))) {
        attempt(i, client.index);
      }
    }
  }

  @Override
  public void unsubscribe(SimClient client) {
    gossip.ifPresent(g -> g.unsubscribe(client.index));
  }

  private void attempt(int frame, int to) {
    Frame f = frames.get(frame);
    long[] delays = network.transmit(f.from(), to, now);
    if (delays.length == 0) {
      if (f.to() == -1
          && now + scenario.repairIntervalMillis() - f.at() <= scenario.retentionMillis()) {
        agenda.schedule(now + scenario.repairIntervalMillis(), new Attempt(frame, to));
      }
      return;
    }
    for (long d : delays) {
      truth.bytesTransmitted += f.payload().length();
      agenda.schedule(now + d, new Arrive(frame, to));
    }
  }

  private void arrive(int frame, int to) {
    trace(1, frame, to);
    Frame f = frames.get(frame);
    SimClient c = clients.get(to);
    if (f.to() == -1) {
      if (!c.active()) {
        return; // not subscribed: it gets what is retained when it subscribes
      }
      if (seen.putIfAbsent(seenKey(frame, to), Boolean.TRUE) == null) {
        c.topicFrame(f.payload());
      }
    } else {
      c.directFrame(clients.get(f.from()).identity, f.payload());
    }
  }

  private static long seenKey(int frame, int to) {
    return ((long) frame << 20) | to;
  }

  // --- SimClient.Link ---

  @Override
  public long now() {
    return now;
  }

  @Override
  public ForkTruth truth() {
    return truth;
  }

  @Override
  public void timer(SimClient client, EngineTimer timer, long atMillis) {
    agenda.schedule(Math.max(atMillis, now), new Timer(client.index, timer, atMillis));
  }

  @Override
  public int clientOf(Bytes identity) {
    return byIdentity.getOrDefault(identity, -1);
  }

  @Override
  public void trace(long a, long b, long c) {
    long[] values = {now, a, b, c};
    for (long v : values) {
      for (int i = 7; i >= 0; i--) {
        trace.update((byte) (v >>> (8 * i)));
      }
    }
  }
}
