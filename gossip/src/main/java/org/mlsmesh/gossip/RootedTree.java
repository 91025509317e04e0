package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;
import org.mlsmesh.gossip.wire.Beacon;
import org.mlsmesh.gossip.wire.Envelope;

/**
 * The broadcast tree of the global overlay, rooted at one peer and shaped by beacons (issue 16,
 * shallower trees): a shortest-delay tree from the root, which every topic of the global overlay
 * pushes along (its other links stay lazy).
 *
 * <p>The root (the peer with the smallest id among those that beacon) sends a {@link Beacon} over
 * every link each heartbeat interval; every peer forwards the first copy of each beacon over every
 * link at once. A peer measures by how much each linked peer's copy trails the first one, averaged
 * over beacons, and takes as parent the linked peer whose copies come first (another replaces it
 * when it is sooner by {@code tree-optimization-gain} on average, at most once per {@code
 * tree-optimization-interval}). Each forwarded beacon tells its receiver whether it is the sender's
 * parent, so a peer's children are the linked peers whose last beacon said so.
 *
 * <p>Why no prune can cut the tree: no link is pruned because of a duplicate. Each peer has one
 * parent, chosen among the linked peers that are not its children, whose beacon copies arrived
 * after the root sent them, so parents point towards the root and the parent links form a tree once
 * every peer has had a beacon. A change of parent adds the new link before the old one is dropped
 * (the old parent stays eager until the next beacon tells it), and a link whose two ends disagree
 * (a lost beacon, a crossing change) is set right by the next beacon. While it is wrong, the peers
 * below it pull what they miss from the lazy links, whose IHAVEs still flow.
 *
 * <p>Beacons are authentic ({@link RootTerms}): the root signs a term, a hash chain whose next key
 * only it can make, so no peer can run rounds under another's id. Each beacon carries its key, and
 * the signed term goes over a link until the peer at its other end forwards the term's beacons. A
 * beacon this peer cannot check yet (no term) counts only for its parent flag; a forged one is an
 * invalid frame.
 *
 * <p>When the root falls silent for {@link #TIMEOUT_BEATS} intervals, a peer that has heard of no
 * other root beacons itself after a random number of intervals; of several roots the smallest id
 * wins. Until it has a root a peer keeps Plumtree's own tree ({@link Broadcast}).
 */
final class RootedTree {
  /** Beacon intervals without a beacon from the root before it is given up. */
  static final int TIMEOUT_BEATS = 3;

  /** Most intervals a peer without a root waits at random before it beacons itself. */
  static final int CANDIDATE_BEATS = 3;

  /** A copy that never came counts as this late (ms) in the average. */
  static final long MISSED_MILLIS = 1_000;

  /** Fixed point of the averages: 1/16 ms. */
  private static final int SCALE = 16;

  private final PeerId self;
  private final RootTerms terms;
  private final Links active;
  private final Outbox out;
  private final RandomGenerator random;
  private final BooleanSupplier lossy;
  private final LongConsumer changed;
  private final long beatMillis;
  private final long marginMillis;
  private final long switchIntervalMillis;

  private PeerId root;
  private long seq;
  private long ownSeq;
  private long lastBeaconAt;
  private long roundStart;
  private long otherRootAt = Long.MIN_VALUE / 2;
  private long candidateAt = Long.MAX_VALUE;
  private long nextSwitchAt;

  private PeerId parent;

  /** A second parent while the global topics lose many pushes: a second path for each message. */
  private PeerId backup;

  /** The parent just replaced: kept eager until the next beacon tells it. */
  private PeerId former;

  private final LinkedHashSet<PeerId> children = new LinkedHashSet<>();

  /** By how much each linked peer's beacon copies trail the first copy, averaged, in 1/16 ms. */
  private final LinkedHashMap<PeerId, Long> trail = new LinkedHashMap<>();

  /** The linked peers whose copy of the current beacon came. */
  private final LinkedHashSet<PeerId> heard = new LinkedHashSet<>();

  /** The term of the last beacon each linked peer sent that checked: it holds that term. */
  private final LinkedHashMap<PeerId, RootTerms.Term> holds = new LinkedHashMap<>();

  /**
   * @param lossy whether the global topics lose many pushes (a second parent is then kept)
   * @param changed called when the tree's links of this peer changed
   */
  RootedTree(
      PeerId self,
      RootTerms terms,
      Links active,
      Outbox out,
      RandomGenerator random,
      long beatMillis,
      long marginMillis,
      long switchIntervalMillis,
      BooleanSupplier lossy,
      LongConsumer changed) {
    this.self = self;
    this.terms = terms;
    this.active = active;
    this.out = out;
    this.random = random;
    this.beatMillis = beatMillis;
    this.marginMillis = marginMillis;
    this.switchIntervalMillis = switchIntervalMillis;
    this.lossy = lossy;
    this.changed = changed;
  }

  /** Whether this peer has a root (itself or another): the global topics then use this tree. */
  boolean rooted() {
    return root != null;
  }

  PeerId root() {
    return root;
  }

  PeerId parent() {
    return parent;
  }

  /** Whether this peer asked {@code peer} to push to it (parent or second parent). */
  boolean isUplink(PeerId peer) {
    return peer.equals(parent) || peer.equals(backup);
  }

  /** The linked peers the global topics push to: parent(s) and children. */
  boolean isTreeLink(PeerId peer) {
    return peer.equals(parent)
        || peer.equals(backup)
        || peer.equals(former)
        || children.contains(peer);
  }

  /** The tree's links of this peer, in a fixed order. */
  List<PeerId> links() {
    LinkedHashSet<PeerId> links = new LinkedHashSet<>();
    if (parent != null) {
      links.add(parent);
    }
    if (backup != null) {
      links.add(backup);
    }
    if (former != null) {
      links.add(former);
    }
    links.addAll(children);
    links.removeIf(p -> !active.contains(p));
    return List.copyOf(links);
  }

  // ---------------------------------------------------------------- inputs

  /** A peer asked to be pushed to (GRAFT): it is a child until its next beacon says otherwise. */
  void childJoined(PeerId peer, long now) {
    if (active.contains(peer) && !peer.equals(parent) && children.add(peer)) {
      changed.accept(now);
    }
  }

  /** A peer asked not to be pushed to (PRUNE). */
  void childLeft(PeerId peer, long now) {
    if (children.remove(peer)) {
      changed.accept(now);
    }
  }

  void linkRemoved(PeerId peer, long now) {
    boolean was = isTreeLink(peer);
    children.remove(peer);
    trail.remove(peer);
    heard.remove(peer);
    holds.remove(peer);
    if (peer.equals(former)) {
      former = null;
    }
    if (peer.equals(backup)) {
      backup = null;
    }
    if (peer.equals(parent)) {
      parent = null;
      choose(now, true);
    }
    if (was) {
      changed.accept(now);
    }
  }

  void onBeacon(PeerId from, Beacon beacon, long now) throws BadFrame {
    if (beacon.getRoot().size() != PeerId.LENGTH) {
      throw new BadFrame("beacon root of " + beacon.getRoot().size() + " bytes");
    }
    if (!active.contains(from)) {
      return;
    }
    PeerId r = PeerId.fromBytes(beacon.getRoot());
    long s = beacon.getSeq();
    RootTerms.Term term = terms.admit(r, beacon, root); // a forgery throws before any change
    boolean treeChanged = beacon.getParent() ? childOf(from, now) : children.remove(from);
    if (term == null) {
      holds.remove(from);
      if (treeChanged) {
        changed.accept(now);
      }
      return; // not checked yet (the term comes with the next beacons) or an old round
    }
    holds.put(from, term);
    if (r.equals(self)) {
      // Our own beacon back (or one that claims our id): no news.
    } else if (root == null
        || r.compareTo(root) < 0
        || (!r.equals(root) && !root.equals(self) && stale(now))) {
      adopt(r, s, from, now);
      treeChanged = false; // adopt reported it
    } else if (r.equals(root)) {
      if (s > seq) {
        newRound(s, from, now);
        treeChanged = false;
      } else if (s == seq) {
        sample(from, now - roundStart);
        treeChanged |= choose(now, false);
      }
    } else {
      otherRootAt = now;
    }
    if (treeChanged) {
      changed.accept(now);
    }
  }

  /** A linked peer says we are its parent. */
  private boolean childOf(PeerId peer, long now) {
    if (peer.equals(parent)) {
      // Each takes the other as parent (crossing changes): the one with the larger id gives way.
      if (self.compareTo(peer) > 0) {
        parent = null;
        children.add(peer);
        choose(now, true);
        return true;
      }
      return false;
    }
    return children.add(peer);
  }

  /** Each heartbeat: the root beacons; a peer whose root fell silent gives it up. */
  void heartbeat(long now) {
    if (self.equals(root)) {
      seq = ++ownSeq;
      terms.ownKey(seq);
      lastBeaconAt = now;
      forward(now);
      return;
    }
    if (active.isEmpty()) {
      return;
    }
    if (root != null && stale(now)) {
      root = null; // the tree stays as it is until a beacon comes
    }
    if (root != null) {
      return;
    }
    if (now - otherRootAt <= TIMEOUT_BEATS * beatMillis) {
      return; // a root beacons nearby: its next beacon will be taken
    }
    if (candidateAt == Long.MAX_VALUE) {
      // A peer that never had a root first waits as long as for a silent root, for beacons.
      int wait =
          random.nextInt(CANDIDATE_BEATS + 1) + (ownSeq == 0 && seq == 0 ? TIMEOUT_BEATS : 0);
      candidateAt = now + wait * beatMillis;
    }
    if (now >= candidateAt) {
      candidateAt = Long.MAX_VALUE;
      root = self;
      seq = ++ownSeq;
      terms.ownKey(seq);
      lastBeaconAt = now;
      parent = null;
      backup = null;
      former = null;
      trail.clear();
      heard.clear();
      forward(now);
      changed.accept(now);
    }
  }

  // ---------------------------------------------------------------- rounds

  private boolean stale(long now) {
    return now - lastBeaconAt > TIMEOUT_BEATS * beatMillis + beatMillis / 2;
  }

  private void adopt(PeerId r, long s, PeerId from, long now) {
    root = r;
    seq = s;
    candidateAt = Long.MAX_VALUE;
    trail.clear();
    heard.clear();
    roundStart = now;
    lastBeaconAt = now;
    sample(from, 0);
    children.remove(from);
    setParent(from, now);
    backup = null;
    forward(now);
    changed.accept(now);
  }

  private void newRound(long s, PeerId from, long now) {
    for (Map.Entry<PeerId, Long> e : trail.entrySet()) {
      if (!heard.contains(e.getKey())) {
        e.setValue(average(e.getValue(), MISSED_MILLIS));
      }
    }
    heard.clear();
    seq = s;
    roundStart = now;
    lastBeaconAt = now;
    sample(from, 0);
    choose(now, false);
    forward(now);
    changed.accept(now);
  }

  private void sample(PeerId from, long trailMillis) {
    if (heard.add(from)) {
      Long old = trail.get(from);
      trail.put(from, old == null ? trailMillis * SCALE : average(old, trailMillis));
    }
  }

  private static long average(long old, long sampleMillis) {
    return old + (sampleMillis * SCALE - old) / 2;
  }

  /**
   * Chooses the parent (and a second one when lossy) among the linked peers that are not children:
   * the one whose beacon copies come first, unless the parent is within the margin. Returns whether
   * the tree's links changed.
   */
  private boolean choose(long now, boolean force) {
    PeerId best = null;
    PeerId second = null;
    long bestTrail = 0;
    long secondTrail = 0;
    for (Map.Entry<PeerId, Long> e : trail.entrySet()) {
      PeerId p = e.getKey();
      long t = e.getValue();
      if (children.contains(p) || !active.contains(p)) {
        continue;
      }
      if (best == null || t < bestTrail) {
        second = best;
        secondTrail = bestTrail;
        best = p;
        bestTrail = t;
      } else if (second == null || t < secondTrail) {
        second = p;
        secondTrail = t;
      }
    }
    boolean changedLinks = false;
    if (best != null && !best.equals(parent)) {
      boolean switchNow =
          force
              || parent == null
              || !active.contains(parent)
              || children.contains(parent)
              || (now >= nextSwitchAt && bestTrail + marginMillis * SCALE < trailOf(parent));
      if (switchNow) {
        nextSwitchAt = now + switchIntervalMillis;
        setParent(best, now);
        changedLinks = true;
      }
    }
    PeerId wanted = null;
    if (lossy.getAsBoolean()) {
      wanted = best != null && !best.equals(parent) ? best : second;
    }
    if (wanted != null ? !wanted.equals(backup) : backup != null) {
      if (backup != null && !backup.equals(parent)) {
        former = former == null ? backup : former;
      }
      backup = wanted;
      changedLinks = true;
    }
    return changedLinks;
  }

  private long trailOf(PeerId peer) {
    Long t = trail.get(peer);
    return t == null ? Long.MAX_VALUE / 4 : t;
  }

  private void setParent(PeerId p, long now) {
    if (p == null || p.equals(parent)) {
      return;
    }
    if (parent != null && active.contains(parent) && former == null) {
      former = parent;
    }
    parent = p;
    if (p.equals(former)) {
      former = null;
    }
    if (p.equals(backup)) {
      backup = null;
    }
  }

  /**
   * Sends the current beacon over every link, telling the parent(s) that they are, with the root's
   * term to the peers not known to hold it.
   */
  private void forward(long now) {
    former = null;
    RootTerms.Term term = terms.term(root);
    ByteString key = term == null ? ByteString.EMPTY : term.lastKey;
    Envelope[] variants = new Envelope[4]; // shared by the links: (to a parent, with the term)
    for (Link link : active.all()) {
      PeerId p = link.peer.id();
      boolean up = p.equals(parent) || p.equals(backup);
      boolean held = term == null || holds.get(p) == term;
      int v = (up ? 1 : 0) + (held ? 0 : 2);
      if (variants[v] == null) {
        variants[v] = Frames.beacon(root, seq, up, key, held ? null : term.wire);
      }
      out.send(link, variants[v], now);
    }
  }
}
