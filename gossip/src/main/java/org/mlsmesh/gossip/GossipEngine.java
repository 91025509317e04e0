package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.wire.Digest;
import org.mlsmesh.gossip.wire.DigestReply;
import org.mlsmesh.gossip.wire.Direct;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.ForwardJoin;
import org.mlsmesh.gossip.wire.IHave;
import org.mlsmesh.gossip.wire.IWant;
import org.mlsmesh.gossip.wire.Neighbor;
import org.mlsmesh.gossip.wire.NeighborReply;
import org.mlsmesh.gossip.wire.PeerInfo;
import org.mlsmesh.gossip.wire.Publish;
import org.mlsmesh.gossip.wire.Shuffle;

/**
 * The gossip router as a deterministic state machine: HyParView membership (a small active view of
 * linked peers, a larger passive view of replacements, shuffles, failure detection), Plumtree
 * broadcast per topic (eager push along a tree, lazy IHAVE announcements, GRAFT/PRUNE repair), pull
 * by id, anti-entropy by per-topic digests, direct messages, and per-peer penalties, rate limits
 * and bans.
 *
 * <p>It is driven by {@link #onInput(Input, long)} and answers with {@link Effect}s; time is a
 * parameter and randomness comes from the injected generator, so the same inputs give the same
 * effects. It is mutable and not thread-safe: one owner (an actor, an event loop, the simulator)
 * calls it. Every topic is relayed; only subscribed topics are validated and delivered.
 */
public final class GossipEngine {
  /** The reserved topic that carries direct messages over the overlay. */
  public static final String DIRECT_TOPIC = "mlsmesh/direct";

  static final int MAX_TOPIC_LENGTH = 256;
  static final int MAX_ADDRESS_LENGTH = 256;
  static final int MAX_IDS_PER_FRAME = 1024;
  static final int MAX_MISSING = 100_000;
  static final int MAX_DIGEST_TOPICS_PER_ROUND = 16;
  static final int MIN_EAGER = 2;
  static final int GRAFT_AFTER_PULLS = 1;

  private final Peer self;
  private final GossipConfig config;
  private final RandomGenerator random;
  private final Validator validator;
  private final long heartbeatMillis;
  private final long failureTimeoutMillis;
  private final long neighborTimeoutMillis;
  private final long reconnectBackoffMillis;
  private final long reconnectBackoffMaxMillis;
  private final long lazyDelayMillis;
  private final long graftTimeoutMillis;
  private final long retentionMillis;
  private final long antiEntropyDelayMillis;
  private final int optimizationThreshold;
  private final long optimizationIntervalMillis;

  // Membership (HyParView).
  private final LinkedHashMap<PeerId, Link> active = new LinkedHashMap<>();
  private final LinkedHashMap<PeerId, Peer> passive = new LinkedHashMap<>();
  private final LinkedHashMap<PeerId, Failed> failed = new LinkedHashMap<>();
  private final LinkedHashMap<PeerId, Long> pendingNeighbor = new LinkedHashMap<>();
  private final LinkedHashMap<PeerId, Peer> known = new LinkedHashMap<>();
  private long nextShuffleAt;
  private long nextReconnectAt;
  private long nextAntiEntropyAt;
  private int digestRotation;

  // Broadcast (Plumtree).
  private final LinkedHashMap<String, TopicState> topics = new LinkedHashMap<>();
  private final LinkedHashSet<String> subscribed = new LinkedHashSet<>();
  private final SeenCache seen;
  private final LinkedHashMap<MessageId, Missing> missing = new LinkedHashMap<>();

  private final PeerScores scores;
  private final EnumMap<TimerKey, Long> timerDue = new EnumMap<>(TimerKey.class);
  private final Counters counters = new Counters();
  private boolean started;

  // The effects of the input being processed.
  private List<Effect> out;

  /** An active peer: the link's liveness and the announcements queued for it. */
  private static final class Link {
    Peer peer;
    long lastHeard;
    long lastSent = Long.MIN_VALUE / 2; // never: due for a ping

    /** Lazy announcements (IHAVE) waiting for the next flush, per topic; null when none. */
    LinkedHashMap<String, Announcements> lazy;

    Link(Peer peer, long now) {
      this.peer = peer;
      this.lastHeard = now;
    }
  }

  /** Message ids to announce on one topic, with the hops each had travelled to us. */
  private static final class Announcements {
    final List<MessageId> ids = new ArrayList<>();
    int[] hops = new int[8];

    void add(MessageId id, int hopCount) {
      if (ids.size() == hops.length) {
        hops = Arrays.copyOf(hops, 2 * hops.length);
      }
      hops[ids.size()] = hopCount;
      ids.add(id);
    }

    void remove(MessageId id) {
      int i = ids.indexOf(id);
      if (i >= 0) {
        ids.remove(i);
        System.arraycopy(hops, i + 1, hops, i, ids.size() - i);
      }
    }

    /** IHAVE frames of at most {@code max} ids each. */
    void frames(String topic, int max, List<Envelope> into) {
      for (int from = 0; from < ids.size(); from += max) {
        int to = Math.min(ids.size(), from + max);
        into.add(Frames.ihave(topic, ids.subList(from, to), Arrays.copyOfRange(hops, from, to)));
      }
    }
  }

  /**
   * A peer given up on: a partner for anti-entropy (which heals partitions) and, when the link to
   * it was lost to a failure, probed for reconnection with exponential backoff.
   */
  private static final class Failed {
    final Peer peer;
    final long failedAt;
    boolean linkLost;
    long backoff;
    long nextProbeAt;

    Failed(Peer peer, long failedAt) {
      this.peer = peer;
      this.failedAt = failedAt;
    }
  }

  private static final class Missing {
    final String topic;
    final ArrayDeque<PeerId> announcers = new ArrayDeque<>();
    long deadline;

    /** The announcer that had it over the fewest hops, and that count (for the optimization). */
    PeerId nearest;

    int nearestHops = Integer.MAX_VALUE;

    Missing(String topic, long deadline) {
      this.topic = topic;
      this.deadline = deadline;
    }
  }

  /** Counters of what the engine dropped or did, for metrics and tests. */
  public static final class Counters {
    public long invalidFrames;
    public long rateLimitedFrames;
    public long framesFromBanned;
    public long duplicates;
    public long rejected;
    public long ignored;
    public long delivered;

    /** New messages that came as the answer to a pull (IWANT), not pushed along the tree. */
    public long pulled;

    /** New messages announced (IHAVE) before they arrived. */
    public long announcedFirst;

    public long peersFailed;
    public long graftedIds;
    public long antiEntropyIds;
    public long bans;

    /** Eager links swapped for shorter lazy ones (Plumtree's optimization). */
    public long treeOptimizations;
  }

  public GossipEngine(Peer self, GossipConfig config, RandomGenerator random, Validator validator) {
    this.self = Objects.requireNonNull(self, "self");
    this.config = Objects.requireNonNull(config, "config");
    this.random = Objects.requireNonNull(random, "random");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.heartbeatMillis = config.heartbeatInterval().toMillis();
    this.failureTimeoutMillis = config.failureTimeout().toMillis();
    this.neighborTimeoutMillis = config.neighborRequestTimeout().toMillis();
    this.reconnectBackoffMillis = config.reconnectBackoff().toMillis();
    this.reconnectBackoffMaxMillis = config.reconnectBackoffMax().toMillis();
    this.lazyDelayMillis = config.lazyPushDelay().toMillis();
    this.graftTimeoutMillis = config.graftTimeout().toMillis();
    this.retentionMillis = config.retention().toMillis();
    this.antiEntropyDelayMillis = config.antiEntropyDelay().toMillis();
    this.optimizationThreshold = config.treeOptimizationThreshold();
    this.optimizationIntervalMillis = config.treeOptimizationInterval().toMillis();
    this.seen = new SeenCache(config.seenCacheTtl().toMillis(), config.seenCacheMaxEntries());
    this.scores = new PeerScores(config);
  }

  /** Processes one input at {@code nowMillis} and returns what the shell must do, in order. */
  public List<Effect> onInput(Input input, long nowMillis) {
    out = new ArrayList<>();
    if (input instanceof Input.FrameReceived) {
      Input.FrameReceived f = (Input.FrameReceived) input;
      onFrame(f.from(), f.frame(), nowMillis);
    } else if (input instanceof Input.EnvelopeReceived) {
      Input.EnvelopeReceived f = (Input.EnvelopeReceived) input;
      onDecodedFrame(f.from(), f.envelope(), nowMillis);
    } else if (input instanceof Input.TimerFired) {
      onTimer(((Input.TimerFired) input).key(), nowMillis);
    } else if (input instanceof Input.Publish) {
      Input.Publish p = (Input.Publish) input;
      publish(p.topic(), p.payload(), nowMillis);
    } else if (input instanceof Input.Subscribe) {
      String topic = checkTopic(((Input.Subscribe) input).topic());
      subscribed.add(topic);
      topic(topic);
    } else if (input instanceof Input.Unsubscribe) {
      subscribed.remove(((Input.Unsubscribe) input).topic());
    } else if (input instanceof Input.SendDirect) {
      Input.SendDirect d = (Input.SendDirect) input;
      sendDirect(d.to(), d.payload(), nowMillis);
    } else if (input instanceof Input.LinkUp) {
      Link link = active.get(((Input.LinkUp) input).peer());
      if (link != null) {
        link.lastHeard = nowMillis;
      }
    } else if (input instanceof Input.LinkDown) {
      onLinkDown(((Input.LinkDown) input).peer(), nowMillis);
    } else if (input instanceof Input.Start) {
      start(nowMillis);
    } else {
      throw new IllegalArgumentException("unknown input " + input);
    }
    List<Effect> result = out;
    out = null;
    return result;
  }

  // ---------------------------------------------------------------- introspection

  public Peer self() {
    return self;
  }

  public List<PeerId> activeView() {
    return List.copyOf(active.keySet());
  }

  public List<PeerId> passiveView() {
    return List.copyOf(passive.keySet());
  }

  public Counters counters() {
    return counters;
  }

  public long penaltyPoints(PeerId peer, long nowMillis) {
    return scores.points(peer, nowMillis);
  }

  public boolean isBanned(PeerId peer, long nowMillis) {
    return scores.isBanned(peer, nowMillis);
  }

  /** The peers this node currently pushes {@code topic} to eagerly. */
  public List<PeerId> eagerPeers(String topic) {
    TopicState t = topics.get(topic);
    return t == null ? List.of() : List.copyOf(t.eager);
  }

  public int retainedCount(String topic) {
    TopicState t = topics.get(topic);
    return t == null ? 0 : t.retainedCount();
  }

  // ---------------------------------------------------------------- application calls

  private void start(long now) {
    if (started) {
      return;
    }
    started = true;
    nextShuffleAt =
        now
            + config.shuffleInterval().toMillis() / 2
            + random.nextLong(config.shuffleInterval().toMillis());
    nextAntiEntropyAt = now + random.nextLong(config.antiEntropyInterval().toMillis()) + 1;
    dialSeeds();
    setTimer(TimerKey.HEARTBEAT, now + 1 + random.nextLong(heartbeatMillis));
  }

  private void dialSeeds() {
    for (String seed : config.seeds()) {
      if (!seed.equals(self.address())) {
        out.add(new Effect.Dial(seed, Frames.join(self)));
      }
    }
  }

  private String checkTopic(String topic) {
    if (topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH || topic.equals(DIRECT_TOPIC)) {
      throw new IllegalArgumentException(
          "topic must be 1.." + MAX_TOPIC_LENGTH + " characters and not reserved: '" + topic + "'");
    }
    return topic;
  }

  private void publish(String topic, ByteString payload, long now) {
    checkTopic(topic);
    if (payload.size() > config.maxPayloadBytes()) {
      throw new IllegalArgumentException(
          "payload of "
              + payload.size()
              + " bytes exceeds max-payload-bytes "
              + config.maxPayloadBytes());
    }
    broadcastNew(topic, payload, now);
  }

  private void broadcastNew(String topic, ByteString payload, long now) {
    MessageId id = MessageId.ofPayload(payload);
    if (!seen.add(id, now)) {
      return;
    }
    TopicState t = topic(topic);
    if (t == null) {
      return;
    }
    t.retain(id, payload, 0, null, now, config.retentionMaxMessages());
    forward(t, id, payload, 0, null, null, now);
  }

  private void sendDirect(PeerId to, ByteString payload, long now) {
    if (payload.size() > config.maxPayloadBytes() - 2 * PeerId.LENGTH - 16) {
      throw new IllegalArgumentException("direct payload too large: " + payload.size());
    }
    Direct direct = Frames.direct(to, self.id(), payload, random.nextLong());
    Link link = active.get(to);
    if (link != null) {
      send(link, Frames.directFrame(direct), now);
    } else {
      broadcastNew(DIRECT_TOPIC, direct.toByteString(), now);
    }
  }

  // ---------------------------------------------------------------- frames

  private void onFrame(PeerId from, ByteString frame, long now) {
    if (!admit(from, now)) {
      return;
    }
    if (frame.size() > config.maxFrameBytes()) {
      invalid(from, "oversized frame", now);
      return;
    }
    Envelope envelope;
    try {
      envelope = Envelope.parseFrom(frame);
    } catch (InvalidProtocolBufferException e) {
      invalid(from, "unparseable frame", now);
      return;
    }
    onEnvelope(from, envelope, now);
  }

  private void onDecodedFrame(PeerId from, Envelope envelope, long now) {
    if (!admit(from, now)) {
      return;
    }
    if (envelope.getSerializedSize() > config.maxFrameBytes()) {
      invalid(from, "oversized frame", now);
      return;
    }
    onEnvelope(from, envelope, now);
  }

  /** Rate limit and bans: false when the frame from {@code from} must be dropped unread. */
  private boolean admit(PeerId from, long now) {
    if (from.equals(self.id())) {
      return false;
    }
    if (!scores.admit(from, now)) {
      if (scores.isBanned(from, now)) {
        counters.framesFromBanned++;
        return false;
      }
      counters.rateLimitedFrames++;
      penalize(from, config.penaltyRateLimited(), "rate limit", now);
      return false;
    }
    return true;
  }

  private void onEnvelope(PeerId from, Envelope envelope, long now) {
    if (envelope.getVersion() != Frames.VERSION) {
      invalid(from, "unknown version " + envelope.getVersion(), now);
      return;
    }
    Link link = active.get(from);
    if (link != null) {
      link.lastHeard = now;
    } else {
      Failed back = failed.get(from);
      if (back != null) {
        returned(back, envelope.getBodyCase(), now);
      }
    }
    try {
      dispatch(from, envelope, now);
    } catch (BadFrame e) {
      invalid(from, e.getMessage(), now);
    }
  }

  /**
   * A peer we had given up on is reachable again (a partition healed): keep it as a replacement
   * and, when the link to it was lost to the failure, ask to restore the link. NEIGHBOR requests
   * and replies are left to their handlers, which need to know the link was lost.
   */
  private void returned(Failed back, Envelope.BodyCase kind, long now) {
    if (kind == Envelope.BodyCase.NEIGHBOR || kind == Envelope.BodyCase.NEIGHBOR_REPLY) {
      return;
    }
    failed.remove(back.peer.id());
    addPassive(back.peer);
    if (back.linkLost) {
      reconnect(back.peer, now);
    }
  }

  /** Asks {@code peer} to restore a link lost to a failure; one request at a time. */
  private void reconnect(Peer peer, long now) {
    if (!pendingNeighbor.isEmpty()
        || now < nextReconnectAt
        || active.containsKey(peer.id())
        || scores.isBanned(peer.id(), now)) {
      return;
    }
    nextReconnectAt = now + heartbeatMillis;
    pendingNeighbor.put(peer.id(), now + neighborTimeoutMillis);
    send(peer, Frames.neighbor(self, active.isEmpty(), true), now);
  }

  /**
   * A restored link: the next one waits a shuffle interval, so that a heal does not churn views.
   */
  private void restored(long now) {
    nextReconnectAt = now + config.shuffleInterval().toMillis();
  }

  /** A frame that parsed but breaks a rule of the protocol. */
  private static final class BadFrame extends Exception {
    private static final long serialVersionUID = 1L;

    BadFrame(String reason) {
      super(reason, null, false, false);
    }
  }

  private void dispatch(PeerId from, Envelope envelope, long now) throws BadFrame {
    switch (envelope.getBodyCase()) {
      case PUBLISH:
        onPublish(from, envelope.getPublish(), now);
        break;
      case IHAVE:
        onIHave(from, envelope.getIhave(), now);
        break;
      case IWANT:
        onIWant(from, envelope.getIwant(), now);
        break;
      case PRUNE:
        {
          TopicState t = topics.get(envelope.getPrune().getTopic());
          if (t != null && active.containsKey(from) && t.eager.contains(from)) {
            if (t.eager.size() > MIN_EAGER) {
              t.makeLazy(from);
            } else {
              // Refused: the link is one of our last; ask the peer to keep pushing too (GRAFT).
              send(active.get(from), Frames.iwant(t.name, List.of(), true), now);
            }
          }
          break;
        }
      case JOIN:
        onJoin(from, peer(envelope.getJoin().getSender(), from), now);
        break;
      case FORWARD_JOIN:
        onForwardJoin(from, envelope.getForwardJoin(), now);
        break;
      case NEIGHBOR:
        onNeighbor(from, envelope.getNeighbor(), now);
        break;
      case NEIGHBOR_REPLY:
        onNeighborReply(from, envelope.getNeighborReply(), now);
        break;
      case DISCONNECT:
        {
          Link link = active.get(from);
          if (link != null) {
            removeActive(from);
            addPassive(link.peer);
            refillActive(now);
          }
          break;
        }
      case SHUFFLE:
        onShuffle(from, envelope.getShuffle(), now);
        break;
      case SHUFFLE_REPLY:
        for (PeerInfo info : envelope.getShuffleReply().getPeersList()) {
          addPassive(peer(info, null));
        }
        break;
      case PING:
        break;
      case DIGEST:
        onDigest(from, envelope.getDigest(), now);
        break;
      case DIGEST_REPLY:
        onDigestReply(from, envelope.getDigestReply(), now);
        break;
      case DIRECT:
        onDirect(from, envelope.getDirect());
        break;
      case BODY_NOT_SET:
      default:
        throw new BadFrame("empty or unknown body");
    }
  }

  private Peer peer(PeerInfo info, PeerId mustBe) throws BadFrame {
    if (info.getId().size() != PeerId.LENGTH) {
      throw new BadFrame("peer id of " + info.getId().size() + " bytes");
    }
    if (info.getAddress().length() > MAX_ADDRESS_LENGTH) {
      throw new BadFrame("address too long");
    }
    PeerId id = PeerId.fromBytes(info.getId());
    if (mustBe != null && !id.equals(mustBe)) {
      throw new BadFrame("sender info names another peer");
    }
    Peer peer = new Peer(id, info.getAddress());
    if (!peer.address().isEmpty() && !id.equals(self.id())) {
      known.put(id, peer);
      if (known.size() > 4 * config.passiveViewSize() + 64) {
        Iterator<PeerId> it = known.keySet().iterator();
        it.next();
        it.remove();
      }
    }
    return peer;
  }

  private Peer peerOf(PeerId id) {
    Link link = active.get(id);
    Peer p = link == null ? null : link.peer;
    if (p == null) {
      p = passive.get(id);
    }
    if (p == null) {
      p = known.get(id);
    }
    return p != null ? p : new Peer(id, "");
  }

  private static List<MessageId> ids(List<ByteString> raw) throws BadFrame {
    if (raw.size() > MAX_IDS_PER_FRAME) {
      throw new BadFrame(raw.size() + " ids in one frame");
    }
    List<MessageId> ids = new ArrayList<>(raw.size());
    for (ByteString b : raw) {
      if (b.size() != MessageId.LENGTH) {
        throw new BadFrame("message id of " + b.size() + " bytes");
      }
      ids.add(MessageId.fromBytes(b));
    }
    return ids;
  }

  private TopicState knownTopic(String name) throws BadFrame {
    if (name.isEmpty() || name.length() > MAX_TOPIC_LENGTH) {
      throw new BadFrame("topic name of " + name.length() + " characters");
    }
    return topic(name);
  }

  /** The topic's state, created on first use; null when the topic bound is reached. */
  private TopicState topic(String name) {
    TopicState t = topics.get(name);
    if (t == null) {
      if (topics.size() >= config.maxTopics()) {
        return null;
      }
      t = new TopicState(name);
      t.eager.addAll(active.keySet());
      topics.put(name, t);
    }
    return t;
  }

  // ---------------------------------------------------------------- Plumtree

  private void onPublish(PeerId from, Publish publish, long now) throws BadFrame {
    ByteString payload = publish.getPayload();
    if (payload.size() > config.maxPayloadBytes()) {
      throw new BadFrame("payload of " + payload.size() + " bytes");
    }
    TopicState t = knownTopic(publish.getTopic());
    if (t == null) {
      return;
    }
    MessageId id = MessageId.ofPayload(payload);
    if (seen.contains(id)) {
      counters.duplicates++;
      // Plumtree PRUNE on a pushed duplicate. Both ends keep at least MIN_EAGER eager links (the
      // other end refuses a prune below that): concurrent messages from different publishers prune
      // different edges of one cycle, and a bare tree would fall apart under them. A peer that
      // refused is not asked again; one that pushes while lazy here is told to stop.
      if (!publish.getPulled() && active.containsKey(from)) {
        if (!t.eager.contains(from)) {
          send(active.get(from), Frames.prune(t.name), now);
        } else if (t.eager.size() > MIN_EAGER && !t.pinned.contains(from)) {
          prune(t, from, now);
        }
      }
      return;
    }
    seen.add(id, now);
    Missing announced = missing.remove(id);
    if (announced != null) {
      counters.announcedFirst++;
    }
    if (publish.getPulled()) {
      counters.pulled++;
    }
    int hops = publish.getHops();
    Verdict verdict = Verdict.ACCEPT;
    if (t.name.equals(DIRECT_TOPIC)) {
      deliverDirectFromOverlay(payload);
    } else if (subscribed.contains(t.name)) {
      verdict = validator.validate(t.name, id, payload, from);
    }
    switch (verdict) {
      case REJECT:
        counters.rejected++;
        penalize(from, config.penaltyRejectedMessage(), "rejected message", now);
        return;
      case IGNORE:
        counters.ignored++;
        return;
      case ACCEPT:
      default:
        break;
    }
    if (subscribed.contains(t.name)) {
      counters.delivered++;
      out.add(new Effect.Deliver(t.name, id, payload, from, hops));
    }
    t.retain(
        id, payload, hops, publish.getPulled() ? null : from, now, config.retentionMaxMessages());
    if (publish.getPulled()) {
      t.pullStreak++;
    } else {
      t.pullStreak = 0;
      if (active.containsKey(from)) {
        t.makeEager(from);
      }
      if (announced != null && announced.nearest != null) {
        optimize(t, from, hops, announced.nearest, announced.nearestHops, now);
      }
    }
    forward(t, id, payload, hops, from, announced, now);
  }

  private void deliverDirectFromOverlay(ByteString payload) {
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

  private void onDirect(PeerId from, Direct direct) {
    if (direct.getDestination().equals(self.id().toByteString())) {
      out.add(new Effect.DeliverDirect(from, direct.getPayload()));
    }
  }

  /**
   * Pushes a new message to the eager peers and queues its id for the lazy ones, except those known
   * to hold it already: the sender and the peers that announced it ({@code announced}).
   */
  private void forward(
      TopicState t,
      MessageId id,
      ByteString payload,
      int hops,
      PeerId from,
      Missing announced,
      long now) {
    Envelope frame = null;
    for (PeerId peer : t.eager) {
      if (!peer.equals(from)) {
        if (frame == null) {
          frame = Frames.publish(t.name, payload, hops + 1, false);
        }
        send(active.get(peer), frame, now);
      }
    }
    for (PeerId peer : t.lazy) {
      if (!peer.equals(from) && !(announced != null && announced.announcers.contains(peer))) {
        Link link = active.get(peer);
        if (link.lazy == null) {
          link.lazy = new LinkedHashMap<>();
        }
        link.lazy.computeIfAbsent(t.name, n -> new Announcements()).add(id, hops);
        setTimer(TimerKey.LAZY_PUSH, now + lazyDelayMillis);
      }
    }
  }

  private void prune(TopicState t, PeerId peer, long now) {
    t.makeLazy(peer);
    t.prunedAt.put(peer, now);
    send(active.get(peer), Frames.prune(t.name), now);
  }

  /**
   * Plumtree's tree optimization: a message pushed to us over {@code eagerHops} links was also held
   * by the lazy peer {@code lazyPeer} after {@code lazyHops}; when going through it is shorter by
   * the threshold, it becomes eager (GRAFT) and the peer that pushed the message lazy (PRUNE). The
   * number of eager links stays the same, and the tree stays connected: the path through the lazy
   * peer does not use the pruned link.
   */
  private void optimize(
      TopicState t, PeerId eagerPeer, int eagerHops, PeerId lazyPeer, int lazyHops, long now) {
    if (optimizationThreshold == 0 || eagerHops - (lazyHops + 1) < optimizationThreshold) {
      return;
    }
    if (lazyPeer.equals(eagerPeer)
        || !t.eager.contains(eagerPeer)
        || !t.lazy.contains(lazyPeer)
        || t.pinned.contains(eagerPeer)
        || now < t.nextOptimizationAt) {
      return;
    }
    t.nextOptimizationAt = now + optimizationIntervalMillis;
    counters.treeOptimizations++;
    t.makeEager(lazyPeer);
    send(active.get(lazyPeer), Frames.iwant(t.name, List.of(), true), now);
    prune(t, eagerPeer, now);
  }

  /** Drops {@code id} from the announcements queued for {@code peer}, which holds it. */
  private void unqueue(PeerId peer, String topic, MessageId id) {
    Link link = active.get(peer);
    if (link != null && link.lazy != null) {
      Announcements a = link.lazy.get(topic);
      if (a != null) {
        a.remove(id);
      }
    }
  }

  private void flushLazy(long now) {
    for (Link link : active.values()) {
      if (link.lazy == null) {
        continue;
      }
      List<Envelope> frames = new ArrayList<>();
      for (Map.Entry<String, Announcements> byTopic : link.lazy.entrySet()) {
        byTopic.getValue().frames(byTopic.getKey(), MAX_IDS_PER_FRAME, frames);
      }
      for (Envelope frame : frames) {
        send(link, frame, now);
      }
      link.lazy = null;
    }
  }

  private void onIHave(PeerId from, IHave ihave, long now) throws BadFrame {
    List<MessageId> ids = ids(ihave.getIdsList());
    int hopCount = ihave.getHopsCount();
    if (hopCount != 0 && hopCount != ids.size()) {
      throw new BadFrame(hopCount + " hop counts for " + ids.size() + " ids");
    }
    TopicState t = knownTopic(ihave.getTopic());
    if (t == null) {
      return;
    }
    for (int i = 0; i < ids.size(); i++) {
      MessageId id = ids.get(i);
      int hops = hopCount == 0 ? Integer.MAX_VALUE : ihave.getHops(i);
      if (seen.contains(id)) {
        unqueue(from, t.name, id);
        TopicState.Retained r = t.retained(id);
        if (r != null && r.pushedBy != null && hops != Integer.MAX_VALUE) {
          optimize(t, r.pushedBy, r.hops, from, hops, now);
        }
        continue;
      }
      Missing m = missing.get(id);
      if (m == null) {
        if (missing.size() >= MAX_MISSING) {
          continue;
        }
        m = new Missing(t.name, now + graftTimeoutMillis);
        missing.put(id, m);
        setTimer(TimerKey.GRAFT, m.deadline);
      }
      if (!m.announcers.contains(from) && m.announcers.size() < 2 * config.activeViewSize()) {
        m.announcers.add(from);
      }
      if (hops < m.nearestHops) {
        m.nearest = from;
        m.nearestHops = hops;
      }
    }
  }

  private void graftMissing(long now) {
    // Pull the due missing ids, batched per announcer and topic.
    LinkedHashMap<PeerId, LinkedHashMap<String, List<MessageId>>> pulls = new LinkedHashMap<>();
    long nextDeadline = Long.MAX_VALUE;
    Iterator<Map.Entry<MessageId, Missing>> it = missing.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<MessageId, Missing> e = it.next();
      Missing m = e.getValue();
      if (m.deadline > now) {
        nextDeadline = Math.min(nextDeadline, m.deadline);
        continue;
      }
      PeerId announcer = m.announcers.poll();
      if (announcer == null || scores.isBanned(announcer, now)) {
        it.remove();
        continue;
      }
      pulls
          .computeIfAbsent(announcer, p -> new LinkedHashMap<>())
          .computeIfAbsent(m.topic, n -> new ArrayList<>())
          .add(e.getKey());
      m.deadline = now + Math.max(1, graftTimeoutMillis / 2);
      nextDeadline = Math.min(nextDeadline, m.deadline);
    }
    for (Map.Entry<PeerId, LinkedHashMap<String, List<MessageId>>> e : pulls.entrySet()) {
      PeerId announcer = e.getKey();
      for (Map.Entry<String, List<MessageId>> byTopic : e.getValue().entrySet()) {
        TopicState t = topics.get(byTopic.getKey());
        // Plain pulls keep the tree as it is; only a topic that keeps missing its eager copies
        // (its tree is cut above us) grafts the announcer into the tree.
        boolean graft =
            t != null
                && active.containsKey(announcer)
                && (t.pullStreak >= GRAFT_AFTER_PULLS || t.eager.isEmpty());
        if (graft) {
          counters.graftedIds += byTopic.getValue().size();
          t.makeEager(announcer);
          t.pullStreak = 0;
        }
        send(peerOf(announcer), Frames.iwant(byTopic.getKey(), byTopic.getValue(), graft), now);
      }
    }
    if (nextDeadline != Long.MAX_VALUE) {
      setTimer(TimerKey.GRAFT, nextDeadline);
    }
  }

  private void onIWant(PeerId from, IWant iwant, long now) throws BadFrame {
    List<MessageId> ids = ids(iwant.getIdsList());
    TopicState t = knownTopic(iwant.getTopic());
    if (t == null) {
      return;
    }
    if (iwant.getGraft() && active.containsKey(from)) {
      Long prunedAt = t.prunedAt.remove(from);
      if (ids.isEmpty() && prunedAt != null && now - prunedAt <= neighborTimeoutMillis) {
        t.pinned.add(from); // the answer to our PRUNE: it refused
      }
      t.makeEager(from);
    }
    Peer to = peerOf(from);
    for (MessageId id : ids) {
      TopicState.Retained r = t.retained(id);
      if (r != null) {
        send(to, Frames.publish(t.name, r.payload, r.hops + 1, !iwant.getGraft()), now);
      }
    }
  }

  // ---------------------------------------------------------------- anti-entropy

  private void antiEntropy(long now) {
    for (TopicState t : topics.values()) {
      t.settle(now - antiEntropyDelayMillis);
    }
    Peer partner = antiEntropyPartner();
    if (partner == null || topics.isEmpty()) {
      return;
    }
    List<TopicState> all = new ArrayList<>(topics.values());
    int count = Math.min(all.size(), MAX_DIGEST_TOPICS_PER_ROUND);
    for (int i = 0; i < count; i++) {
      TopicState t = all.get((digestRotation + i) % all.size());
      if (t.retainedCount() > 0 || subscribed.contains(t.name)) {
        send(partner, Frames.digest(t.name, t.digest()), now);
      }
    }
    digestRotation = (digestRotation + count) % all.size();
  }

  /** Half the time an active peer; otherwise a passive or lately failed one, to heal partitions. */
  private Peer antiEntropyPartner() {
    boolean fromActive = random.nextBoolean();
    if (fromActive || (passive.isEmpty() && failed.isEmpty())) {
      return randomActive(null);
    }
    int n = passive.size() + failed.size();
    int pick = random.nextInt(n);
    if (pick < passive.size()) {
      return nth(passive.values(), pick);
    }
    return nth(failed.values(), pick - passive.size()).peer;
  }

  private void onDigest(PeerId from, Digest digest, long now) throws BadFrame {
    if (digest.getBucketsCount() != TopicState.BUCKETS) {
      throw new BadFrame("digest of " + digest.getBucketsCount() + " buckets");
    }
    TopicState t = knownTopic(digest.getTopic());
    if (t == null) {
      return;
    }
    List<MessageId> ids =
        t.idsWhereDifferent(
            digest.getBucketsList(), MAX_IDS_PER_FRAME, random.nextInt(TopicState.BUCKETS));
    if (!ids.isEmpty()) {
      send(peerOf(from), Frames.digestReply(t.name, ids), now);
    }
  }

  private void onDigestReply(PeerId from, DigestReply reply, long now) throws BadFrame {
    List<MessageId> ids = ids(reply.getIdsList());
    TopicState t = knownTopic(reply.getTopic());
    if (t == null) {
      return;
    }
    List<MessageId> wanted = new ArrayList<>();
    for (MessageId id : ids) {
      if (!seen.contains(id)) {
        wanted.add(id);
      }
    }
    if (!wanted.isEmpty()) {
      counters.antiEntropyIds += wanted.size();
      send(peerOf(from), Frames.iwant(t.name, wanted, false), now);
    }
  }

  // ---------------------------------------------------------------- HyParView

  private void onJoin(PeerId from, Peer joiner, long now) {
    if (scores.isBanned(from, now)) {
      return;
    }
    addActive(joiner, now);
    send(joiner, Frames.neighborReply(self, true), now);
    Envelope forward = Frames.forwardJoin(joiner, config.activeRandomWalkLength());
    for (Link link : new ArrayList<>(active.values())) {
      if (!link.peer.id().equals(from)) {
        send(link, forward, now);
      }
    }
  }

  private void onForwardJoin(PeerId from, ForwardJoin fj, long now) throws BadFrame {
    Peer joiner = peer(fj.getJoiner(), null);
    if (joiner.id().equals(self.id()) || scores.isBanned(joiner.id(), now)) {
      return;
    }
    int ttl = Math.min(fj.getTtl(), config.activeRandomWalkLength());
    if (ttl == 0 || active.size() <= 1) {
      acceptJoiner(joiner, now);
      return;
    }
    if (ttl == config.passiveRandomWalkLength()) {
      addPassive(joiner);
    }
    Peer next = randomActive(p -> !p.equals(from) && !p.equals(joiner.id()));
    if (next == null) {
      acceptJoiner(joiner, now);
    } else {
      send(next, Frames.forwardJoin(joiner, ttl - 1), now);
    }
  }

  private void acceptJoiner(Peer joiner, long now) {
    if (!active.containsKey(joiner.id())) {
      addActive(joiner, now);
      send(joiner, Frames.neighborReply(self, true), now);
    }
  }

  private void onNeighbor(PeerId from, Neighbor neighbor, long now) throws BadFrame {
    Peer peer = peer(neighbor.getSender(), from);
    Failed lost = failed.get(from);
    boolean restore = neighbor.getReconnect() && lost != null && lost.linkLost;
    boolean accept =
        active.containsKey(from)
            || neighbor.getHighPriority()
            || active.size() < config.activeViewSize()
            || restore;
    if (accept) {
      if (restore) {
        restored(now);
      }
      addActive(peer, now);
    } else if (lost != null) {
      failed.remove(from);
      addPassive(peer);
    }
    send(peer, Frames.neighborReply(self, accept), now);
  }

  private void onNeighborReply(PeerId from, NeighborReply reply, long now) throws BadFrame {
    Peer peer = peer(reply.getSender(), from);
    boolean asked = pendingNeighbor.remove(from) != null;
    Failed lost = failed.remove(from);
    if (reply.getAccepted()) {
      if (asked || active.size() < config.activeViewSize() || active.containsKey(from)) {
        if (asked && lost != null && lost.linkLost) {
          restored(now);
        }
        addActive(peer, now);
      } else {
        // An acceptance we did not ask for and have no room for: tell the peer.
        send(peer, Frames.disconnect(), now);
        addPassive(peer);
      }
    } else {
      addPassive(peer);
      refillActive(now);
    }
  }

  private void onShuffle(PeerId from, Shuffle shuffle, long now) throws BadFrame {
    Peer origin = peer(shuffle.getOrigin(), null);
    if (shuffle.getPeersCount() > config.shuffleSize() + 1) {
      throw new BadFrame(shuffle.getPeersCount() + " peers in a shuffle");
    }
    List<Peer> offered = new ArrayList<>();
    for (PeerInfo info : shuffle.getPeersList()) {
      offered.add(peer(info, null));
    }
    int ttl = Math.min(shuffle.getTtl(), config.activeRandomWalkLength());
    if (ttl > 1 && active.size() > 1) {
      Peer next = randomActive(p -> !p.equals(from) && !p.equals(origin.id()));
      if (next != null) {
        send(next, Frames.shuffle(origin, ttl - 1, offered), now);
        return;
      }
    }
    if (!origin.id().equals(self.id()) && !origin.address().isEmpty()) {
      List<Peer> reply = sample(passive.values(), offered.size());
      send(origin, Frames.shuffleReply(reply), now);
    }
    for (Peer p : offered) {
      addPassive(p);
    }
  }

  private void shuffle(long now) {
    Peer target = randomActive(null);
    if (target == null) {
      return;
    }
    List<Peer> offered = new ArrayList<>();
    offered.add(self);
    int fromActive = Math.max(1, config.shuffleSize() / 3);
    offered.addAll(sample(activePeers(), fromActive));
    offered.addAll(sample(passive.values(), config.shuffleSize() - offered.size()));
    send(target, Frames.shuffle(self, config.passiveRandomWalkLength(), offered), now);
  }

  private void addActive(Peer peer, long now) {
    PeerId id = peer.id();
    if (id.equals(self.id()) || scores.isBanned(id, now)) {
      return;
    }
    Link existing = active.get(id);
    if (existing != null) {
      if (!peer.address().isEmpty()) {
        existing.peer = peer;
      }
      return;
    }
    if (active.size() >= config.activeViewSize()) {
      Peer evicted = randomActive(null);
      send(evicted, Frames.disconnect(), now);
      out.add(new Effect.Disconnect(evicted.id()));
      removeActive(evicted.id());
      addPassive(evicted);
    }
    Peer withAddress = peer.address().isEmpty() ? peerOf(id) : peer;
    Link link = new Link(withAddress, now);
    active.put(id, link);
    passive.remove(id);
    failed.remove(id);
    pendingNeighbor.remove(id);
    for (TopicState t : topics.values()) {
      t.makeEager(id);
    }
    catchUp(link, now);
  }

  /**
   * Tells a new neighbour what this node holds: the digest of each topic (older messages, which it
   * pulls by anti-entropy) and the ids of the messages too recent for the digest (which it pulls
   * like any lazy announcement). A link that re-forms after a partition so carries across
   * everything the other side missed, including what was still spreading when the partition healed.
   */
  private void catchUp(Link link, long now) {
    int sent = 0;
    for (TopicState t : topics.values()) {
      if (t.retainedCount() == 0) {
        continue;
      }
      if (sent++ == MAX_DIGEST_TOPICS_PER_ROUND) {
        return;
      }
      t.settle(now - antiEntropyDelayMillis);
      send(link, Frames.digest(t.name, t.digest()), now);
      List<MessageId> recent = t.unsettledIds(MAX_IDS_PER_FRAME);
      if (!recent.isEmpty()) {
        int[] hops = new int[recent.size()];
        for (int i = 0; i < hops.length; i++) {
          hops[i] = t.retained(recent.get(i)).hops;
        }
        send(link, Frames.ihave(t.name, recent, hops), now);
      }
    }
  }

  private void removeActive(PeerId id) {
    active.remove(id);
    for (TopicState t : topics.values()) {
      t.removePeer(id);
    }
  }

  private void addPassive(Peer peer) {
    PeerId id = peer.id();
    if (id.equals(self.id())
        || active.containsKey(id)
        || passive.containsKey(id)
        || peer.address().isEmpty()) {
      return;
    }
    if (passive.size() >= config.passiveViewSize()) {
      Peer dropped = randomOf(passive.values(), null);
      passive.remove(dropped.id());
    }
    passive.put(id, peer);
  }

  private void activeFailed(PeerId id, long now) {
    Link link = active.get(id);
    if (link == null) {
      return;
    }
    counters.peersFailed++;
    removeActive(id);
    out.add(new Effect.Disconnect(id));
    remember(link.peer, true, now);
    refillActive(now);
  }

  /**
   * Records a failed peer, or another failed attempt to reach one (which doubles the wait before
   * the next probe). {@code linkLost}: an active link to it was lost.
   */
  private void remember(Peer peer, boolean linkLost, long now) {
    if (peer.address().isEmpty()) {
      return;
    }
    Failed f = failed.get(peer.id());
    if (f == null) {
      f = new Failed(peer, now);
      f.backoff = reconnectBackoffMillis;
      failed.put(peer.id(), f);
      if (failed.size() > config.passiveViewSize()) {
        Iterator<PeerId> oldest = failed.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
    } else {
      f.backoff = Math.min(2 * f.backoff, reconnectBackoffMaxMillis);
    }
    f.nextProbeAt = now + f.backoff;
    f.linkLost |= linkLost;
  }

  /** A NEIGHBOR request to {@code peer} went unanswered or could not be delivered. */
  private void neighborFailed(PeerId peer, long now) {
    Peer p = passive.remove(peer);
    if (p != null) {
      remember(p, false, now);
    } else {
      Failed f = failed.get(peer);
      if (f != null) {
        remember(f.peer, false, now);
      }
    }
  }

  private void onLinkDown(PeerId peer, long now) {
    if (pendingNeighbor.remove(peer) != null) {
      neighborFailed(peer, now);
    }
    activeFailed(peer, now);
  }

  /** Probes the failed peer most overdue for it, when no other NEIGHBOR request is out. */
  private void probeFailed(long now) {
    if (!pendingNeighbor.isEmpty() || now < nextReconnectAt) {
      return;
    }
    Failed due = null;
    for (Failed f : failed.values()) {
      if (f.linkLost
          && f.nextProbeAt <= now
          && (due == null || f.nextProbeAt < due.nextProbeAt)
          && !scores.isBanned(f.peer.id(), now)) {
        due = f;
      }
    }
    if (due != null) {
      reconnect(due.peer, now);
    }
  }

  /** Asks a passive peer to become active when the active view has room and no request is out. */
  private void refillActive(long now) {
    if (active.size() >= config.activeViewSize() || !pendingNeighbor.isEmpty()) {
      return;
    }
    Peer candidate = randomOf(passive.values(), p -> !scores.isBanned(p, now));
    boolean linkLost = false;
    if (candidate == null) {
      List<Peer> failedPeers = new ArrayList<>(failed.size());
      for (Failed f : failed.values()) {
        failedPeers.add(f.peer);
      }
      candidate = randomOf(failedPeers, p -> !scores.isBanned(p, now));
      linkLost = candidate != null && failed.get(candidate.id()).linkLost;
    }
    if (candidate == null) {
      if (active.isEmpty()) {
        dialSeeds();
      }
      return;
    }
    pendingNeighbor.put(candidate.id(), now + neighborTimeoutMillis);
    send(candidate, Frames.neighbor(self, active.isEmpty(), linkLost), now);
  }

  // ---------------------------------------------------------------- timers

  private void setTimer(TimerKey key, long atMillis) {
    Long due = timerDue.get(key);
    if (due == null || atMillis < due) {
      timerDue.put(key, atMillis);
      out.add(new Effect.SetTimer(key, atMillis));
    }
  }

  private void onTimer(TimerKey key, long now) {
    Long due = timerDue.get(key);
    if (due == null || now < due) {
      return;
    }
    timerDue.remove(key);
    switch (key) {
      case HEARTBEAT:
        heartbeat(now);
        setTimer(TimerKey.HEARTBEAT, now + heartbeatMillis);
        break;
      case LAZY_PUSH:
        flushLazy(now);
        break;
      case GRAFT:
        graftMissing(now);
        break;
      default:
        throw new IllegalStateException("unknown timer " + key);
    }
  }

  private void heartbeat(long now) {
    List<PeerId> silent = null;
    for (Link link : active.values()) {
      if (now - link.lastHeard > failureTimeoutMillis) {
        if (silent == null) {
          silent = new ArrayList<>();
        }
        silent.add(link.peer.id());
      }
    }
    if (silent != null) {
      for (PeerId id : silent) {
        activeFailed(id, now);
      }
    }
    for (Link link : active.values()) {
      if (now - link.lastSent >= heartbeatMillis) {
        send(link, Frames.ping(), now);
      }
    }
    Iterator<Map.Entry<PeerId, Long>> pending = pendingNeighbor.entrySet().iterator();
    while (pending.hasNext()) {
      Map.Entry<PeerId, Long> e = pending.next();
      if (e.getValue() <= now) {
        pending.remove();
        neighborFailed(e.getKey(), now);
      }
    }
    refillActive(now);
    probeFailed(now);
    if (now >= nextShuffleAt) {
      nextShuffleAt = now + config.shuffleInterval().toMillis();
      shuffle(now);
    }
    if (now >= nextAntiEntropyAt) {
      nextAntiEntropyAt = now + config.antiEntropyInterval().toMillis();
      antiEntropy(now);
    }
    scores.heartbeat(now);
    seen.expire(now);
    for (TopicState t : topics.values()) {
      t.expire(now - retentionMillis);
    }
    Iterator<Failed> f = failed.values().iterator();
    while (f.hasNext()) {
      if (now - f.next().failedAt <= retentionMillis) {
        break;
      }
      f.remove();
    }
  }

  // ---------------------------------------------------------------- penalties

  private void invalid(PeerId from, String reason, long now) {
    counters.invalidFrames++;
    penalize(from, config.penaltyInvalidFrame(), reason, now);
  }

  private void penalize(PeerId peer, int points, String reason, long now) {
    long bannedUntil = scores.penalize(peer, points, now);
    if (bannedUntil < 0) {
      return;
    }
    counters.bans++;
    out.add(new Effect.PeerBanned(peer, reason, bannedUntil));
    if (active.containsKey(peer)) {
      removeActive(peer);
      refillActive(now);
    }
    passive.remove(peer);
    failed.remove(peer);
    pendingNeighbor.remove(peer);
    out.add(new Effect.Disconnect(peer));
  }

  // ---------------------------------------------------------------- helpers

  private void send(Peer to, Envelope envelope, long now) {
    if (to == null) {
      return;
    }
    Link link = active.get(to.id());
    if (link != null) {
      link.lastSent = now;
    }
    out.add(new Effect.Send(to, envelope));
  }

  private void send(Link link, Envelope envelope, long now) {
    if (link == null) {
      return;
    }
    link.lastSent = now;
    out.add(new Effect.Send(link.peer, envelope));
  }

  private List<Peer> activePeers() {
    List<Peer> peers = new ArrayList<>(active.size());
    for (Link link : active.values()) {
      peers.add(link.peer);
    }
    return peers;
  }

  private Peer randomActive(PeerFilter filter) {
    return randomOf(activePeers(), filter);
  }

  private interface PeerFilter {
    boolean test(PeerId peer);
  }

  private Peer randomOf(Collection<Peer> peers, PeerFilter filter) {
    List<Peer> candidates = new ArrayList<>(peers.size());
    for (Peer p : peers) {
      if (filter == null || filter.test(p.id())) {
        candidates.add(p);
      }
    }
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  private static <T> T nth(Collection<T> items, int index) {
    Iterator<T> it = items.iterator();
    for (int i = 0; i < index; i++) {
      it.next();
    }
    return it.next();
  }

  /** Up to {@code n} distinct peers drawn at random (partial Fisher-Yates over a copy). */
  private List<Peer> sample(Collection<Peer> peers, int n) {
    List<Peer> copy = new ArrayList<>(peers);
    int k = Math.min(n, copy.size());
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(copy.size() - i);
      Peer tmp = copy.get(i);
      copy.set(i, copy.get(j));
      copy.set(j, tmp);
    }
    return new ArrayList<>(copy.subList(0, Math.max(0, k)));
  }

  /** The subscribed topics, in subscription order. */
  public List<String> subscriptions() {
    return List.copyOf(subscribed);
  }
}
