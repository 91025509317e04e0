package org.mlsmesh.simulations;

import java.util.Objects;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.GossipConfig;

/**
 * One gossip simulation: the peers, the traffic, the network's faults and the seed. A run is a pure
 * function of the scenario (its seed included).
 *
 * @param peers number of peers
 * @param messages messages published, each by a random live honest peer
 * @param payloadBytes size of each payload
 * @param warmupMillis time for the overlay to form before the first publish (peers join during the
 *     first half of it)
 * @param publishIntervalMillis virtual time between two publishes
 * @param durationMillis total virtual time of the run (at least until the last publish)
 * @param minLatencyMillis lower bound of a link's base latency
 * @param maxLatencyMillis upper bound of a link's base latency
 * @param jitterMillis per-frame extra delay, uniform in [0, jitter]; reorders frames
 * @param loss probability that a frame is lost, on every link
 * @param duplication probability that a frame arrives twice
 * @param crashFraction fraction of peers that crash at {@code crashAtMillis}
 * @param crashAtMillis when they crash
 * @param partitionAtMillis when the peers split into two halves (negative: never)
 * @param healAtMillis when the halves join again
 * @param adversaries peers that flood invalid messages and relay nothing
 * @param seed seeds every random choice of the run
 * @param gossip the engines' configuration
 * @param groups 0: every peer subscribes to one topic of the global overlay; else that many groups
 *     of random peers, each its own group topic, messages going to the groups in turn
 * @param groupSizeMin fewest members of a group
 * @param groupSizeMax most members of a group
 * @param groupRosters whether members declare their groups' rosters ({@code Input.SetGroup}); when
 *     not, they only subscribe, and every peer relays every group's topic (as before issue 16)
 */
public record Scenario(
    int peers,
    int messages,
    int payloadBytes,
    long warmupMillis,
    long publishIntervalMillis,
    long durationMillis,
    int minLatencyMillis,
    int maxLatencyMillis,
    int jitterMillis,
    double loss,
    double duplication,
    double crashFraction,
    long crashAtMillis,
    long partitionAtMillis,
    long healAtMillis,
    int adversaries,
    long seed,
    GossipConfig gossip,
    int groups,
    int groupSizeMin,
    int groupSizeMax,
    boolean groupRosters) {

  public Scenario {
    Objects.requireNonNull(gossip, "gossip");
    if (peers < 2 || messages < 0 || payloadBytes < 16 || adversaries < 0 || adversaries >= peers) {
      throw new IllegalArgumentException("bad scenario sizes");
    }
    if (groups < 0 || (groups > 0 && (groupSizeMin < 2 || groupSizeMax < groupSizeMin))) {
      throw new IllegalArgumentException("groups need 2 <= group-size-min <= group-size-max");
    }
    if (groups > 0 && groupSizeMax > peers) {
      throw new IllegalArgumentException("a group cannot have more members than there are peers");
    }
    if (crashFraction < 0 || crashFraction >= 1) {
      throw new IllegalArgumentException("crash fraction must be in [0, 1)");
    }
    if (lastPublishAt(warmupMillis, publishIntervalMillis, messages) > durationMillis) {
      throw new IllegalArgumentException("the run ends before the last publish");
    }
    if (partitionAtMillis >= 0
        && (healAtMillis <= partitionAtMillis || healAtMillis > durationMillis)) {
      throw new IllegalArgumentException("a partition must heal after it starts, within the run");
    }
  }

  private static long lastPublishAt(long warmup, long interval, int messages) {
    return warmup + interval * Math.max(0, messages - 1);
  }

  public long lastPublishAtMillis() {
    return lastPublishAt(warmupMillis, publishIntervalMillis, messages);
  }

  public boolean hasPartition() {
    return partitionAtMillis >= 0;
  }

  /** A stable network: no loss, crashes or partitions; latency 10–100 ms with 20 ms jitter. */
  public static Builder stable(int peers, int messages, long seed) {
    Builder b = new Builder();
    b.peers = peers;
    b.messages = messages;
    b.seed = seed;
    b.durationMillis = b.warmupMillis + b.publishIntervalMillis * messages + 30_000;
    return b;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.peers = peers;
    b.messages = messages;
    b.payloadBytes = payloadBytes;
    b.warmupMillis = warmupMillis;
    b.publishIntervalMillis = publishIntervalMillis;
    b.durationMillis = durationMillis;
    b.minLatencyMillis = minLatencyMillis;
    b.maxLatencyMillis = maxLatencyMillis;
    b.jitterMillis = jitterMillis;
    b.loss = loss;
    b.duplication = duplication;
    b.crashFraction = crashFraction;
    b.crashAtMillis = crashAtMillis;
    b.partitionAtMillis = partitionAtMillis;
    b.healAtMillis = healAtMillis;
    b.adversaries = adversaries;
    b.seed = seed;
    b.gossip = gossip;
    b.groups = groups;
    b.groupSizeMin = groupSizeMin;
    b.groupSizeMax = groupSizeMax;
    b.groupRosters = groupRosters;
    return b;
  }

  /** Fluent construction of a {@link Scenario}; fields start at a stable network's values. */
  public static final class Builder {
    private int peers = 100;
    private int messages = 100;
    private int payloadBytes = 256;
    private long warmupMillis = 30_000;
    private long publishIntervalMillis = 100;
    private long durationMillis = -1;
    private int minLatencyMillis = 10;
    private int maxLatencyMillis = 100;
    private int jitterMillis = 20;
    private double loss;
    private double duplication;
    private double crashFraction;
    private long crashAtMillis = -1;
    private long partitionAtMillis = -1;
    private long healAtMillis = -1;
    private int adversaries;
    private long seed = 1;
    private GossipConfig gossip = ConfigLoader.defaults().gossip();
    private int groups;
    private int groupSizeMin = 3;
    private int groupSizeMax = 50;
    private boolean groupRosters = true;

    /** Members only subscribe to their groups' topics: every peer relays every one of them. */
    public Builder withoutGroupRosters() {
      groupRosters = false;
      return this;
    }

    /** {@code count} groups of {@code minSize} to {@code maxSize} random members each. */
    public Builder groups(int count, int minSize, int maxSize) {
      groups = count;
      groupSizeMin = minSize;
      groupSizeMax = maxSize;
      return this;
    }

    public Builder loss(double value) {
      loss = value;
      return this;
    }

    public Builder duplication(double value) {
      duplication = value;
      return this;
    }

    public Builder payloadBytes(int value) {
      payloadBytes = value;
      return this;
    }

    public Builder latency(int minMillis, int maxMillis, int jitter) {
      minLatencyMillis = minMillis;
      maxLatencyMillis = maxMillis;
      jitterMillis = jitter;
      return this;
    }

    /** Crashes {@code fraction} of the peers halfway through the publishing. */
    public Builder crashes(double fraction) {
      crashFraction = fraction;
      crashAtMillis = -2;
      return this;
    }

    /** Splits the peers into two halves from {@code atMillis} until {@code healMillis}. */
    public Builder partition(long atMillis, long healMillis) {
      partitionAtMillis = atMillis;
      healAtMillis = healMillis;
      return this;
    }

    public Builder adversaries(int count) {
      adversaries = count;
      return this;
    }

    /** Publishes every {@code intervalMillis} and runs {@code durationMillis} in all. */
    public Builder timing(long warmup, long intervalMillis, long totalMillis) {
      warmupMillis = warmup;
      publishIntervalMillis = intervalMillis;
      durationMillis = totalMillis;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder gossip(GossipConfig value) {
      gossip = value;
      return this;
    }

    public Scenario build() {
      long last = lastPublishAt(warmupMillis, publishIntervalMillis, messages);
      long duration = durationMillis < 0 ? last + 30_000 : durationMillis;
      long crashAt = crashAtMillis == -2 ? warmupMillis + (last - warmupMillis) / 2 : crashAtMillis;
      return new Scenario(
          peers,
          messages,
          payloadBytes,
          warmupMillis,
          publishIntervalMillis,
          duration,
          minLatencyMillis,
          maxLatencyMillis,
          jitterMillis,
          loss,
          duplication,
          crashFraction,
          crashAt,
          partitionAtMillis,
          healAtMillis,
          adversaries,
          seed,
          gossip,
          groups,
          groupSizeMin,
          groupSizeMax,
          groupRosters);
    }
  }
}
