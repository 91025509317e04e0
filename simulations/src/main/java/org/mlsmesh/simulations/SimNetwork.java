package org.mlsmesh.simulations;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The simulated network between peers {@code 0..n-1}: a base latency per link drawn once from a
 * uniform distribution, per-frame jitter (which reorders frames), loss, duplication, partitions
 * that split the peers into groups and heal, and crashed peers. All draws come from one seeded
 * generator, in the order the simulator asks, so a run is reproducible.
 */
public final class SimNetwork {
  private final int peers;
  private final long seed;
  private final int minLatencyMillis;
  private final int maxLatencyMillis;
  private final int jitterMillis;
  private final double loss;
  private final double duplication;
  private final SplittableRandom random;
  private final int[] group;
  private final java.util.TreeMap<Integer, int[]> splits = new java.util.TreeMap<>();
  private final java.util.TreeMap<Integer, Long> holdUntil = new java.util.TreeMap<>();
  private final boolean[] crashed;
  private long dropped;
  private long duplicated;

  public SimNetwork(
      int peers,
      long seed,
      int minLatencyMillis,
      int maxLatencyMillis,
      int jitterMillis,
      double loss,
      double duplication) {
    if (peers <= 0
        || minLatencyMillis < 0
        || maxLatencyMillis < minLatencyMillis
        || jitterMillis < 0) {
      throw new IllegalArgumentException("bad network parameters");
    }
    if (loss < 0 || loss >= 1 || duplication < 0 || duplication >= 1) {
      throw new IllegalArgumentException("loss and duplication must be in [0, 1)");
    }
    this.peers = peers;
    this.seed = seed;
    this.minLatencyMillis = minLatencyMillis;
    this.maxLatencyMillis = maxLatencyMillis;
    this.jitterMillis = jitterMillis;
    this.loss = loss;
    this.duplication = duplication;
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.group = new int[peers];
    this.crashed = new boolean[peers];
  }

  /** The fixed base latency of the (undirected) link between {@code a} and {@code b}. */
  public int baseLatency(int a, int b) {
    long lo = Math.min(a, b);
    long hi = Math.max(a, b);
    long h = mix(seed * 0x9E3779B97F4A7C15L + lo * 1_000_003L + hi);
    int span = maxLatencyMillis - minLatencyMillis + 1;
    return minLatencyMillis + (int) Math.floorMod(h, (long) span);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The delays after which copies of one frame from {@code from} to {@code to} arrive: none when
   * the frame is lost or the link is cut, two when it is duplicated.
   */
  public long[] transmit(int from, int to) {
    if (crashed[from] || crashed[to] || !connected(from, to)) {
      dropped++;
      return NONE;
    }
    if (loss > 0 && random.nextDouble() < loss) {
      dropped++;
      return NONE;
    }
    long first = baseLatency(from, to) + jitter();
    if (duplication > 0 && random.nextDouble() < duplication) {
      duplicated++;
      return new long[] {first, baseLatency(from, to) + jitter()};
    }
    return new long[] {first};
  }

  private static final long[] NONE = new long[0];

  private int jitter() {
    return jitterMillis == 0 ? 0 : random.nextInt(jitterMillis + 1);
  }

  /** Splits the peers into {@code groups} groups: peer {@code i} goes to {@code i % groups}. */
  public void partition(int groups) {
    for (int i = 0; i < peers; i++) {
      group[i] = i % groups;
    }
  }

  /** Joins all groups again: every partition heals. */
  public void heal() {
    Arrays.fill(group, 0);
    splits.clear();
  }

  /**
   * Starts partition {@code id}: peer {@code i} is in part {@code partOf[i]}. Partitions overlap:
   * two peers are connected when they share a part in every partition in force.
   */
  public void split(int id, int[] partOf) {
    if (partOf.length != peers) {
      throw new IllegalArgumentException("a part for each of the " + peers + " peers");
    }
    splits.put(id, partOf.clone());
  }

  /**
   * Starts partition {@code id} that holds back what crosses it until {@code healAtMillis}, as a
   * reliable transport's buffers do, instead of dropping it: it arrives after the heal.
   */
  public void splitHolding(int id, int[] partOf, long healAtMillis) {
    split(id, partOf);
    holdUntil.put(id, healAtMillis);
  }

  /** Partition {@code id} heals; the others stay. */
  public void heal(int id) {
    splits.remove(id);
    holdUntil.remove(id);
  }

  /**
   * {@link #transmit(int, int)} at {@code nowMillis}: a frame cut only by partitions that hold back
   * is delayed until the last of them heals.
   */
  public long[] transmit(int from, int to, long nowMillis) {
    long held = 0;
    for (java.util.Map.Entry<Integer, int[]> split : splits.entrySet()) {
      int[] partOf = split.getValue();
      if (partOf[from] != partOf[to]) {
        Long until = holdUntil.get(split.getKey());
        if (until == null) {
          return transmit(from, to);
        }
        held = Math.max(held, until - nowMillis);
      }
    }
    if (held == 0 || crashed[from] || crashed[to] || group[from] != group[to]) {
      return transmit(from, to);
    }
    if (loss > 0 && random.nextDouble() < loss) {
      dropped++;
      return NONE;
    }
    return new long[] {held + baseLatency(from, to) + jitter()};
  }

  /** Whether frames between {@code a} and {@code b} get through the partitions in force. */
  public boolean connected(int a, int b) {
    if (group[a] != group[b]) {
      return false;
    }
    for (int[] partOf : splits.values()) {
      if (partOf[a] != partOf[b]) {
        return false;
      }
    }
    return true;
  }

  public void crash(int peer) {
    crashed[peer] = true;
  }

  public boolean isCrashed(int peer) {
    return crashed[peer];
  }

  public SplittableRandom random() {
    return random;
  }

  public long dropped() {
    return dropped;
  }

  public long duplicated() {
    return duplicated;
  }
}
