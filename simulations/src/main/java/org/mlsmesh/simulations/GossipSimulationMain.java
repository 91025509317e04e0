package org.mlsmesh.simulations;

import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlsmesh.config.ConfigLoader;

/**
 * Runs one gossip simulation from the command line and prints its report. Arguments are {@code
 * key=value}: peers, messages, loss, duplication, crash (fraction), partition (seconds the halves
 * stay split, from the first publish), adversaries, seed, duration (virtual seconds in all),
 * interval (ms between publishes), warmup (virtual seconds), payload (bytes), groups,
 * group-size-min, group-size-max (group topics of random members); and any gossip setting of {@code
 * reference.conf} as {@code gossip.KEY=VALUE} (e.g. {@code gossip.graft-timeout=1s}).
 *
 * <pre>
 * mvn -B -q -pl simulations -am exec:java -Dexec.mainClass=org.mlsmesh.simulations.GossipSimulationMain \
 *     -Dexec.args="peers=1000 messages=1000 loss=0.1 seed=1"
 * </pre>
 */
public final class GossipSimulationMain {
  private GossipSimulationMain() {}

  public static void main(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        System.err.println("arguments are key=value, got '" + arg + "'");
        System.exit(2);
      }
      opts.put(arg.substring(0, eq).replaceFirst("^--", ""), arg.substring(eq + 1));
    }
    Scenario scenario;
    try {
      scenario = scenario(opts);
    } catch (IllegalArgumentException e) {
      System.err.println("bad arguments: " + e.getMessage());
      System.exit(2);
      return;
    }
    Report report = GossipSimulation.run(scenario);
    System.out.println(report.summary());
  }

  static Scenario scenario(Map<String, String> opts) {
    Map<String, String> o = new LinkedHashMap<>(opts);
    int peers = Integer.parseInt(take(o, "peers", "1000"));
    int messages = Integer.parseInt(take(o, "messages", "1000"));
    long seed = Long.parseLong(take(o, "seed", "1"));
    long warmup = (long) (Double.parseDouble(take(o, "warmup", "30")) * 1000);
    long interval = Long.parseLong(take(o, "interval", "100"));
    long lastPublish = warmup + interval * Math.max(0, messages - 1);
    long duration =
        o.containsKey("duration")
            ? (long) (Double.parseDouble(take(o, "duration", "0")) * 1000)
            : lastPublish + 30_000;
    Scenario.Builder b =
        Scenario.stable(peers, messages, seed)
            .timing(warmup, interval, duration)
            .loss(Double.parseDouble(take(o, "loss", "0")))
            .duplication(Double.parseDouble(take(o, "duplication", "0")))
            .payloadBytes(Integer.parseInt(take(o, "payload", "256")))
            .adversaries(Integer.parseInt(take(o, "adversaries", "0")));
    int groups = Integer.parseInt(take(o, "groups", "0"));
    int groupMin = Integer.parseInt(take(o, "group-size-min", "3"));
    int groupMax = Integer.parseInt(take(o, "group-size-max", "50"));
    if (groups > 0) {
      b.groups(groups, groupMin, groupMax);
    }
    double crash = Double.parseDouble(take(o, "crash", "0"));
    if (crash > 0) {
      b.crashes(crash);
    }
    double partitionSeconds = Double.parseDouble(take(o, "partition", "0"));
    if (partitionSeconds > 0) {
      b.partition(warmup, warmup + (long) (partitionSeconds * 1000));
    }
    StringBuilder overrides = new StringBuilder();
    for (String key : List.copyOf(o.keySet())) {
      if (key.startsWith("gossip.")) {
        overrides.append("mlsmesh.").append(key).append(" = ").append(o.remove(key)).append('\n');
      }
    }
    if (overrides.length() > 0) {
      b.gossip(ConfigLoader.from(ConfigFactory.parseString(overrides.toString())).gossip());
    }
    if (!o.isEmpty()) {
      throw new IllegalArgumentException("unknown keys " + o.keySet());
    }
    return b.build();
  }

  private static String take(Map<String, String> o, String key, String fallback) {
    String value = o.remove(key);
    return value == null ? fallback : value;
  }
}
