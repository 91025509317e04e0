package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One topic's Plumtree state: the active peers pushed to eagerly and those only told of ids
 * (lazily), and the messages retained for pull and anti-entropy with their digest buckets.
 *
 * <p>A retained message enters the digest only once it has settled (been held for the anti-entropy
 * delay), so that anti-entropy does not race the broadcast tree for messages still in flight.
 */
final class TopicState {
  static final int BUCKETS = 64;

  final String name;

  /**
   * A group's topic ({@link GroupTopics}): declared here or named so by a frame. It has no eager or
   * lazy links and never travels over the global overlay.
   */
  boolean group;

  final LinkedHashSet<PeerId> eager = new LinkedHashSet<>();
  final LinkedHashSet<PeerId> lazy = new LinkedHashSet<>();

  /** Eager peers that refused a prune (the link is one of their last): not pruned again. */
  final LinkedHashSet<PeerId> pinned = new LinkedHashSet<>();

  /** When we last pruned each peer: a GRAFT back soon after is its refusal. */
  final LinkedHashMap<PeerId, Long> prunedAt = new LinkedHashMap<>();

  /** No tree optimization on this topic before this time. */
  long nextOptimizationAt;

  /** The latency-aware tree optimization's measurements; a peer's are forgotten when it changes. */
  final PathGains gains = new PathGains();

  /**
   * Links made eager by a tree optimization (at either end), and when: a duplicate pushed over one
   * of them soon after (sent before the PRUNE of the old link arrived) does not prune it.
   */
  final LinkedHashMap<PeerId, Long> swappedAt = new LinkedHashMap<>();

  /** Frames received that named this topic (see GossipEngine#framesReceived). */
  long framesReceived;

  /** Messages received by plain pulls since the last one pushed along the tree. */
  int pullStreak;

  /**
   * The share of recent new messages that had to be pulled (announced or found by anti-entropy)
   * rather than pushed along the tree: an exponential moving average over about {@value
   * #LOSS_WINDOW} messages. A high share means the links lose what the tree pushes.
   */
  double pulledShare;

  static final int LOSS_WINDOW = 16;

  /**
   * Above this pulled share the topic keeps its redundant eager links: it neither prunes on a
   * duplicate nor accepts a prune, so that under heavy loss a message reaches a node over several
   * pushed paths instead of one path and round trips to pull what that path lost.
   */
  static final double LOSSY_SHARE = 0.3;

  void countNew(boolean pulled) {
    pulledShare += ((pulled ? 1.0 : 0.0) - pulledShare) / LOSS_WINDOW;
  }

  boolean lossy() {
    return pulledShare > LOSSY_SHARE;
  }

  private final LinkedHashMap<MessageId, Retained> retained = new LinkedHashMap<>();
  private final ArrayDeque<MessageId> unsettled = new ArrayDeque<>();
  private final long[] buckets = new long[BUCKETS];
  private final List<List<MessageId>> settledIds = new ArrayList<>(BUCKETS);

  static final class Retained {
    final ByteString payload;
    final int hops;
    final long atMillis;

    /** The peer that pushed it along the tree; null for a pull or our own message. */
    final PeerId pushedBy;

    /** On a group topic, the member that published it; null on other topics. */
    PeerId origin;

    boolean settled;

    Retained(ByteString payload, int hops, long atMillis, PeerId pushedBy) {
      this.payload = payload;
      this.hops = hops;
      this.atMillis = atMillis;
      this.pushedBy = pushedBy;
    }
  }

  TopicState(String name) {
    this.name = name;
    for (int b = 0; b < BUCKETS; b++) {
      settledIds.add(new ArrayList<>());
    }
  }

  static int bucketOf(MessageId id) {
    return id.byteAt(8) % BUCKETS;
  }

  /** Retains a new message; returns its record (the one already held for a known id). */
  Retained retain(
      MessageId id,
      ByteString payload,
      int hops,
      PeerId pushedBy,
      long nowMillis,
      int maxMessages) {
    Retained r = new Retained(payload, hops, nowMillis, pushedBy);
    Retained held = retained.putIfAbsent(id, r);
    if (held != null) {
      return held;
    }
    unsettled.add(id);
    if (retained.size() > maxMessages) {
      Iterator<Map.Entry<MessageId, Retained>> it = retained.entrySet().iterator();
      drop(it, it.next());
    }
    return r;
  }

  /** Makes this a group topic: it drops its links of the global overlay. */
  void makeGroup() {
    group = true;
    eager.clear();
    lazy.clear();
    pinned.clear();
    prunedAt.clear();
    gains.clear();
    swappedAt.clear();
  }

  Retained retained(MessageId id) {
    return retained.get(id);
  }

  /** Visits the retained messages, oldest first. */
  void forEachRetained(java.util.function.BiConsumer<MessageId, Retained> visit) {
    retained.forEach(visit);
  }

  int retainedCount() {
    return retained.size();
  }

  /** Folds the messages retained at or before {@code cutoffMillis} into the digest. */
  void settle(long cutoffMillis) {
    while (!unsettled.isEmpty()) {
      Retained r = retained.get(unsettled.peek());
      if (r == null) {
        unsettled.poll();
        continue;
      }
      if (r.atMillis > cutoffMillis) {
        return;
      }
      r.settled = true;
      MessageId id = unsettled.poll();
      buckets[bucketOf(id)] ^= id.prefix();
      settledIds.get(bucketOf(id)).add(id);
    }
  }

  /** The retained ids not settled into the digest yet (the most recent), at most {@code max}. */
  List<MessageId> unsettledIds(int max) {
    List<MessageId> ids = new ArrayList<>(Math.min(max, unsettled.size()));
    for (MessageId id : unsettled) {
      if (ids.size() == max) {
        break;
      }
      if (retained.containsKey(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** Drops messages retained before {@code cutoffMillis}. */
  void expire(long cutoffMillis) {
    Iterator<Map.Entry<MessageId, Retained>> it = retained.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<MessageId, Retained> entry = it.next();
      if (entry.getValue().atMillis >= cutoffMillis) {
        return;
      }
      drop(it, entry);
    }
  }

  private void drop(Iterator<Map.Entry<MessageId, Retained>> it, Map.Entry<MessageId, Retained> e) {
    it.remove();
    if (e.getValue().settled) {
      buckets[bucketOf(e.getKey())] ^= e.getKey().prefix();
      settledIds.get(bucketOf(e.getKey())).remove(e.getKey());
    }
  }

  long[] digest() {
    return buckets.clone();
  }

  /** Whether {@code theirs} differs from our digest in any bucket. */
  boolean differsFrom(List<Long> theirs) {
    for (int b = 0; b < BUCKETS; b++) {
      if (buckets[b] != theirs.get(b)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The settled ids in the buckets where {@code theirs} differs from ours, at most {@code max},
   * from bucket {@code start} on (a random start, so that a peer missing more than {@code max} gets
   * the rest in later rounds).
   */
  List<MessageId> idsWhereDifferent(List<Long> theirs, int max, int start) {
    boolean[] differs = new boolean[BUCKETS];
    boolean any = false;
    for (int b = 0; b < BUCKETS; b++) {
      differs[b] = buckets[b] != theirs.get(b);
      any |= differs[b];
    }
    List<MessageId> ids = new ArrayList<>();
    if (!any) {
      return ids;
    }
    for (int i = 0; i < BUCKETS; i++) {
      int b = (start + i) % BUCKETS;
      if (differs[b]) {
        for (MessageId id : settledIds.get(b)) {
          if (ids.size() == max) {
            return ids;
          }
          ids.add(id);
        }
      }
    }
    return ids;
  }

  void removePeer(PeerId peer) {
    eager.remove(peer);
    lazy.remove(peer);
    pinned.remove(peer);
    prunedAt.remove(peer);
    swappedAt.remove(peer);
    gains.forget(peer);
  }

  void makeEager(PeerId peer) {
    lazy.remove(peer);
    if (eager.add(peer)) {
      gains.forget(peer);
    }
  }

  void makeLazy(PeerId peer) {
    if (eager.remove(peer)) {
      gains.forget(peer);
    }
    lazy.add(peer);
    swappedAt.remove(peer);
  }
}
