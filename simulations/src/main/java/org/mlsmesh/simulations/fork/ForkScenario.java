package org.mlsmesh.simulations.fork;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.config.Quoted;
import org.mlsmesh.simulations.report.ScenarioBudget;
import org.mlsmesh.simulations.report.ScenarioException;
import org.mlsmesh.simulations.report.ScenarioKeys;

/**
 * A fork scenario (scenario file with {@code kind = fork}), validated. Every key is optional except
 * {@code kind}; times are virtual milliseconds.
 *
 * <pre>
 * kind = fork
 * members = 8                      # initial group, created by member 0 with one Welcome (2..5000)
 * duration-ms = 20000              # activity window: commits, messages, churn, partitions
 * settle-window-ms = 1500          # fork choice settle window (see ForkChoiceConfig), or
 *                                  # "measured": twice the measured p99 delivery delay within
 *                                  # [500 ms, settle-window-max-ms] (the maximum until measured)
 * settle-window-max-ms = 10000     # upper bound of a measured settle window
 * tail-ms = 0                      # extra run time after the activity; 0: 3 settle windows + 3 s
 *                                  # (measured: 2 x settle-window-max-ms + 3 s)
 * network {
 *   latency-min-ms = 20, latency-max-ms = 80, jitter-ms = 20
 *   loss = 0.0                     # per transmission, [0, 0.9]
 *   duplication = 0.0              # per transmission, [0, 0.5]
 *   repair-interval-ms = 250       # gossip pull repair: a lost copy is asked for again after this
 *   retention-ms = 60000           # how long gossip keeps a message for repair
 *   transport = gossip             # gossip: real GossipEngines; broadcast: simulated broadcast
 * }
 * commits {
 *   rounds = 10                    # commit rounds, each by `committers` members at the same time
 *   start-ms = 500, interval-ms = 1500
 *   committers = 2                 # a number, or "all"
 *   pacing = false                 # true: each waits its rank delay (ForkChoice.commitAdvice)
 * }
 * messages.interval-ms = 200       # one application message by a random member per interval; 0: none
 * partition { parts = 1, start-ms = 0, duration-ms = 0 }   # parts 1: none; 2 or 3 splits
 *                                  # hold = true: what crosses the cut arrives after the heal
 *                                  # (a reliable transport's buffers), instead of being lost
 * partitions = [ { parts = 2, start-ms = 3000, duration-ms = 500 }, ... ]   # more splits, which
 *                                  # may overlap (two members are connected when they share a part
 *                                  # in every split in force); members are dealt to parts at random
 * churn { joins = 0, leaves = 0 }  # spread over the activity window
 * beacons.interval-ms = 1000       # GroupEngineSettings.beaconIntervalMillis: each member's signed
 *                                  # beacon on the group topic (only a changed one is new to gossip)
 * crashes { count = 0, down-ms = 2000 }  # members that crash (engine and timers dropped, deliveries
 *                                  # lost) and restart from their stored state after down-ms;
 *                                  # spread over the activity window
 * max-resends = 8                  # ForkChoiceConfig.maxResends; 0 shows what re-sending saves
 * </pre>
 */
public record ForkScenario(
    int members,
    long durationMillis,
    long settleWindowMillis,
    long tailMillis,
    int latencyMinMillis,
    int latencyMaxMillis,
    int jitterMillis,
    double loss,
    double duplication,
    long repairIntervalMillis,
    long retentionMillis,
    int commitRounds,
    long commitStartMillis,
    long commitIntervalMillis,
    int committers,
    boolean pacing,
    long messageIntervalMillis,
    List<Partition> partitions,
    int joins,
    int leaves,
    long beaconIntervalMillis,
    int crashes,
    long crashDownMillis,
    int maxResends,
    Transport transport,
    boolean settleWindowMeasured,
    long settleWindowMaxMillis) {

  /** How members reach each other. */
  public enum Transport {
    /** Every member runs a real {@code GossipEngine}; frames travel through the SimNetwork. */
    GOSSIP,
    /** A simulated broadcast with pull repair: gossip's guarantees without its cost. */
    BROADCAST
  }

  /** Committers value meaning every active member. */
  public static final int ALL = Integer.MAX_VALUE;

  private static final Set<String> KEYS =
      Set.of(
          "kind",
          "description",
          "name",
          "seed",
          "members",
          "duration-ms",
          "settle-window-ms",
          "settle-window-max-ms",
          "tail-ms",
          "network.latency-min-ms",
          "network.latency-max-ms",
          "network.jitter-ms",
          "network.loss",
          "network.duplication",
          "network.repair-interval-ms",
          "network.retention-ms",
          "network.transport",
          "commits.rounds",
          "commits.start-ms",
          "commits.interval-ms",
          "commits.committers",
          "commits.pacing",
          "messages.interval-ms",
          "partition.parts",
          "partition.start-ms",
          "partition.duration-ms",
          "partition.hold",
          "partitions",
          "churn.joins",
          "churn.leaves",
          "beacons.interval-ms",
          "crashes.count",
          "crashes.down-ms",
          "max-resends");

  /** The end of the run: activity, then the tail in which everything settles. */
  public long endMillis() {
    return durationMillis + tailMillis;
  }

  /** Parses and checks a scenario; a bad key says which, its value and why. */
  public static ForkScenario parse(Config c) throws ScenarioException {
    new ScenarioKeys(c).rejectUnknown("fork", ScenarioKeys.known(KEYS));
    String kind = string(c, "kind", "fork");
    if (!kind.equals("fork")) {
      throw new ScenarioException(
          "key 'kind' = " + Quoted.of(kind) + ": a fork scenario needs \"fork\"");
    }
    int members = (int) range(c, "members", 8, 2, 5_000);
    long duration = range(c, "duration-ms", 20_000, 1, 3_600_000);
    boolean measured = settleWindowMeasured(c);
    long settleMax = range(c, "settle-window-max-ms", 10_000, 500, 600_000);
    // Until delays are measured, a measured window is as wide as it may get: too short a window
    // finalizes forks that the first, slow deliveries have not resolved yet.
    long settle = measured ? settleMax : range(c, "settle-window-ms", 1_500, 1, 600_000);
    long tail = range(c, "tail-ms", 0, 0, 3_600_000);
    if (tail == 0) {
      tail = measured ? 2 * settleMax + 3_000 : 3 * settle + 3_000;
    }
    int latMin = (int) range(c, "network.latency-min-ms", 20, 0, 60_000);
    int latMax = (int) range(c, "network.latency-max-ms", 80, 0, 60_000);
    if (latMax < latMin) {
      throw new ScenarioException(
          "key 'network.latency-max-ms' = "
              + latMax
              + ": must not be below network.latency-min-ms ("
              + latMin
              + ")");
    }
    int jitter = (int) range(c, "network.jitter-ms", 20, 0, 60_000);
    double loss = fraction(c, "network.loss", 0.0, 0.9);
    double duplication = fraction(c, "network.duplication", 0.0, 0.5);
    long repair = range(c, "network.repair-interval-ms", 250, 1, 600_000);
    long retention = range(c, "network.retention-ms", 60_000, 1, 3_600_000);
    int rounds = (int) range(c, "commits.rounds", 10, 0, 100_000);
    long commitStart = range(c, "commits.start-ms", 500, 0, 3_600_000);
    long commitInterval = range(c, "commits.interval-ms", 1_500, 1, 3_600_000);
    int committers = committers(c);
    boolean pacing = bool(c, "commits.pacing", false);
    long messageInterval = range(c, "messages.interval-ms", 200, 0, 3_600_000);
    List<Partition> partitions = new ArrayList<>();
    partition(c, "partition.", duration).ifPresent(partitions::add);
    if (c.hasPath("partitions")) {
      List<? extends Config> list;
      try {
        list = c.getConfigList("partitions");
      } catch (ConfigException.WrongType e) {
        throw new ScenarioException(
            "key 'partitions' = "
                + c.getValue("partitions").render()
                + ": must be a list of { parts, start-ms, duration-ms }",
            e);
      }
      for (int i = 0; i < list.size(); i++) {
        Config item = list.get(i);
        for (String key : item.root().keySet()) {
          if (!Set.of("parts", "start-ms", "duration-ms", "hold").contains(key)) {
            throw new ScenarioException(
                "unknown key 'partitions["
                    + i
                    + "]."
                    + key
                    + "': known are parts, start-ms, duration-ms, hold");
          }
        }
        Optional<Partition> p = partition(item, "", duration);
        if (p.isEmpty()) {
          throw new ScenarioException("key 'partitions[" + i + "].parts': must be 2 or 3");
        }
        partitions.add(p.get());
      }
    }
    int joins = (int) range(c, "churn.joins", 0, 0, 10_000);
    int leaves = (int) range(c, "churn.leaves", 0, 0, 10_000);
    if (leaves > members - 2) {
      throw new ScenarioException(
          "key 'churn.leaves' = "
              + leaves
              + ": at most members - 2 ("
              + (members - 2)
              + ") may leave, so that a group remains");
    }
    ScenarioBudget.ofThisJvm().requireForkMemory(members + joins);
    long beaconInterval = range(c, "beacons.interval-ms", 1_000, 1, 3_600_000);
    int crashes = (int) range(c, "crashes.count", 0, 0, 10_000);
    long down = range(c, "crashes.down-ms", 2_000, 1, 3_600_000);
    if (crashes > 0 && down >= tail) {
      throw new ScenarioException(
          "key 'crashes.down-ms' = "
              + down
              + ": a crashed member must restart before the run ends (tail-ms = "
              + tail
              + ")");
    }
    int maxResends = (int) range(c, "max-resends", 8, 0, 1_000);
    Transport transport = transport(c);
    return new ForkScenario(
        members,
        duration,
        settle,
        tail,
        latMin,
        latMax,
        jitter,
        loss,
        duplication,
        repair,
        retention,
        rounds,
        commitStart,
        commitInterval,
        committers,
        pacing,
        messageInterval,
        partitions,
        joins,
        leaves,
        beaconInterval,
        crashes,
        down,
        maxResends,
        transport,
        measured,
        settleMax);
  }

  /** Whether {@code settle-window-ms} is "measured" (else a number, checked by the caller). */
  private static boolean settleWindowMeasured(Config c) throws ScenarioException {
    String key = "settle-window-ms";
    if (!c.hasPath(key) || c.getValue(key).valueType() != ConfigValueType.STRING) {
      return false;
    }
    if (!"measured".equals(c.getValue(key).unwrapped())) {
      throw new ScenarioException(
          "key '"
              + key
              + "' = "
              + Quoted.shortened(c.getValue(key).render())
              + ": must be a whole number of milliseconds or \"measured\"");
    }
    return true;
  }

  /** A split into {@code parts} parts from {@code startMillis} for {@code durationMillis}. */
  /** {@code hold}: what crosses the cut is held back and arrives after the heal, not dropped. */
  public record Partition(int parts, long startMillis, long durationMillis, boolean hold) {}

  /** The partition under {@code prefix}, or empty for {@code parts = 1}. */
  private static Optional<Partition> partition(Config c, String prefix, long duration)
      throws ScenarioException {
    int parts = (int) range(c, prefix + "parts", 1, 1, 3);
    long start = range(c, prefix + "start-ms", 0, 0, 3_600_000);
    long length = range(c, prefix + "duration-ms", 0, 0, 3_600_000);
    if (parts == 1) {
      return Optional.empty();
    }
    if (length == 0) {
      throw new ScenarioException(
          "key '" + prefix + "duration-ms' = 0: a partition into " + parts + " parts must heal");
    }
    if (start + length > duration) {
      throw new ScenarioException(
          "key '"
              + prefix
              + "duration-ms' = "
              + length
              + ": the partition must heal within duration-ms ("
              + duration
              + ")");
    }
    return Optional.of(new Partition(parts, start, length, bool(c, prefix + "hold", false)));
  }

  private static Transport transport(Config c) throws ScenarioException {
    String key = "network.transport";
    String value = string(c, key, "gossip");
    return switch (value) {
      case "gossip" -> Transport.GOSSIP;
      case "broadcast" -> Transport.BROADCAST;
      default ->
          throw new ScenarioException(
              "key '" + key + "' = " + Quoted.of(value) + ": must be \"gossip\" or \"broadcast\"");
    };
  }

  private static int committers(Config c) throws ScenarioException {
    String key = "commits.committers";
    if (!c.hasPath(key)) {
      return 2;
    }
    ConfigValue v = c.getValue(key);
    if (v.valueType() == ConfigValueType.STRING && "all".equals(v.unwrapped())) {
      return ALL;
    }
    return (int) range(c, key, 2, 1, 100_000);
  }

  private static String string(Config c, String key, String fallback) throws ScenarioException {
    if (!c.hasPath(key)) {
      return fallback;
    }
    try {
      return c.getString(key);
    } catch (ConfigException.WrongType e) {
      throw new ScenarioException(
          "key '"
              + key
              + "' = "
              + Quoted.shortened(c.getValue(key).render())
              + ": must be a string",
          e);
    }
  }

  private static long range(Config c, String key, long fallback, long min, long max)
      throws ScenarioException {
    if (!c.hasPath(key)) {
      return fallback;
    }
    ConfigValue v = c.getValue(key);
    if (v.valueType() != ConfigValueType.NUMBER
        || !(v.unwrapped() instanceof Integer || v.unwrapped() instanceof Long)) {
      throw new ScenarioException(
          "key '"
              + key
              + "' = "
              + Quoted.shortened(v.render())
              + ": must be a whole number in ["
              + min
              + ", "
              + max
              + "]");
    }
    long value = ((Number) v.unwrapped()).longValue();
    if (value < min || value > max) {
      throw new ScenarioException(
          "key '" + key + "' = " + value + ": must be in [" + min + ", " + max + "]");
    }
    return value;
  }

  private static double fraction(Config c, String key, double fallback, double max)
      throws ScenarioException {
    if (!c.hasPath(key)) {
      return fallback;
    }
    ConfigValue v = c.getValue(key);
    if (v.valueType() != ConfigValueType.NUMBER) {
      throw new ScenarioException(
          "key '"
              + key
              + "' = "
              + Quoted.shortened(v.render())
              + ": must be a number in [0, "
              + max
              + "]");
    }
    double value = ((Number) v.unwrapped()).doubleValue();
    if (!(value >= 0 && value <= max)) {
      throw new ScenarioException("key '" + key + "' = " + value + ": must be in [0, " + max + "]");
    }
    return value;
  }

  private static boolean bool(Config c, String key, boolean fallback) throws ScenarioException {
    if (!c.hasPath(key)) {
      return fallback;
    }
    ConfigValue v = c.getValue(key);
    if (v.valueType() != ConfigValueType.BOOLEAN) {
      throw new ScenarioException(
          "key '" + key + "' = " + Quoted.shortened(v.render()) + ": must be true or false");
    }
    return (Boolean) v.unwrapped();
  }
}
