package org.mlsmesh.gossip;

import java.util.LinkedHashMap;

/**
 * What the latency-aware tree optimization learns on one topic: for each pair of an eager peer
 * {@code p} and a lazy peer {@code u}, how much sooner a message pushed here by {@code p} would
 * have arrived from {@code u} (its IHAVE's arrival minus the age it gives), averaged over the
 * recent messages both had.
 *
 * <p>In a tree, the messages that {@code p} pushes here are those of the publishers on its side of
 * the link; when {@code u} is on that side too, swapping the link to {@code p} for one to {@code u}
 * changes the delay from each such publisher to this node, and to everything behind it, by exactly
 * the measured gain. Publishers are many and shift, so one message says little: a positive mean
 * over many says that the swap shortens the tree's paths on average (a lazy peer on another side
 * only shows losses). The mean decays, so that old samples give way.
 */
final class PathGains {
  /** Samples of a pair before its mean may trigger a swap. */
  static final int MIN_SAMPLES = 8;

  /** At this many samples the pair's sum and count are halved (an exponential decay). */
  static final int DECAY_AT = 32;

  private record Pair(PeerId eager, PeerId lazy) {}

  private static final class Mean {
    long sum;
    int count;
  }

  private final LinkedHashMap<Pair, Mean> pairs = new LinkedHashMap<>();

  /**
   * Adds a sample: a message pushed here by {@code eager} would have arrived {@code gainMillis}
   * sooner (later when negative) from {@code lazy}. Returns whether the pair's mean, over at least
   * {@value #MIN_SAMPLES} samples, has reached {@code thresholdMillis}.
   */
  boolean add(PeerId eager, PeerId lazy, long gainMillis, long thresholdMillis) {
    Mean m = pairs.computeIfAbsent(new Pair(eager, lazy), p -> new Mean());
    m.sum += gainMillis;
    m.count++;
    boolean reached = m.count >= MIN_SAMPLES && m.sum >= thresholdMillis * m.count;
    if (m.count >= DECAY_AT) {
      m.sum /= 2;
      m.count /= 2;
    }
    return reached;
  }

  /** Forgets every sample. */
  void clear() {
    pairs.clear();
  }

  /** Forgets the pairs of {@code peer}, whose link changed (eager, lazy or gone). */
  void forget(PeerId peer) {
    pairs.keySet().removeIf(p -> p.eager.equals(peer) || p.lazy.equals(peer));
  }

  int pairs() {
    return pairs.size();
  }
}
