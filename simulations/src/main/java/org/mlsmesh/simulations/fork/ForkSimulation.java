package org.mlsmesh.simulations.fork;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.consensus.mls.MlsGroupAdapter;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.GroupConfig;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.simulations.EventQueue;
import org.mlsmesh.simulations.SimNetwork;
import org.mlsmesh.simulations.report.ProgressListener;
import org.mlsmesh.simulations.report.RunRecord;

/**
 * Real MLS groups under the fork choice, on virtual time: N members, each a {@link GroupState}
 * behind a {@code ForkChoice} and an {@link MlsGroupAdapter}, over a simulated broadcast through
 * {@link SimNetwork} (latency, jitter, loss, duplication, partitions). A run is a pure function of
 * the scenario and the seed: one thread, one seeded generator for the scenario, one for MLS, and an
 * agenda ordered by time and then by scheduling order.
 *
 * <p>By default ({@code network.transport = gossip}) every member runs a real {@code GossipEngine}
 * ({@link GossipTransport}). With {@code network.transport = broadcast}, a simulated broadcast
 * stands in for the gossip layer, as follows.
 *
 * <p>The broadcast stands in for the gossip layer with its guarantees and none of its cost: a group
 * message goes from its sender to every subscribed member over that link; a copy that is lost or
 * cut by a partition is asked for again every {@code repair-interval-ms} while gossip retains it
 * ({@code retention-ms}), like Plumtree's pull repair and anti-entropy; duplicates are dropped by
 * message id. A member that joins is sent what was published since the Commit that added it.
 * Beacons and pulls are direct and not repaired.
 */
public final class ForkSimulation implements MemberLink {
  static final long EPOCH_ZERO = 1_700_000_000_000L;
  static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final CredentialValidator ACCEPT_ALL = (suite, credential, key, now) -> {};
  private static final long AUDIT_INTERVAL = 250;

  private final ForkScenario scenario;
  private final long seed;
  private final SplittableRandom random;
  private final SimNetwork network;
  private final GroupEnvironment env;
  private final ForkChoiceConfig config;
  private final EventQueue<Object> agenda = new EventQueue<>();
  private final List<SimMember> members = new ArrayList<>();
  private final Map<Bytes, Integer> byKey = new HashMap<>();
  private final List<Frame> topic = new ArrayList<>();
  private final Map<Long, Boolean> seen = new HashMap<>();
  private final Map<CommitId, List<Integer>> joinersOf = new LinkedHashMap<>();
  private final Map<CommitId, Long> commitPublishedAt = new HashMap<>();
  private final ForkTruth truth = new ForkTruth();
  private final MessageDigest trace;
  private final Optional<GossipTransport> gossip;
  private long now;
  private long events;

  /** A frame on the topic (broadcast) or between two members. */
  private record Frame(int from, int to, Kind kind, Bytes payload, long at, boolean reliable) {}

  private record Attempt(int frame, int to) {}

  private record Arrive(int frame, int to) {}

  private record Timer(int member) {}

  private enum Tick {
    COMMIT_ROUND,
    MESSAGE,
    JOIN,
    LEAVE,
    PARTITION,
    HEAL,
    BEACON,
    AUDIT
  }

  private record Action(Tick tick, int arg) {}

  public ForkSimulation(ForkScenario scenario, long seed) {
    this.scenario = scenario;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    int clients = scenario.members() + scenario.joins();
    this.network =
        new SimNetwork(
            clients,
            seed,
            scenario.latencyMinMillis(),
            scenario.latencyMaxMillis(),
            scenario.jitterMillis(),
            scenario.loss(),
            scenario.duplication());
    SeededEntropySource entropy = new SeededEntropySource(seed ^ 0x6d6c736d657368L);
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
    this.config = fcConfig.build();
    try {
      this.trace = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    for (int i = 0; i < clients; i++) {
      SignatureKeyPair signer = SUITE.crypto().generateSignatureKeyPair(entropy);
      KeyPackageBundle kp =
          KeyPackageBuilder.create(SUITE, signer, SimMember.credentialOf(i))
              .validFor(EPOCH_ZERO, Duration.ofDays(30))
              .build(entropy);
      members.add(
          new SimMember(i, signer, kp, this, config, new MlsGroupAdapter(SUITE, this::wallNow)));
      byKey.put(signer.publicKey(), i);
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
                    members,
                    scenario.members()))
            : Optional.empty();
  }

  /** The MLS clock: virtual time from a fixed date. */
  private long wallNow() {
    return EPOCH_ZERO + now;
  }

  SimMember member(int index) {
    return members.get(index);
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
    for (SimMember m : members) {
      if (m.active()) {
        m.timer();
        m.auditErasure(m.widestSettleWindowMillis() + AUDIT_INTERVAL).forEach(truth::violation);
      }
    }
    ForkMetrics metrics = new ForkMetrics(scenario, members, truth);
    metrics.checkInvariants();
    List<String> names = new ArrayList<>();
    for (SimMember m : members) {
      names.add(m.name);
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

  private void createGroup() {
    SimMember creator = members.get(0);
    GroupState genesis =
        GroupState.create(
            env,
            SUITE,
            Bytes.of("mlsmesh-fork-sim".getBytes(StandardCharsets.UTF_8)),
            List.of(),
            creator.signer,
            creator.credential,
            wallNow());
    List<Proposal> adds = new ArrayList<>();
    for (int i = 1; i < scenario.members(); i++) {
      adds.add(new Add(members.get(i).keyPackage.keyPackage()));
    }
    try {
      CommitResult result = genesis.commit(CommitOptions.defaults().withProposals(adds), wallNow());
      GroupState first = result.staged().merge();
      genesis.destroy();
      LeafIndex creatorLeaf = first.ownLeaf();
      creator.start(first, Optional.of(creatorLeaf));
      Bytes welcome = result.welcome().orElseThrow().encoded();
      CommitId genesisCommit = creator.adapter.commitId(result.commit().encoded());
      for (int i = 1; i < scenario.members(); i++) {
        members.get(i).onWelcome(genesisCommit, welcome);
      }
      truth.welcomes.clear();
    } catch (org.mlsmesh.protocol.codec.DecodeException
        | org.mlsmesh.protocol.group.ValidationException e) {
      throw new IllegalStateException("creating the group failed", e);
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
    if (scenario.partitionParts() > 1) {
      agenda.schedule(scenario.partitionStartMillis(), new Action(Tick.PARTITION, 0));
      agenda.schedule(
          scenario.partitionStartMillis() + scenario.partitionDurationMillis(),
          new Action(Tick.HEAL, 0));
    }
    agenda.schedule(scenario.beaconIntervalMillis(), new Action(Tick.BEACON, 0));
    agenda.schedule(AUDIT_INTERVAL, new Action(Tick.AUDIT, 0));
  }

  // --- Events ---

  private void handle(Object event) {
    if (gossip.isPresent() && gossip.get().handle(event)) {
      return;
    }
    if (event instanceof Arrive a) {
      Frame f = topic.get(a.frame());
      trace(1, a.frame(), a.to());
      if (seen.putIfAbsent(((long) a.frame() << 20) | a.to(), Boolean.TRUE) != null) {
        return;
      }
      SimMember to = members.get(a.to());
      if (f.kind() == Kind.WELCOME) {
        to.onWelcome(welcomeCommit(a.frame()), f.payload());
        if (to.active() && to.joinedAt == now) {
          catchUp(to);
        }
      } else {
        to.onFrame(f.kind(), f.from(), f.payload(), f.at());
      }
    } else if (event instanceof Attempt a) {
      attempt(a.frame(), a.to());
    } else if (event instanceof Timer t) {
      trace(2, t.member(), 0);
      members.get(t.member()).timer();
    } else if (event instanceof PacedCommit p) {
      trace(4, p.member(), p.epoch());
      SimMember m = members.get(p.member());
      // Pacing: a Commit that arrived first makes ours unnecessary (RFC 9750 §5.2.2, option 1).
      if (m.staying() && m.fc.headEpochNumber() == p.epoch()) {
        m.commitUpdate();
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
          List<SimMember> senders = staying();
          if (!senders.isEmpty()) {
            byte[] payload = new byte[32];
            for (int i = 0; i < payload.length; i++) {
              payload[i] = (byte) random.nextInt(256);
            }
            senders.get(random.nextInt(senders.size())).sendApplication(Bytes.wrap(payload));
          }
          agenda.schedule(now + scenario.messageIntervalMillis(), new Action(Tick.MESSAGE, 0));
        }
      }
      case JOIN -> {
        List<SimMember> adders = staying();
        if (!adders.isEmpty()) {
          adders.get(random.nextInt(adders.size())).commitAdd(members.get(a.arg()));
        }
      }
      case LEAVE -> leave();
      case PARTITION -> {
        network.partition(scenario.partitionParts());
        truth.partitionStart = now;
      }
      case HEAL -> {
        network.heal();
        truth.heals.add(now);
      }
      case BEACON -> {
        List<SimMember> active = staying();
        for (SimMember m : active) {
          List<Integer> to = new ArrayList<>();
          for (int i = 0; i < scenario.beaconFanout() && active.size() > 1; i++) {
            SimMember peer = active.get(random.nextInt(active.size()));
            if (peer != m) {
              to.add(peer.index);
            }
          }
          m.beacon(to);
        }
        agenda.schedule(now + scenario.beaconIntervalMillis(), new Action(Tick.BEACON, 0));
      }
      case AUDIT -> {
        for (SimMember m : members) {
          if (m.active()) {
            m.auditErasure(m.widestSettleWindowMillis() + AUDIT_INTERVAL).forEach(truth::violation);
            m.expireWaiting(scenario.retentionMillis());
          }
        }
        agenda.schedule(now + AUDIT_INTERVAL, new Action(Tick.AUDIT, 0));
      }
    }
  }

  private void commitRound() {
    List<SimMember> candidates = staying();
    int n = Math.min(scenario.committers(), candidates.size());
    for (int i = 0; i < n; i++) {
      SimMember m = candidates.remove(random.nextInt(candidates.size()));
      long delay = scenario.pacing() ? m.fc.commitAdvice().delayMillis() : 0;
      if (delay == 0) {
        m.commitUpdate();
      } else {
        long epoch = m.fc.headEpochNumber();
        agenda.schedule(now + delay, new PacedCommit(m.index, epoch));
      }
    }
  }

  private record PacedCommit(int member, long epoch) {}

  private void leave() {
    List<SimMember> candidates = staying();
    candidates.removeIf(m -> m.index == 0);
    if (candidates.size() < 3) {
      return;
    }
    SimMember leaver = candidates.remove(random.nextInt(candidates.size()));
    leaver.leaving = true;
    SimMember remover = candidates.get(random.nextInt(candidates.size()));
    remover.commitRemove(leaver);
  }

  private List<SimMember> staying() {
    List<SimMember> out = new ArrayList<>();
    for (SimMember m : members) {
      if (m.staying()) {
        out.add(m);
      }
    }
    return out;
  }

  // --- The simulated broadcast ---

  @Override
  public void publish(SimMember from, Kind kind, Bytes wire) {
    if (gossip.isPresent()) {
      gossip.get().publish(from, kind, wire);
      return;
    }
    int frame = topic.size();
    topic.add(new Frame(from.index, -1, kind, wire, now, true));
    truth.bytesPublished += wire.length();
    if (kind == Kind.COMMIT) {
      commitPublishedAt.put(from.adapter.commitId(wire), now);
    }
    for (SimMember m : members) {
      if (m != from && m.active()) {
        attempt(frame, m.index);
      }
    }
  }

  @Override
  public void direct(SimMember from, int to, Kind kind, Bytes payload, boolean reliable) {
    if (gossip.isPresent()) {
      gossip.get().direct(from, to, kind, payload, reliable);
      return;
    }
    int frame = topic.size();
    topic.add(new Frame(from.index, to, kind, payload, now, reliable));
    truth.bytesPublished += payload.length();
    attempt(frame, to);
  }

  private void attempt(int frame, int to) {
    Frame f = topic.get(frame);
    long[] delays = network.transmit(f.from(), to);
    if (delays.length == 0) {
      if (f.reliable()
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

  /** A new member gets what the topic carried since the Commit that added it. */
  private void catchUp(SimMember joiner) {
    CommitId commit = truth.welcomes.get(joiner.index);
    long since = commit == null ? now : commitPublishedAt.getOrDefault(commit, now);
    for (int i = 0; i < topic.size(); i++) {
      Frame f = topic.get(i);
      if (f.to() == -1 && f.at() >= since && f.from() != joiner.index) {
        attempt(i, joiner.index);
      }
    }
  }

  private CommitId welcomeCommit(int frame) {
    for (Map.Entry<CommitId, List<Integer>> e : welcomeFrames.entrySet()) {
      if (e.getValue().contains(frame)) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("a Welcome frame without its Commit");
  }

  private final Map<CommitId, List<Integer>> welcomeFrames = new LinkedHashMap<>();

  @Override
  public void welcomeReleased(SimMember from, CommitId commit, Bytes welcome) {
    for (int joiner : joinersOf.getOrDefault(commit, List.of())) {
      if (gossip.isPresent()) {
        gossip.get().welcome(from, commit, joiner, welcome);
        continue;
      }
      welcomeFrames.computeIfAbsent(commit, c -> new ArrayList<>()).add(topic.size());
      direct(from, joiner, Kind.WELCOME, welcome, true);
    }
  }

  @Override
  public void addCreated(CommitId commit, int joiner) {
    joinersOf.computeIfAbsent(commit, c -> new ArrayList<>()).add(joiner);
  }

  // --- MemberLink ---

  @Override
  public long now() {
    return now;
  }

  @Override
  public long mlsNow() {
    return wallNow();
  }

  @Override
  public long settleWindowMillis() {
    return scenario.settleWindowMillis();
  }

  @Override
  public GroupEnvironment environment() {
    return env;
  }

  @Override
  public ForkTruth truth() {
    return truth;
  }

  @Override
  public void timer(SimMember member, long atMillis) {
    agenda.schedule(Math.max(atMillis, now), new Timer(member.index));
  }

  @Override
  public int memberByKey(Bytes signatureKey) {
    return byKey.getOrDefault(signatureKey, -1);
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
