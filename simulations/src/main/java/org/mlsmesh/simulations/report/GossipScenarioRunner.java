package org.mlsmesh.simulations.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mlsmesh.config.ConfigException;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.simulations.GossipSimulation;
import org.mlsmesh.simulations.GroupFigures;
import org.mlsmesh.simulations.Report;
import org.mlsmesh.simulations.Scenario;

/**
 * Runs {@code kind = gossip} scenario files: a {@link GossipSimulation} of peers publishing
 * messages over a faulty simulated network. Its invariant is the delivery ratio (every message at
 * every honest live peer unless the file lowers {@code min-delivery-ratio}) and, with a partition,
 * optionally the ratio delivered within 5 s of the heal ({@code min-heal-ratio}).
 *
 * <p>Keys (durations as {@code 30s} or {@code 100ms}): {@code peers}, {@code messages}, {@code
 * payload-bytes}, {@code warmup}, {@code interval}, {@code duration} (default: 30 s after the last
 * publish), {@code latency-min}, {@code latency-max}, {@code jitter}, {@code loss}, {@code
 * duplication}, {@code crash} (fraction of peers crashed halfway through the publishing), {@code
 * partition} (how long two halves stay split) and {@code partition-at} (default: the first
 * publish), {@code adversaries}, {@code gossip { ... }} (overrides of {@code mlsmesh.gossip}),
 * {@code min-delivery-ratio}, {@code min-heal-ratio}.
 *
 * <p>Many groups: {@code groups} (default 0: one topic of the global overlay that every peer
 * subscribes to), {@code group-size-min} and {@code group-size-max} (default 3 and 50): each group
 * is a group topic of random members ({@code Input.SetGroup}), and the messages go to the groups in
 * turn, each published by a random live member and expected at every other live member; {@code
 * group-rosters = false} has members only subscribe, so that every peer relays every group's topic
 * over the global overlay, as before issue 16 (for comparison). Its invariants: no frame of a group
 * reaches a non-member, and, with {@code max-payload-ratio}, no member receives more payload than
 * that multiple of its own groups' messages.
 */
public final class GossipScenarioRunner implements ScenarioRunner {
  public static final String KIND = "gossip";

  /** Where {@code reference.conf} keeps the gossip settings. */
  private static final String SECTION = "mlsmesh.gossip";

  static final Set<String> KEYS =
      Set.of(
          "peers",
          "messages",
          "payload-bytes",
          "warmup",
          "interval",
          "duration",
          "latency-min",
          "latency-max",
          "jitter",
          "loss",
          "duplication",
          "crash",
          "partition",
          "partition-at",
          "adversaries",
          "groups",
          "group-size-min",
          "group-size-max",
          "group-rosters",
          "max-payload-ratio",
          "gossip",
          "min-delivery-ratio",
          "min-heal-ratio");

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public RunRecord run(String name, Config file, long seed, ProgressListener progress)
      throws ScenarioException {
    ScenarioKeys keys = new ScenarioKeys(file);
    Scenario scenario = scenario(keys, seed);
    double minDelivery = keys.doubleIn("min-delivery-ratio", 1.0, 0, 1);
    double minHeal = keys.doubleIn("min-heal-ratio", 0, 0, 1);
    double maxPayloadRatio = keys.doubleIn("max-payload-ratio", Double.MAX_VALUE, 1, 1e9);
    if (keys.has("max-payload-ratio") && scenario.groups() == 0) {
      throw keys.bad("max-payload-ratio", "needs groups (set 'groups')");
    }
    if (keys.has("min-heal-ratio") && !scenario.hasPartition()) {
      throw keys.bad("min-heal-ratio", "needs a partition (set 'partition')");
    }
    progress.progress(0, scenario.durationMillis());
    Report report = GossipSimulation.run(scenario);
    progress.progress(scenario.durationMillis(), scenario.durationMillis());
    return record(
        name,
        scenario,
        report,
        minDelivery,
        keys.has("min-heal-ratio") ? minHeal : -1,
        maxPayloadRatio);
  }

  /**
   * The keys of a gossip scenario: {@code gossip { ... }} holds those of {@code mlsmesh.gossip}.
   */
  static Config known() {
    Set<String> top = new TreeSet<>(KEYS);
    top.remove("gossip");
    return ScenarioKeys.known(top).withValue("gossip", reference().root());
  }

  private static Config reference() {
    return ConfigFactory.defaultReference(ConfigLoader.class.getClassLoader()).getConfig(SECTION);
  }

  static Scenario scenario(ScenarioKeys keys, long seed) throws ScenarioException {
    keys.rejectUnknown(KIND, known());
    int peers = keys.intIn("peers", 100, 2, 100_000);
    int messages = keys.intIn("messages", 100, 0, 1_000_000);
    GossipConfig gossip = gossip(keys);
    ScenarioBudget.ofThisJvm().requireGossipMemory(peers, messages, gossip.retentionMaxMessages());
    long warmup = keys.millisAtLeast("warmup", 30_000, 0);
    long interval = keys.millisAtLeast("interval", 100, 1);
    long lastPublish = warmup + interval * Math.max(0, messages - 1);
    long duration = keys.millisAtLeast("duration", lastPublish + 30_000, 1);
    if (duration < lastPublish) {
      throw keys.bad(
          "duration",
          "the run must last until the last publish at "
              + lastPublish
              + " ms (warmup + interval x (messages - 1))");
    }
    ScenarioBudget.requireVirtualTime(
        keys.has("duration") ? "key 'duration'" : "warmup + interval x (messages - 1) + 30s",
        duration);
    int latencyMin = (int) keys.millisAtLeast("latency-min", 10, 0);
    int latencyMax = (int) keys.millisAtLeast("latency-max", Math.max(100, latencyMin), 0);
    if (latencyMax < latencyMin) {
      throw keys.bad("latency-max", "must be at least latency-min (" + latencyMin + " ms)");
    }
    Scenario.Builder b =
        Scenario.stable(peers, messages, seed)
            .timing(warmup, interval, duration)
            .latency(latencyMin, latencyMax, (int) keys.millisAtLeast("jitter", 20, 0))
            .loss(keys.doubleIn("loss", 0, 0, 0.99))
            .duplication(keys.doubleIn("duplication", 0, 0, 1))
            .payloadBytes(keys.intIn("payload-bytes", 256, 16, 1 << 20))
            .adversaries(keys.intIn("adversaries", 0, 0, peers - 1));
    double crash = keys.doubleIn("crash", 0, 0, 0.99);
    if (crash > 0) {
      b.crashes(crash);
    }
    if (keys.has("partition")) {
      long length = keys.millisAtLeast("partition", 0, 1);
      long at = keys.millisAtLeast("partition-at", warmup, 0);
      if (at + length > duration) {
        throw keys.bad(
            "partition", "the halves must heal (at " + (at + length) + " ms) within the run");
      }
      b.partition(at, at + length);
    } else if (keys.has("partition-at")) {
      throw keys.bad("partition-at", "needs 'partition' (how long the halves stay split)");
    }
    int groups = keys.intIn("groups", 0, 0, 100_000);
    if (groups > 0) {
      int min = keys.intIn("group-size-min", 3, 2, peers);
      b.groups(groups, min, keys.intIn("group-size-max", Math.max(min, 50), min, peers));
      if (!keys.bool("group-rosters", true)) {
        b.withoutGroupRosters();
      }
    } else {
      for (String key : List.of("group-size-min", "group-size-max", "group-rosters")) {
        if (keys.has(key)) {
          throw keys.bad(key, "needs groups (set 'groups')");
        }
      }
    }
    b.gossip(gossip);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ScenarioException("the settings don't hold together: " + e.getMessage(), e);
    }
  }

  /** The {@code gossip { ... }} overrides over {@code reference.conf}. */
  private static GossipConfig gossip(ScenarioKeys keys) throws ScenarioException {
    Config overrides = keys.object("gossip");
    try {
      return ConfigLoader.from(ConfigFactory.empty().withValue(SECTION, overrides.root())).gossip();
    } catch (ConfigException e) {
      String key =
          e.key().startsWith(SECTION + ".") ? e.key().substring("mlsmesh.".length()) : e.key();
      String reason =
          e.getMessage().substring(Math.min(e.getMessage().length(), e.key().length() + 2));
      if (keys.has(key)) {
        throw keys.bad(key, reason);
      }
      throw new ScenarioException("key '" + key + "': " + reason, e);
    } catch (IllegalArgumentException e) {
      throw new ScenarioException("key 'gossip': " + e.getMessage(), e);
    }
  }

  static RunRecord record(
      String name,
      Scenario scenario,
      Report report,
      double minDelivery,
      double minHeal,
      double maxPayloadRatio) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("peers", (double) scenario.peers());
    metrics.put("messages", (double) report.messages());
    metrics.put("live-peers", (double) report.livePeers());
    metrics.put("delivery-ratio", report.deliveryRatio());
    if (scenario.hasPartition()) {
      metrics.put("heal-ratio-5s", report.healRatio());
    }
    metrics.put("latency-p50-ms", (double) report.latencyP50Millis());
    metrics.put("latency-p99-ms", (double) report.latencyP99Millis());
    metrics.put("hops-p50", (double) report.hopsP50());
    metrics.put("hops-p99", (double) report.hopsP99());
    metrics.put("copies-per-peer-per-message", report.copiesPerPeerPerMessage());
    metrics.put("control-bytes", (double) report.controlBytes());
    metrics.put("control-bytes-per-peer-per-s", report.controlBytesPerPeerPerSecond());
    GroupFigures groups = report.groups();
    if (groups.groups() > 0) {
      metrics.put("groups", (double) groups.groups());
      metrics.put("payload-over-own-groups-p50", groups.payloadRatioP50());
      metrics.put("payload-over-own-groups-max", groups.payloadRatioMax());
      metrics.put("frames-at-non-members", (double) groups.nonMemberFrames());
      metrics.put("latency-in-link-latencies-p50", groups.linkLatenciesP50());
      metrics.put("latency-in-link-latencies-p99", groups.linkLatenciesP99());
    }
    metrics.put("bans", (double) report.bans());
    metrics.put("events", (double) report.events());
    metrics.put("wall-time-s", report.wallMillis() / 1000.0);
    metrics.put("cpu-time-s", report.cpuMillis() / 1000.0);
    List<String> violations = new ArrayList<>();
    if (!(report.deliveryRatio() >= minDelivery)) {
      violations.add(
          String.format(
              Locale.ROOT,
              "delivery ratio %.6f is below the required %s (min-delivery-ratio)",
              report.deliveryRatio(),
              minDelivery));
    }
    if (minHeal >= 0 && !(report.healRatio() >= minHeal)) {
      violations.add(
          String.format(
              Locale.ROOT,
              "ratio delivered within 5 s of the heal %.6f is below the required %s"
                  + " (min-heal-ratio)",
              report.healRatio(),
              minHeal));
    }
    if (groups.nonMemberFrames() > 0) {
      violations.add(groups.nonMemberFrames() + " frames of a group reached peers not in it");
    }
    if (groups.groups() > 0 && !(groups.payloadRatioMax() <= maxPayloadRatio)) {
      violations.add(
          String.format(
              Locale.ROOT,
              "a peer received %.3f times the payload of its own groups, above %s"
                  + " (max-payload-ratio)",
              groups.payloadRatioMax(),
              maxPayloadRatio));
    }
    List<String> members = new ArrayList<>(scenario.peers());
    for (int i = 0; i < scenario.peers(); i++) {
      members.add("peer-" + i);
    }
    return new RunRecord(
        name,
        KIND,
        scenario.seed(),
        scenario.durationMillis(),
        members,
        List.of(),
        List.of(),
        List.of(),
        metrics,
        violations,
        report.traceSha256());
  }
}
