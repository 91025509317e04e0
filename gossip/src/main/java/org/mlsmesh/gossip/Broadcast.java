package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.IHave;
import org.mlsmesh.gossip.wire.IWant;
import org.mlsmesh.gossip.wire.Publish;

/**
 * Plumtree broadcast, per topic: eager push along a tree, lazy IHAVE announcements to the other
 * linked peers, pull by id (IWANT) of what was announced but not pushed. Once this peer has heard
 * of a root, every topic of the global overlay pushes along the {@link RootedTree} (its parent and
 * children), which beacons shape; a duplicate then prunes nothing. Before, Plumtree's own tree
 * applies: GRAFT/PRUNE repair where both ends keep at least {@value #MIN_EAGER} eager link, and the
 * tree optimization. Every topic of the global overlay is relayed; only subscribed ones are
 * validated and delivered. A group topic travels instead among its members only, along {@link
 * GroupTopics}' trees. Messages are deduplicated by id in a seen-cache and retained per topic for
 * pulls and anti-entropy.
 */
final class Broadcast {
  static final int MIN_EAGER = 1;
  static final int GRAFT_AFTER_PULLS = 1;
  static final int MAX_MISSING = 100_000;

  /**
   * Bound on one sample of the tree optimization (either way), so that a peer cannot sway the mean
   * much with one announcement of an absurd age.
   */
  static final long MAX_GAIN_MILLIS = 1_000;

  /**
   * Pulls of one announced message before it is left to anti-entropy. The announcers are asked in
   * turn, each again after the others, since under loss the IWANT or its answer may be lost.
   */
  static final int MAX_PULLS = 8;

  private final GossipConfig config;
  private final Links active;
  private final Outbox out;
  private final Membership membership;
  private final PeerScores scores;
  private final Penalties penalties;
  private final Validator validator;
  private final GossipEngine.Counters counters;
  private final Consumer<ByteString> directFromOverlay;
  private final GroupTopics groups;
  private RootedTree tree;
  private final long lazyDelayMillis;
  private final long graftTimeoutMillis;
  private final long neighborTimeoutMillis;
  private final long retentionMillis;
  private final long optimizationGainMillis;
  private final long optimizationIntervalMillis;

  private final LinkedHashMap<String, TopicState> topics = new LinkedHashMap<>();
  private final LinkedHashSet<String> subscribed = new LinkedHashSet<>();
  private final SeenCache seen;
  private final LinkedHashMap<MessageId, Missing> missing = new LinkedHashMap<>();

  /** A message announced to us but not received yet: whom to pull it from, and when. */
  private static final class Missing {
    final String topic;
    final ArrayDeque<PeerId> announcers = new ArrayDeque<>();
    long deadline;
    int pulls;

    /**
     * The announcer whose push would have arrived first, and when (the IHAVE's arrival minus the
     * age it gave), for the tree optimization.
     */
    PeerId nearest;

    long nearestAt = Long.MAX_VALUE;

    /** The wait between two pulls of it. */
    long retryMillis;

    Missing(String topic, long deadline) {
      this.topic = topic;
      this.deadline = deadline;
    }
  }

  /**
   * @param directFromOverlay receives each new message on {@link GossipEngine#DIRECT_TOPIC}, which
   *     is relayed like any other but never delivered as a broadcast
   */
  Broadcast(
      GossipConfig config,
      Links active,
      Outbox out,
      Membership membership,
      PeerScores scores,
      Penalties penalties,
      Validator validator,
      GossipEngine.Counters counters,
      Consumer<ByteString> directFromOverlay,
      GroupTopics groups) {
    this.config = config;
    this.active = active;
    this.out = out;
    this.membership = membership;
    this.scores = scores;
    this.penalties = penalties;
    this.validator = validator;
    this.counters = counters;
    this.directFromOverlay = directFromOverlay;
    this.groups = groups;
    this.lazyDelayMillis = config.lazyPushDelay().toMillis();
    this.graftTimeoutMillis = config.graftTimeout().toMillis();
    this.neighborTimeoutMillis = config.neighborRequestTimeout().toMillis();
    this.retentionMillis = config.retention().toMillis();
    this.optimizationGainMillis = config.treeOptimizationGain().toMillis();
    this.optimizationIntervalMillis = config.treeOptimizationInterval().toMillis();
    this.seen = new SeenCache(config.seenCacheTtl().toMillis(), config.seenCacheMaxEntries());
  }

  /** The rooted tree that the global topics push along once it has a root. */
  void useTree(RootedTree tree) {
    this.tree = tree;
  }

  private boolean rooted() {
    return tree != null && tree.rooted();
  }

  /** Whether a topic of the global overlay loses many of its pushes (see TopicState#lossy). */
  boolean anyLossy() {
    for (TopicState t : topics.values()) {
      if (!t.group && t.lossy()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The rooted tree's links of this peer changed: every topic of the global overlay pushes to them
   * and only to them, and asks a new parent to push to it (GRAFT without ids).
   */
  void treeChanged(long now) {
    if (!rooted()) {
      return;
    }
    for (TopicState t : topics.values()) {
      if (!t.group) {
        fitToTree(t, now);
      }
    }
  }

  private void fitToTree(TopicState t, long now) {
    for (PeerId peer : List.copyOf(t.eager)) {
      if (!tree.isTreeLink(peer)) {
        t.makeLazy(peer);
      }
    }
    for (PeerId peer : tree.links()) {
      if (!t.eager.contains(peer)) {
        t.makeEager(peer);
        if (tree.isUplink(peer)) {
          out.send(active.get(peer), Frames.iwant(t.name, List.of(), true), now);
        }
      }
    }
  }

  // ---------------------------------------------------------------- topics

  /**
   * Subscribes to {@code topic} and delivers what this node retained of it while it only relayed
   * it: a node that joins a topic late (a new member of a group) gets what was sent just before.
   * The validator judges each one as if it had just arrived; a pulled message's origin is not kept,
   * so this node's own id stands for it.
   */
  void subscribe(String topic) {
    boolean added = subscribed.add(topic);
    TopicState t = topic(topic);
    if (!added || t.name.equals(GossipEngine.DIRECT_TOPIC)) {
      return;
    }
    t.forEachRetained(
        (id, r) -> {
          PeerId from = r.pushedBy != null ? r.pushedBy : membership.selfId();
          if (validator.validate(t.name, id, r.payload, from) == Verdict.ACCEPT) {
            counters.delivered++;
            out.add(new Effect.Deliver(t.name, id, r.payload, from, r.hops));
          }
        });
  }

  void unsubscribe(String topic) {
    subscribed.remove(topic);
  }

  boolean isSubscribed(String topic) {
    return subscribed.contains(topic);
  }

  List<String> subscriptions() {
    return List.copyOf(subscribed);
  }

  boolean hasSeen(MessageId id) {
    return seen.contains(id);
  }

  /** The topics, in the order they were first used. */
  Collection<TopicState> topics() {
    return topics.values();
  }

  /** The topic's state, or null when it was never used. */
  TopicState existing(String name) {
    return topics.get(name);
  }

  /** The state of a topic named in a frame, created on first use; null at the topic bound. */
  TopicState named(String name) throws BadFrame {
    if (name.isEmpty() || name.length() > GossipEngine.MAX_TOPIC_LENGTH) {
      throw new BadFrame("topic name of " + name.length() + " characters");
    }
    TopicState t = topic(name);
    if (t != null) {
      t.framesReceived++;
    }
    return t;
  }

  /** The topic's state, created on first use; null when the topic bound is reached. */
  private TopicState topic(String name) {
    TopicState t = topics.get(name);
    if (t == null) {
      if (topics.size() >= config.maxTopics()) {
        return null;
      }
      t = new TopicState(name);
      if (groups.isGroup(name)) {
        t.group = true;
      } else if (rooted()) {
        t.lazy.addAll(active.ids());
        for (PeerId peer : tree.links()) {
          t.makeEager(peer);
        }
      } else {
        t.eager.addAll(active.ids());
      }
      topics.put(name, t);
    }
    return t;
  }

  /**
   * Makes {@code t} a group topic (declared here, or a frame said so): it leaves the global tree
   * and its announcements queued for linked peers are dropped.
   */
  void makeGroup(TopicState t) {
    if (t == null || t.group) {
      return;
    }
    t.makeGroup();
    for (Link link : active.all()) {
      if (link.lazy != null) {
        link.lazy.remove(t.name);
      }
    }
  }

  /**
   * A frame says {@code t} is a group's topic. When no roster declared it here, it becomes one
   * unless this node subscribed to it as a topic of the global overlay (a peer cannot take a global
   * topic off the overlay): returns whether the topic is a group topic now.
   */
  boolean markedGroup(TopicState t) {
    if (!t.group && !subscribed.contains(t.name)) {
      makeGroup(t);
    }
    return t.group;
  }

  /** The topic's state (created) made a group topic; null at the topic bound. */
  TopicState group(String name) {
    TopicState t = topic(name);
    makeGroup(t);
    return t;
  }

  /** The peer with this id as a group member or as the membership knows it. */
  Peer peerOf(PeerId id) {
    Peer member = groups.member(id);
    return member != null ? member : membership.peerOf(id);
  }

  /**
   * A new link is eager on every topic of the global overlay until a duplicate prunes it; once this
   * peer has a root, only if it is a link of the rooted tree.
   */
  void linkAdded(PeerId peer) {
    for (TopicState t : topics.values()) {
      if (t.group) {
        continue;
      }
      if (!rooted() || tree.isTreeLink(peer)) {
        t.makeEager(peer);
      } else {
        t.makeLazy(peer);
      }
    }
  }

  void linkRemoved(PeerId peer) {
    for (TopicState t : topics.values()) {
      t.removePeer(peer);
    }
  }

  /** Forgets expired ids and messages retained longer than the retention. */
  void expire(long now) {
    seen.expire(now);
    for (TopicState t : topics.values()) {
      t.expire(now - retentionMillis);
    }
  }

  // ---------------------------------------------------------------- push

  /** Broadcasts a message of this node (or a direct message routed over the overlay). */
  void broadcastNew(String topic, ByteString payload, long now) {
    MessageId id = MessageId.ofPayload(payload);
    if (!seen.add(id, now)) {
      return;
    }
    TopicState t = topic(topic);
    if (t == null) {
      return;
    }
    TopicState.Retained r = t.retain(id, payload, 0, null, now, config.retentionMaxMessages());
    if (t.group) {
      r.origin = membership.selfId();
      groups.forward(t.name, id, payload, 0, r.origin, null, now);
    } else {
      forward(t, id, payload, 0, null, null, now);
    }
  }

  void onPublish(PeerId from, Publish publish, long now) throws BadFrame {
    ByteString payload = publish.getPayload();
    if (payload.size() > config.maxPayloadBytes()) {
      throw new BadFrame("payload of " + payload.size() + " bytes");
    }
    PeerId origin = null;
    if (!publish.getOrigin().isEmpty()) {
      if (publish.getOrigin().size() != PeerId.LENGTH) {
        throw new BadFrame("origin of " + publish.getOrigin().size() + " bytes");
      }
      origin = PeerId.fromBytes(publish.getOrigin());
    }
    TopicState t = named(publish.getTopic());
    if (t == null) {
      return;
    }
    if (origin != null) {
      markedGroup(t);
    }
    MessageId id = MessageId.ofPayload(payload);
    if (seen.contains(id)) {
      counters.duplicates++;
      if (t.group) {
        return; // a group's tree is fixed by its roster: nothing to prune
      }
      // Plumtree PRUNE on a pushed duplicate. Both ends keep at least MIN_EAGER eager links (the
      // other end refuses a prune below that), so the tree may have leaves. Concurrent messages
      // from different publishers may prune different edges of one cycle and cut the tree: the
      // pieces pull what they miss (after the graft timeout) and graft back. A peer that refused
      // is not asked again; one that pushes while lazy here is told to stop; a link swapped by
      // the tree optimization just now is not pruned by a duplicate sent before the swap.
      if (rooted()) {
        return; // the rooted tree is shaped by beacons, not by duplicates
      }
      if (!publish.getPulled() && active.contains(from)) {
        if (t.lossy()) {
          t.makeEager(from);
        } else if (!t.eager.contains(from)) {
          out.send(active.get(from), Frames.prune(t.name), now);
        } else if (t.eager.size() > MIN_EAGER
            && !t.pinned.contains(from)
            && !justSwapped(t, from, now)) {
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
    t.countNew(publish.getPulled());
    int hops = publish.getHops();
    Verdict verdict = Verdict.ACCEPT;
    if (t.name.equals(GossipEngine.DIRECT_TOPIC)) {
      directFromOverlay.accept(payload);
    } else if (subscribed.contains(t.name)) {
      verdict = validator.validate(t.name, id, payload, from);
    }
    switch (verdict) {
      case REJECT:
        penalties.rejected(from, now);
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
    if (origin != null && !t.group) {
      return; // a group's message on a topic subscribed here without its roster: not relayed
    }
    TopicState.Retained r =
        t.retain(
            id,
            payload,
            hops,
            publish.getPulled() ? null : from,
            now,
            config.retentionMaxMessages());
    if (t.group) {
      // A frame without an origin on a group topic comes from a peer that does not know the group
      // yet: the tree is rooted at that peer if it is a member, else here.
      r.origin = origin != null ? origin : from;
      groups.forward(t.name, id, payload, hops, r.origin, from, now);
      return;
    }
    if (publish.getPulled()) {
      t.pullStreak++;
    } else {
      t.pullStreak = 0;
      // A push from a peer pruned just now was on its way before the PRUNE arrived: it stays lazy.
      if (!rooted() && active.contains(from) && !justPruned(t, from, now)) {
        t.makeEager(from);
      }
      if (announced != null && announced.nearest != null) {
        measure(t, from, announced.nearest, now - announced.nearestAt, now);
      }
    }
    forward(t, id, payload, hops, from, announced, now);
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
        out.send(active.get(peer), frame, now);
      }
    }
    for (PeerId peer : t.lazy) {
      if (!peer.equals(from) && !(announced != null && announced.announcers.contains(peer))) {
        Link link = active.get(peer);
        if (link.lazy == null) {
          link.lazy = new LinkedHashMap<>();
        }
        link.lazy.computeIfAbsent(t.name, n -> new Announcements()).add(id, hops, now);
        out.setTimer(TimerKey.LAZY_PUSH, now + lazyDelayMillis);
      }
    }
  }

  // ---------------------------------------------------------------- tree repair

  void onPrune(PeerId from, String topic, long now) {
    if (rooted()) {
      tree.childLeft(from, now);
      return;
    }
    TopicState t = topics.get(topic);
    if (t != null && active.contains(from) && t.eager.contains(from)) {
      if (t.eager.size() > MIN_EAGER && !t.lossy()) {
        t.makeLazy(from);
      } else {
        // Refused: the link is one of our last; ask the peer to keep pushing too (GRAFT).
        out.send(active.get(from), Frames.iwant(t.name, List.of(), true), now);
      }
    }
  }

  private void prune(TopicState t, PeerId peer, long now) {
    t.makeLazy(peer);
    t.prunedAt.put(peer, now);
    out.send(active.get(peer), Frames.prune(t.name), now);
  }

  /**
   * The latency-aware tree optimization (Plumtree's, on measured delays averaged over messages): a
   * message that the eager peer {@code eagerPeer} pushed here would have arrived {@code gainMillis}
   * sooner from the lazy peer {@code lazyPeer}. When that pair's mean gain ({@link PathGains})
   * reaches {@code tree-optimization-gain}, the lazy peer becomes eager (GRAFT) and the eager one
   * lazy (PRUNE): the number of eager links stays the same, and the tree stays connected (a lazy
   * peer that pushes sooner is on the eager peer's side, so its path does not use the pruned link).
   * A lazy peer that is not faster never replaces anyone.
   */
  private void measure(TopicState t, PeerId eagerPeer, PeerId lazyPeer, long gainMillis, long now) {
    if (optimizationGainMillis == 0
        || rooted()
        || lazyPeer.equals(eagerPeer)
        || !t.eager.contains(eagerPeer)
        || !t.lazy.contains(lazyPeer)
        || t.pinned.contains(eagerPeer)
        || t.lossy()) {
      return;
    }
    long gain = Math.max(-MAX_GAIN_MILLIS, Math.min(MAX_GAIN_MILLIS, gainMillis));
    if (!t.gains.add(eagerPeer, lazyPeer, gain, optimizationGainMillis)
        || now < t.nextOptimizationAt) {
      return;
    }
    t.nextOptimizationAt = now + optimizationIntervalMillis;
    counters.treeOptimizations++;
    t.gains.clear();
    t.makeEager(lazyPeer);
    t.swappedAt.put(lazyPeer, now);
    out.send(active.get(lazyPeer), Frames.iwant(t.name, List.of(), true), now);
    prune(t, eagerPeer, now);
  }

  /** Whether this node pruned {@code peer} less than a NEIGHBOR timeout ago. */
  private boolean justPruned(TopicState t, PeerId peer, long now) {
    Long at = t.prunedAt.get(peer);
    return at != null && now - at <= neighborTimeoutMillis;
  }

  /** Whether {@code peer} became eager by a tree optimization less than an interval ago. */
  private boolean justSwapped(TopicState t, PeerId peer, long now) {
    Long at = t.swappedAt.get(peer);
    return at != null && now - at < optimizationIntervalMillis;
  }

  // ---------------------------------------------------------------- lazy push and pull

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

  /** Sends the queued announcements, batched per link and topic. */
  void flushLazy(long now) {
    for (Link link : active.all()) {
      if (link.lazy == null) {
        continue;
      }
      List<Envelope> frames = new ArrayList<>();
      for (Map.Entry<String, Announcements> byTopic : link.lazy.entrySet()) {
        byTopic
            .getValue()
            .frames(
                byTopic.getKey(), GossipEngine.MAX_IDS_PER_FRAME, false, !rooted(), now, frames);
      }
      for (Envelope frame : frames) {
        out.send(link, frame, now);
      }
      link.lazy = null;
    }
  }

  void onIHave(PeerId from, IHave ihave, long now) throws BadFrame {
    List<MessageId> ids = GossipEngine.ids(ihave.getIdsList());
    int hopCount = ihave.getHopsCount();
    if (hopCount != 0 && hopCount != ids.size()) {
      throw new BadFrame(hopCount + " hop counts for " + ids.size() + " ids");
    }
    int ageCount = ihave.getAgesCount();
    if (ageCount != 0 && ageCount != ids.size()) {
      throw new BadFrame(ageCount + " ages for " + ids.size() + " ids");
    }
    TopicState t = named(ihave.getTopic());
    if (t == null) {
      return;
    }
    if (ihave.getGroup() && !markedGroup(t)) {
      return;
    }
    for (int i = 0; i < ids.size(); i++) {
      MessageId id = ids.get(i);
      // When a push from the announcer would have arrived; unknown without its age.
      long pushAt = ageCount == 0 ? Long.MAX_VALUE : now - Integer.toUnsignedLong(ihave.getAges(i));
      if (seen.contains(id)) {
        unqueue(from, t.name, id);
        TopicState.Retained r = t.retained(id);
        if (r != null && r.pushedBy != null && pushAt != Long.MAX_VALUE) {
          measure(t, r.pushedBy, from, r.atMillis - pushAt, now);
        }
        continue;
      }
      Missing m = missing.get(id);
      if (m == null) {
        if (missing.size() >= MAX_MISSING) {
          continue;
        }
        long wait = pullWait(t);
        m = new Missing(t.name, now + (t.lossy() ? wait / 4 : wait));
        m.retryMillis = Math.max(1, wait / 2);
        missing.put(id, m);
        out.setTimer(TimerKey.GRAFT, m.deadline);
      }
      if (!m.announcers.contains(from) && m.announcers.size() < 2 * config.activeViewSize()) {
        m.announcers.add(from);
      }
      if (pushAt < m.nearestAt) {
        m.nearest = from;
        m.nearestAt = pushAt;
      }
    }
  }

  /**
   * How long after an IHAVE a missing message of {@code t} is pulled (a quarter of it on a lossy
   * topic, whose eager copy this wait is for is likely lost), and twice the wait between retries:
   * the graft timeout, half of it on the rooted tree (its pushes come first over the fastest path,
   * so few are late by that much).
   */
  private long pullWait(TopicState t) {
    return !t.group && rooted() ? graftTimeoutMillis / 2 : graftTimeoutMillis;
  }

  /**
   * Pulls ids that {@code holder} is known to hold (anti-entropy found them) now, and again, in
   * turn with any announcers, while the IWANT or its answer is lost, like announced messages.
   */
  void pull(PeerId holder, String topic, List<MessageId> ids, long now) {
    boolean any = false;
    for (MessageId id : ids) {
      if (seen.contains(id)) {
        continue;
      }
      Missing m = missing.get(id);
      if (m == null) {
        if (missing.size() >= MAX_MISSING) {
          continue;
        }
        m = new Missing(topic, now);
        m.retryMillis = Math.max(1, graftTimeoutMillis / 2);
        missing.put(id, m);
      }
      if (!m.announcers.contains(holder) && m.announcers.size() < 2 * config.activeViewSize()) {
        m.announcers.addFirst(holder);
      }
      m.deadline = now;
      any = true;
    }
    if (any) {
      graftMissing(now);
    }
  }

  /** Pulls the missing ids whose wait is over, batched per announcer and topic. */
  void graftMissing(long now) {
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
      while (announcer != null && scores.isBanned(announcer, now)) {
        announcer = m.announcers.poll();
      }
      if (announcer == null) {
        it.remove();
        counters.abandonedPulls++;
        continue;
      }
      if (++m.pulls < MAX_PULLS) {
        m.announcers.add(announcer);
      }
      pulls
          .computeIfAbsent(announcer, p -> new LinkedHashMap<>())
          .computeIfAbsent(m.topic, n -> new ArrayList<>())
          .add(e.getKey());
      m.deadline = now + m.retryMillis;
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
                && !t.group
                && !rooted()
                && active.contains(announcer)
                && (t.pullStreak >= GRAFT_AFTER_PULLS || t.eager.isEmpty());
        if (graft) {
          counters.graftedIds += byTopic.getValue().size();
          t.makeEager(announcer);
          t.pullStreak = 0;
        }
        out.send(peerOf(announcer), Frames.iwant(byTopic.getKey(), byTopic.getValue(), graft), now);
      }
    }
    if (nextDeadline != Long.MAX_VALUE) {
      out.setTimer(TimerKey.GRAFT, nextDeadline);
    }
  }

  void onIWant(PeerId from, IWant iwant, long now) throws BadFrame {
    List<MessageId> ids = GossipEngine.ids(iwant.getIdsList());
    TopicState t = named(iwant.getTopic());
    if (t == null) {
      return;
    }
    if (t.group) {
      answerGroupPull(t, from, ids, now);
      return;
    }
    if (iwant.getGraft() && active.contains(from) && rooted()) {
      tree.childJoined(from, now);
    } else if (iwant.getGraft() && active.contains(from)) {
      Long prunedAt = t.prunedAt.remove(from);
      if (ids.isEmpty() && prunedAt != null && now - prunedAt <= neighborTimeoutMillis) {
        t.pinned.add(from); // the answer to our PRUNE: it refused
      } else if (ids.isEmpty() && !t.eager.contains(from)) {
        t.swappedAt.put(from, now); // a tree optimization at the other end
      }
      t.makeEager(from);
    }
    Peer to = membership.peerOf(from);
    for (MessageId id : ids) {
      TopicState.Retained r = t.retained(id);
      if (r != null) {
        out.send(to, Frames.publish(t.name, r.payload, r.hops + 1, !iwant.getGraft()), now);
      }
    }
  }

  /** Answers a pull on a group topic, only to a member: no one else learns its messages. */
  private void answerGroupPull(TopicState t, PeerId from, List<MessageId> ids, long now) {
    if (!groups.isMember(t.name, from)) {
      counters.groupRefusals++;
      return;
    }
    Peer to = peerOf(from);
    for (MessageId id : ids) {
      TopicState.Retained r = t.retained(id);
      if (r != null) {
        PeerId origin = r.origin != null ? r.origin : membership.selfId();
        out.send(to, Frames.groupPublish(t.name, r.payload, r.hops + 1, true, origin), now);
      }
    }
  }
}
