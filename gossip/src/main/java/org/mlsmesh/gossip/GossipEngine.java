package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.wire.Envelope;

/**
 * The gossip router as a deterministic state machine: HyParView membership ({@link Membership}),
 * Plumtree broadcast per topic ({@link Broadcast}), anti-entropy by per-topic digests ({@link
 * AntiEntropy}), direct messages ({@link DirectMessages}), and per-peer penalties, rate limits and
 * bans ({@link Penalties}). This class is their facade: it checks each frame, hands it to the part
 * that owns it, and runs the timers.
 *
 * <p>It is driven by {@link #onInput(Input, long)} and answers with {@link Effect}s; time is a
 * parameter and randomness comes from the injected generator, so the same inputs give the same
 * effects. It is mutable and not thread-safe: one owner (an actor, an event loop, the simulator)
 * calls it. Every topic of the global overlay is relayed; only subscribed topics are validated and
 * delivered. A group topic ({@link Input.SetGroup}) is carried only among its members ({@link
 * GroupTopics}).
 */
public final class GossipEngine {
  /** The reserved topic that carries direct messages over the overlay. */
  public static final String DIRECT_TOPIC = "mlsmesh/direct";

  static final int MAX_TOPIC_LENGTH = 256;
  static final int MAX_ADDRESS_LENGTH = 256;
  static final int MAX_IDS_PER_FRAME = 1024;

  private final Peer self;
  private final GossipConfig config;
  private final RandomGenerator random;
  private final long heartbeatMillis;
  private final FrameLimits limits;
  private final Counters counters = new Counters();
  private final PeerScores scores;
  private final Links links = new Links();
  private final Outbox out = new Outbox(links);
  private final Membership membership;
  private final Penalties penalties;
  private final Broadcast broadcast;
  private final AntiEntropy antiEntropy;
  private final DirectMessages directs;
  private final GroupTopics groups;
  private final RootedTree tree;
  private boolean started;

  /** Counters of what the engine dropped or did, for metrics and tests. */
  public static final class Counters {
    public long invalidFrames;
    public long rateLimitedFrames;

    /** Frames that put their sender in debt of bytes: the shell was told to stop reading. */
    public long throttles;

    /** Frames dropped because their sender kept sending at its limit of debt. */
    public long overBudgetFrames;

    /** Frames larger than any honest frame of their kind (padding, unknown fields). */
    public long oversizedForKind;

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

    /** Announced messages whose pulls all went unanswered, left to anti-entropy. */
    public long abandonedPulls;

    public long antiEntropyIds;
    public long bans;

    /** Eager links swapped for shorter lazy ones (Plumtree's optimization). */
    public long treeOptimizations;

    /** Pulls and digests of a group topic from peers that are not its members, not answered. */
    public long groupRefusals;
  }

  /**
   * @param signatures this node's signatures over its root terms, and the check of other roots'
   *     ({@link RootSignatures#insecure} in simulations and tests only)
   */
  public GossipEngine(
      Peer self,
      GossipConfig config,
      RandomGenerator random,
      Validator validator,
      RootSignatures signatures) {
    this.self = Objects.requireNonNull(self, "self");
    Objects.requireNonNull(signatures, "signatures");
    this.config = Objects.requireNonNull(config, "config");
    this.random = Objects.requireNonNull(random, "random");
    Objects.requireNonNull(validator, "validator");
    this.heartbeatMillis = config.heartbeatInterval().toMillis();
    this.limits = new FrameLimits(config);
    this.scores = new PeerScores(config);
    this.membership =
        new Membership(
            self,
            config,
            random,
            links,
            out,
            scores,
            counters,
            new Membership.LinkEvents() {
              @Override
              public void linkAdded(Link link, long now) {
                broadcast.linkAdded(link.peer.id());
                antiEntropy.catchUp(link, now);
              }

              @Override
              public void linkRemoved(PeerId peer, long now) {
                broadcast.linkRemoved(peer);
                tree.linkRemoved(peer, now);
              }
            });
    this.penalties = new Penalties(self, config, scores, out, membership, counters);
    this.groups = new GroupTopics(self, out, config.lazyPushDelay().toMillis(), membership::peerOf);
    this.broadcast =
        new Broadcast(
            config,
            links,
            out,
            membership,
            scores,
            penalties,
            validator,
            counters,
            this::directFromOverlay,
            groups);
    this.tree =
        new RootedTree(
            self.id(),
            new RootTerms(self.id(), signatures),
            links,
            out,
            random,
            heartbeatMillis,
            config.treeOptimizationGain().toMillis(),
            config.treeOptimizationInterval().toMillis(),
            broadcast::anyLossy,
            broadcast::treeChanged);
    broadcast.useTree(tree);
    this.antiEntropy =
        new AntiEntropy(config, random, out, membership, broadcast, groups, counters);
    this.directs = new DirectMessages(self, config, random, links, out, broadcast);
  }

  private void directFromOverlay(ByteString payload) {
    directs.fromOverlay(payload);
  }

  /** Processes one input at {@code nowMillis} and returns what the shell must do, in order. */
  public List<Effect> onInput(Input input, long nowMillis) {
    out.begin();
    if (input instanceof Input.FrameReceived f) {
      onFrame(f.from(), f.frame(), nowMillis);
    } else if (input instanceof Input.EnvelopeReceived f) {
      onDecodedFrame(f.from(), f.envelope(), nowMillis);
    } else if (input instanceof Input.TimerFired t) {
      onTimer(t.key(), nowMillis);
    } else if (input instanceof Input.Publish p) {
      publish(p.topic(), p.payload(), nowMillis);
    } else if (input instanceof Input.Subscribe s) {
      broadcast.subscribe(checkTopic(s.topic()));
    } else if (input instanceof Input.Unsubscribe u) {
      broadcast.unsubscribe(u.topic());
      groups.remove(u.topic());
    } else if (input instanceof Input.SetGroup g) {
      groups.set(checkTopic(g.topic()), g.members());
      broadcast.group(g.topic());
    } else if (input instanceof Input.SendDirect d) {
      directs.send(d.to(), d.payload(), nowMillis);
    } else if (input instanceof Input.LinkUp l) {
      membership.linkUp(l.peer(), nowMillis);
    } else if (input instanceof Input.LinkDown l) {
      membership.linkDown(l.peer(), nowMillis);
    } else if (input instanceof Input.Start) {
      start(nowMillis);
    } else {
      throw new IllegalArgumentException("unknown input " + input);
    }
    return out.finish();
  }

  // ---------------------------------------------------------------- introspection

  public Peer self() {
    return self;
  }

  public List<PeerId> activeView() {
    return List.copyOf(links.ids());
  }

  /** The size of {@link #activeView()}, without the copy. */
  public int activeViewSize() {
    return links.size();
  }

  public List<PeerId> passiveView() {
    return membership.passiveView();
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

  /** The root of the global overlay's broadcast tree as this node knows it; null when none. */
  public PeerId treeRoot() {
    return tree.root();
  }

  /** This node's parent in the global overlay's broadcast tree; null for the root or none. */
  public PeerId treeParent() {
    return tree.parent();
  }

  /** The peers this node currently pushes {@code topic} to eagerly. */
  public List<PeerId> eagerPeers(String topic) {
    TopicState t = broadcast.existing(topic);
    return t == null ? List.of() : List.copyOf(t.eager);
  }

  public int retainedCount(String topic) {
    TopicState t = broadcast.existing(topic);
    return t == null ? 0 : t.retainedCount();
  }

  /** The group topics ({@link Input.SetGroup}), in the order they were declared. */
  public List<String> groupTopics() {
    return groups.topics();
  }

  /** The members of the group topic {@code topic} (self included), by peer id; empty if none. */
  public List<PeerId> groupMembers(String topic) {
    return groups.members(topic);
  }

  /**
   * The frames received that named {@code topic} (pushes, pulls, announcements, digests and their
   * answers), whether this node relays it or not; 0 for a topic never named.
   */
  public long framesReceived(String topic) {
    TopicState t = broadcast.existing(topic);
    return t == null ? 0 : t.framesReceived;
  }

  /** The subscribed topics, in subscription order. */
  public List<String> subscriptions() {
    return broadcast.subscriptions();
  }

  // ---------------------------------------------------------------- application calls

  private void start(long now) {
    if (started) {
      return;
    }
    started = true;
    membership.scheduleFirstShuffle(now);
    antiEntropy.scheduleFirstRound(now);
    membership.dialSeeds(now);
    out.setTimer(TimerKey.HEARTBEAT, now + 1 + random.nextLong(heartbeatMillis));
  }

  private static String checkTopic(String topic) {
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
    broadcast.broadcastNew(topic, payload, now);
  }

  // ---------------------------------------------------------------- frames

  private void onFrame(PeerId from, ByteString frame, long now) {
    if (!penalties.admit(from, frame.size(), now)) {
      return;
    }
    if (frame.size() > config.maxFrameBytes()) {
      penalties.invalid(from, "oversized frame", now);
      return;
    }
    Envelope envelope;
    try {
      envelope = Envelope.parseFrom(frame);
    } catch (InvalidProtocolBufferException e) {
      penalties.invalid(from, "unparseable frame", now);
      return;
    }
    onEnvelope(from, envelope, frame.size(), now);
  }

  private void onDecodedFrame(PeerId from, Envelope envelope, long now) {
    int size = envelope.getSerializedSize();
    if (!penalties.admit(from, size, now)) {
      return;
    }
    if (size > config.maxFrameBytes()) {
      penalties.invalid(from, "oversized frame", now);
      return;
    }
    onEnvelope(from, envelope, size, now);
  }

  private void onEnvelope(PeerId from, Envelope envelope, int size, long now) {
    if (envelope.getVersion() != Frames.VERSION) {
      penalties.invalid(from, "unknown version " + envelope.getVersion(), now);
      return;
    }
    if (size > limits.maxBytes(envelope.getBodyCase())) {
      counters.oversizedForKind++;
      penalties.invalid(from, size + " bytes for a " + envelope.getBodyCase() + " frame", now);
      return;
    }
    membership.heard(from, envelope, now);
    try {
      dispatch(from, envelope, now);
    } catch (BadFrame e) {
      penalties.invalid(from, e.getMessage(), now);
    }
  }

  private void dispatch(PeerId from, Envelope envelope, long now) throws BadFrame {
    switch (envelope.getBodyCase()) {
      case PUBLISH -> broadcast.onPublish(from, envelope.getPublish(), now);
      case IHAVE -> broadcast.onIHave(from, envelope.getIhave(), now);
      case IWANT -> broadcast.onIWant(from, envelope.getIwant(), now);
      case PRUNE -> broadcast.onPrune(from, envelope.getPrune().getTopic(), now);
      case JOIN ->
          membership.onJoin(from, membership.peerFrom(envelope.getJoin().getSender(), from), now);
      case FORWARD_JOIN -> membership.onForwardJoin(from, envelope.getForwardJoin(), now);
      case NEIGHBOR -> membership.onNeighbor(from, envelope.getNeighbor(), now);
      case NEIGHBOR_REPLY -> membership.onNeighborReply(from, envelope.getNeighborReply(), now);
      case DISCONNECT -> membership.onDisconnect(from, now);
      case SHUFFLE -> membership.onShuffle(from, envelope.getShuffle(), now);
      case SHUFFLE_REPLY -> membership.onShuffleReply(envelope.getShuffleReply().getPeersList());
      case PING -> {}
      case DIGEST -> antiEntropy.onDigest(from, envelope.getDigest(), now);
      case DIGEST_REPLY -> antiEntropy.onDigestReply(from, envelope.getDigestReply(), now);
      case DIRECT -> directs.onDirect(from, envelope.getDirect());
      case BEACON -> tree.onBeacon(from, envelope.getBeacon(), now);
      default -> throw new BadFrame("empty or unknown body");
    }
  }

  /** Message ids read from a frame: at most {@link #MAX_IDS_PER_FRAME}, each of the right size. */
  static List<MessageId> ids(List<ByteString> raw) throws BadFrame {
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

  // ---------------------------------------------------------------- timers

  private void onTimer(TimerKey key, long now) {
    if (!out.fire(key, now)) {
      return;
    }
    switch (key) {
      case HEARTBEAT -> {
        heartbeat(now);
        out.setTimer(TimerKey.HEARTBEAT, now + heartbeatMillis);
      }
      case LAZY_PUSH -> {
        broadcast.flushLazy(now);
        groups.flush(now);
      }
      case GRAFT -> broadcast.graftMissing(now);
      case ANTI_ENTROPY -> antiEntropy.round(now);
      default -> throw new IllegalStateException("unknown timer " + key);
    }
  }

  private void heartbeat(long now) {
    membership.heartbeat(now);
    tree.heartbeat(now);
    scores.heartbeat(now);
    broadcast.expire(now);
    membership.expireFailed(now);
  }
}
