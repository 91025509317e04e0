package org.mlsmesh.gossip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.ForwardJoin;
import org.mlsmesh.gossip.wire.Neighbor;
import org.mlsmesh.gossip.wire.NeighborReply;
import org.mlsmesh.gossip.wire.PeerInfo;
import org.mlsmesh.gossip.wire.Shuffle;

/**
 * HyParView membership: a small active view of linked peers ({@link Links}), a larger passive view
 * of replacements kept fresh by shuffles, failure detection by heartbeats, and peers given up on
 * (failed), which are probed with exponential backoff so that links lost to a partition come back
 * when it heals.
 */
final class Membership {
  /**
   * Below this many links a node asks for more with high priority, which a peer with a full view
   * accepts (evicting one of its own). HyParView asks so only when the view is empty; but a node
   * whose links are all eager hears of no message lazily, so an eager push lost on the way is lost
   * to it until anti-entropy, and a node left with one or two links after a partition (its other
   * links went to the other side) would otherwise wait for a peer with a free slot.
   */
  static final int MIN_LINKS = 3;

  /** Dials of a seed that does not link up, before it is left alone. */
  static final int MAX_SEED_DIALS = 8;

  /** What the rest of the engine must do when a link forms or goes. */
  interface LinkEvents {
    void linkAdded(Link link, long now);

    void linkRemoved(PeerId peer, long now);
  }

  private final Peer self;
  private final GossipConfig config;
  private final RandomGenerator random;
  private final Links active;
  private final Outbox out;
  private final PeerScores scores;
  private final GossipEngine.Counters counters;
  private final LinkEvents events;
  private final long heartbeatMillis;
  private final long failureTimeoutMillis;
  private final long neighborTimeoutMillis;

  private final LinkedHashMap<PeerId, Peer> passive = new LinkedHashMap<>();
  private final FailedPeers failed;
  private final LinkedHashMap<PeerId, Long> pendingNeighbor = new LinkedHashMap<>();
  private final LinkedHashMap<PeerId, Peer> known = new LinkedHashMap<>();
  private long nextShuffleAt;
  private long nextReconnectAt;
  private long nextUnderLinkedShuffleAt;
  private final LinkedHashMap<String, SeedDial> seedDials = new LinkedHashMap<>();

  Membership(
      Peer self,
      GossipConfig config,
      RandomGenerator random,
      Links active,
      Outbox out,
      PeerScores scores,
      GossipEngine.Counters counters,
      LinkEvents events) {
    this.self = self;
    this.config = config;
    this.random = random;
    this.active = active;
    this.out = out;
    this.scores = scores;
    this.counters = counters;
    this.events = events;
    this.heartbeatMillis = config.heartbeatInterval().toMillis();
    this.failureTimeoutMillis = config.failureTimeout().toMillis();
    this.neighborTimeoutMillis = config.neighborRequestTimeout().toMillis();
    this.failed =
        new FailedPeers(
            config.passiveViewSize(),
            config.reconnectBackoff().toMillis(),
            config.reconnectBackoffMax().toMillis(),
            config.retention().toMillis());
  }

  PeerId selfId() {
    return self.id();
  }

  List<PeerId> passiveView() {
    return List.copyOf(passive.keySet());
  }

  /** The first shuffle comes between half and one and a half shuffle intervals after start. */
  void scheduleFirstShuffle(long now) {
    nextShuffleAt =
        now
            + config.shuffleInterval().toMillis() / 2
            + random.nextLong(config.shuffleInterval().toMillis());
  }

  void dialSeeds(long now) {
    for (String seed : config.seeds()) {
      if (!seed.equals(self.address())) {
        out.add(new Effect.Dial(seed, Frames.join(self)));
        seedDials.putIfAbsent(seed, new SeedDial(now, config.reconnectBackoff().toMillis()));
      }
    }
  }

  /**
   * Dials again, with exponential backoff and at most {@value #MAX_SEED_DIALS} times, the seeds
   * that never linked up: a lost JOIN must not leave this node in an island of the peers that
   * joined through it, out of reach of the rest of the network for good.
   */
  private void redialSeeds(long now) {
    Iterator<Map.Entry<String, SeedDial>> it = seedDials.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, SeedDial> e = it.next();
      SeedDial d = e.getValue();
      if (now < d.nextAt) {
        continue;
      }
      if (d.attempts >= MAX_SEED_DIALS) {
        it.remove();
        continue;
      }
      d.attempts++;
      d.backoff = Math.min(2 * d.backoff, config.reconnectBackoffMax().toMillis());
      d.nextAt = now + d.backoff;
      out.add(new Effect.Dial(e.getKey(), Frames.join(self)));
    }
  }

  /** A seed dialed and not linked up yet: when to dial it again. */
  private static final class SeedDial {
    long nextAt;
    long backoff;
    int attempts = 1;

    SeedDial(long now, long backoff) {
      this.backoff = backoff;
      this.nextAt = now + backoff;
    }
  }

  // ---------------------------------------------------------------- liveness

  /**
   * A frame came from {@code from}: the link is alive, or a peer we had given up on is reachable
   * again (a partition healed), which is kept as a replacement and, when the link to it was lost to
   * the failure, asked to restore the link. NEIGHBOR requests and replies are left to their
   * handlers, which need to know the link was lost.
   *
   * <p>A frame only sent over a link (a ping, an eager push, an announcement, a prune) from a peer
   * that is not linked here means the two ends disagree: a NEIGHBOR reply or a DISCONNECT was lost.
   * The link is taken up when there is room (we asked for it, or it is one we had given up on),
   * else the peer is told again to disconnect; without this, under heavy loss, one end keeps
   * pushing into a link the other ignores until its failure detector gives up.
   */
  void heard(PeerId from, Envelope envelope, long now) {
    Link link = active.get(from);
    if (link != null) {
      link.lastHeard = now;
      return;
    }
    Envelope.BodyCase kind = envelope.getBodyCase();
    if (isLinkOnly(envelope)) {
      Peer peer = peerOf(from);
      if (!peer.address().isEmpty() && !scores.isBanned(from, now)) {
        if (active.size() < config.activeViewSize()) {
          addActive(peer, now);
        } else {
          out.send(peer, Frames.disconnect(), now);
        }
        return;
      }
    }
    FailedPeers.Entry back = failed.get(from);
    if (back == null
        || kind == Envelope.BodyCase.NEIGHBOR
        || kind == Envelope.BodyCase.NEIGHBOR_REPLY) {
      return;
    }
    failed.remove(back.peer.id());
    addPassive(back.peer);
    if (back.linkLost) {
      reconnect(back.peer, now);
    }
  }

  private static boolean isLinkOnly(Envelope envelope) {
    return switch (envelope.getBodyCase()) {
      case PING, PRUNE, BEACON -> true;
      case IHAVE -> !envelope.getIhave().getGroup();
      case PUBLISH ->
          !envelope.getPublish().getPulled() && envelope.getPublish().getOrigin().isEmpty();
      default -> false;
    };
  }

  void linkUp(PeerId peer, long now) {
    Link link = active.get(peer);
    if (link != null) {
      link.lastHeard = now;
    }
  }

  void linkDown(PeerId peer, long now) {
    if (pendingNeighbor.remove(peer) != null) {
      neighborFailed(peer, now);
    }
    activeFailed(peer, now);
  }

  /** Asks {@code peer} to restore a link lost to a failure; one request at a time. */
  private void reconnect(Peer peer, long now) {
    if (!pendingNeighbor.isEmpty()
        || now < nextReconnectAt
        || active.contains(peer.id())
        || scores.isBanned(peer.id(), now)) {
      return;
    }
    nextReconnectAt = now + heartbeatMillis;
    pendingNeighbor.put(peer.id(), now + neighborTimeoutMillis);
    out.send(peer, Frames.neighbor(self, isUnderLinked(), true), now);
  }

  /**
   * A restored link: the next one waits a shuffle interval, so that a heal does not churn views.
   */
  private void restored(long now) {
    nextReconnectAt = now + config.shuffleInterval().toMillis();
  }

  // ---------------------------------------------------------------- peers named in frames

  /**
   * The peer a frame describes, remembered with its address; {@code mustBe}, when not null, is the
   * sender, whom the description must name.
   */
  Peer peerFrom(PeerInfo info, PeerId mustBe) throws BadFrame {
    if (info.getId().size() != PeerId.LENGTH) {
      throw new BadFrame("peer id of " + info.getId().size() + " bytes");
    }
    if (info.getAddress().length() > GossipEngine.MAX_ADDRESS_LENGTH) {
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

  /** The peer with this id, with its address when one is known (else an empty one). */
  Peer peerOf(PeerId id) {
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

  // ---------------------------------------------------------------- HyParView messages

  void onJoin(PeerId from, Peer joiner, long now) {
    if (scores.isBanned(from, now)) {
      return;
    }
    addActive(joiner, now);
    out.send(joiner, Frames.neighborReply(self, true), now);
    Envelope forward = Frames.forwardJoin(joiner, config.activeRandomWalkLength());
    for (Link link : new ArrayList<>(active.all())) {
      if (!link.peer.id().equals(from)) {
        out.send(link, forward, now);
      }
    }
  }

  void onForwardJoin(PeerId from, ForwardJoin fj, long now) throws BadFrame {
    Peer joiner = peerFrom(fj.getJoiner(), null);
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
      out.send(next, Frames.forwardJoin(joiner, ttl - 1), now);
    }
  }

  private void acceptJoiner(Peer joiner, long now) {
    if (!active.contains(joiner.id())) {
      addActive(joiner, now);
      out.send(joiner, Frames.neighborReply(self, true), now);
    }
  }

  void onNeighbor(PeerId from, Neighbor neighbor, long now) throws BadFrame {
    Peer peer = peerFrom(neighbor.getSender(), from);
    FailedPeers.Entry lost = failed.get(from);
    boolean restore = neighbor.getReconnect() && lost != null && lost.linkLost;
    boolean accept =
        active.contains(from)
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
    out.send(peer, Frames.neighborReply(self, accept), now);
  }

  void onNeighborReply(PeerId from, NeighborReply reply, long now) throws BadFrame {
    Peer peer = peerFrom(reply.getSender(), from);
    boolean asked = pendingNeighbor.remove(from) != null;
    FailedPeers.Entry lost = failed.remove(from);
    if (reply.getAccepted()) {
      if (asked || active.size() < config.activeViewSize() || active.contains(from)) {
        if (asked && lost != null && lost.linkLost) {
          restored(now);
        }
        addActive(peer, now);
      } else {
        // An acceptance we did not ask for and have no room for: tell the peer.
        out.send(peer, Frames.disconnect(), now);
        addPassive(peer);
      }
    } else {
      addPassive(peer);
      refillActive(now);
    }
  }

  void onDisconnect(PeerId from, long now) {
    Link link = active.get(from);
    if (link != null) {
      removeActive(from, now);
      addPassive(link.peer);
      refillActive(now);
    }
  }

  void onShuffle(PeerId from, Shuffle shuffle, long now) throws BadFrame {
    Peer origin = peerFrom(shuffle.getOrigin(), null);
    if (shuffle.getPeersCount() > config.shuffleSize() + 1) {
      throw new BadFrame(shuffle.getPeersCount() + " peers in a shuffle");
    }
    List<Peer> offered = new ArrayList<>();
    for (PeerInfo info : shuffle.getPeersList()) {
      offered.add(peerFrom(info, null));
    }
    int ttl = Math.min(shuffle.getTtl(), config.activeRandomWalkLength());
    if (ttl > 1 && active.size() > 1) {
      Peer next = randomActive(p -> !p.equals(from) && !p.equals(origin.id()));
      if (next != null) {
        out.send(next, Frames.shuffle(origin, ttl - 1, offered), now);
        return;
      }
    }
    if (!origin.id().equals(self.id()) && !origin.address().isEmpty()) {
      List<Peer> reply = sample(passive.values(), offered.size());
      if (reply.size() < offered.size()) {
        // A small network keeps every peer active and its passive views empty; the asker, maybe
        // short of links, learns of our linked peers instead.
        List<Peer> linked = new ArrayList<>();
        for (Peer p : active.peers()) {
          if (!p.id().equals(origin.id())) {
            linked.add(p);
          }
        }
        reply.addAll(sample(linked, offered.size() - reply.size()));
      }
      out.send(origin, Frames.shuffleReply(reply), now);
    }
    for (Peer p : offered) {
      addPassive(p);
    }
  }

  void onShuffleReply(List<PeerInfo> peers) throws BadFrame {
    for (PeerInfo info : peers) {
      addPassive(peerFrom(info, null));
    }
  }

  private void shuffle(long now) {
    shuffle(now, config.passiveRandomWalkLength());
  }

  private void shuffle(long now, int ttl) {
    Peer target = randomActive(null);
    if (target == null) {
      return;
    }
    List<Peer> offered = new ArrayList<>();
    offered.add(self);
    int fromActive = Math.max(1, config.shuffleSize() / 3);
    offered.addAll(sample(active.peers(), fromActive));
    offered.addAll(sample(passive.values(), config.shuffleSize() - offered.size()));
    out.send(target, Frames.shuffle(self, ttl, offered), now);
  }

  // ---------------------------------------------------------------- views

  private boolean isUnderLinked() {
    return active.size() < MIN_LINKS;
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
      out.send(evicted, Frames.disconnect(), now);
      out.add(new Effect.Disconnect(evicted.id()));
      removeActive(evicted.id(), now);
      addPassive(evicted);
    }
    Peer withAddress = peer.address().isEmpty() ? peerOf(id) : peer;
    seedDials.remove(withAddress.address());
    Link link = new Link(withAddress, now);
    active.put(link);
    passive.remove(id);
    failed.remove(id);
    pendingNeighbor.remove(id);
    events.linkAdded(link, now);
  }

  private void removeActive(PeerId id, long now) {
    active.remove(id);
    events.linkRemoved(id, now);
  }

  private void addPassive(Peer peer) {
    PeerId id = peer.id();
    if (id.equals(self.id())
        || active.contains(id)
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
    removeActive(id, now);
    out.add(new Effect.Disconnect(id));
    failed.remember(link.peer, true, now);
    refillActive(now);
  }

  /** A NEIGHBOR request to {@code peer} went unanswered or could not be delivered. */
  private void neighborFailed(PeerId peer, long now) {
    Peer p = passive.remove(peer);
    if (p != null) {
      failed.remember(p, false, now);
    } else {
      FailedPeers.Entry f = failed.get(peer);
      if (f != null) {
        failed.remember(f.peer, false, now);
      }
    }
  }

  /** Probes the failed peer most overdue for it, when no other NEIGHBOR request is out. */
  private void probeFailed(long now) {
    if (!pendingNeighbor.isEmpty() || now < nextReconnectAt) {
      return;
    }
    Peer due = failed.dueForProbe(now, p -> scores.isBanned(p, now));
    if (due != null) {
      reconnect(due, now);
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
      candidate = randomOf(failed.peers(), p -> !scores.isBanned(p, now));
      linkLost = candidate != null && failed.get(candidate.id()).linkLost;
    }
    if (candidate == null) {
      // Room for links and no replacement in view (the JOINs that would have brought more links
      // were lost, or the network is small and its passive views stay empty): any peer heard of
      // will do.
      candidate = randomOf(known.values(), p -> !active.contains(p) && !scores.isBanned(p, now));
    }
    if (candidate == null) {
      if (active.isEmpty()) {
        dialSeeds(now);
      } else if (isUnderLinked() && now >= nextUnderLinkedShuffleAt) {
        // Nobody to ask at all: a neighbour's answer to a one-hop shuffle names peers to ask.
        nextUnderLinkedShuffleAt = now + neighborTimeoutMillis;
        shuffle(now, 1);
      }
      return;
    }
    pendingNeighbor.put(candidate.id(), now + neighborTimeoutMillis);
    out.send(candidate, Frames.neighbor(self, isUnderLinked(), linkLost), now);
  }

  /** Drops a banned peer from every view; its link goes with it. */
  void evict(PeerId peer, long now) {
    if (active.contains(peer)) {
      removeActive(peer, now);
      refillActive(now);
    }
    passive.remove(peer);
    failed.remove(peer);
    pendingNeighbor.remove(peer);
  }

  // ---------------------------------------------------------------- heartbeat

  /**
   * Failure detection (links silent for the failure timeout), pings on idle links, expiry of
   * unanswered NEIGHBOR requests, refill of the active view, probes of failed peers, shuffles.
   */
  void heartbeat(long now) {
    List<PeerId> silent = null;
    for (Link link : active.all()) {
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
    for (Link link : active.all()) {
      if (now - link.lastSent >= heartbeatMillis) {
        out.send(link, Frames.ping(), now);
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
    redialSeeds(now);
    if (now >= nextShuffleAt) {
      nextShuffleAt = now + config.shuffleInterval().toMillis();
      shuffle(now);
    }
  }

  /** Forgets the peers that failed longer than the retention ago. */
  void expireFailed(long now) {
    failed.expire(now);
  }

  /**
   * A partner for anti-entropy: half the time an active peer; otherwise a passive or lately failed
   * one, to heal partitions. Null when there is none.
   */
  Peer antiEntropyPartner() {
    boolean fromActive = random.nextBoolean();
    if (fromActive || (passive.isEmpty() && failed.isEmpty())) {
      return randomActive(null);
    }
    int n = passive.size() + failed.size();
    int pick = random.nextInt(n);
    if (pick < passive.size()) {
      return nth(passive.values(), pick);
    }
    return failed.nth(pick - passive.size());
  }

  // ---------------------------------------------------------------- random choices

  private interface PeerFilter {
    boolean test(PeerId peer);
  }

  private Peer randomActive(PeerFilter filter) {
    return randomOf(active.peers(), filter);
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
}
