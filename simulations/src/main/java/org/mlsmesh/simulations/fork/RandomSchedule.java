package org.mlsmesh.simulations.fork;

import java.io.StringReader;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mlsmesh.simulations.report.ScenarioException;
import org.mlsmesh.simulations.report.ScenarioFile;
import org.mlsmesh.simulations.report.ScenarioFiles;

/**
 * A whole fork scenario drawn from a seed: the group's size, the settle window (fixed or measured),
 * the network (latency, jitter that reorders, loss up to 50%, duplication), 1–3 partitions of 2–3
 * parts, shorter or longer than the settle window and possibly overlapping, commit rounds by one to
 * all members, with or without pacing, chat, members joining and leaving (also during a split), and
 * members that crash and restart from their stored state. The same seed draws the same schedule;
 * the run is then a pure function of it, so a failing seed is a bug report.
 */
public final class RandomSchedule {
  /** The name of the scenario kind on the command line: {@code simulate random --seeds A..B}. */
  public static final String NAME = "random";

  private static final double[] LOSSES = {0, 0, 0.05, 0.1, 0.2, 0.3, 0.5};
  private static final double[] DUPLICATIONS = {0, 0, 0.02, 0.1};

  private RandomSchedule() {}

  /** The scenario of {@code seed}, parsed. */
  public static ScenarioFile file(long seed) throws ScenarioException {
    return ScenarioFiles.parse("random schedule of seed " + seed, new StringReader(hocon(seed)));
  }

  /** The scenario file (HOCON) of {@code seed}. */
  public static String hocon(long seed) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x72616e646f6dL);
    int members = 3 + r.nextInt(10);
    long duration = 10_000 + 1_000L * r.nextInt(11);
    boolean measured = r.nextInt(3) == 0;
    long window = measured ? 1_000 : 1_000 + 500L * r.nextInt(3);
    StringBuilder s = new StringBuilder();
    line(s, "kind = fork");
    line(s, "name = \"" + NAME + "-" + seed + "\"");
    line(s, "description = \"random schedule of seed " + seed + "\"");
    line(s, "seed = " + seed);
    line(s, "members = " + members);
    line(s, "duration-ms = " + duration);
    if (measured) {
      line(s, "settle-window-ms = measured");
      line(s, "settle-window-max-ms = 10000");
    } else {
      line(s, "settle-window-ms = " + window);
    }
    line(s, "tail-ms = 45000");
    int latencyMin = 10 + r.nextInt(21);
    line(
        s,
        String.format(
            Locale.ROOT,
            "network { latency-min-ms = %d, latency-max-ms = %d, jitter-ms = %d, loss = %s,"
                + " duplication = %s }",
            latencyMin,
            latencyMin + 20 + r.nextInt(81),
            r.nextInt(51),
            LOSSES[r.nextInt(LOSSES.length)],
            DUPLICATIONS[r.nextInt(DUPLICATIONS.length)]));
    int rounds = 2 + r.nextInt(7);
    String committers = r.nextInt(4) == 0 ? "all" : Integer.toString(1 + r.nextInt(members));
    line(
        s,
        String.format(
            Locale.ROOT,
            "commits { rounds = %d, start-ms = %d, interval-ms = %d, committers = %s, pacing = %b"
                + " }",
            rounds,
            300 + r.nextInt(701),
            800 + r.nextInt(1_701),
            committers,
            r.nextInt(10) < 3));
    line(s, "messages.interval-ms = " + (100 + r.nextInt(301)));
    int partitions = 1 + r.nextInt(3);
    s.append("partitions = [\n");
    for (int i = 0; i < partitions; i++) {
      long start = duration / 10 + (long) (r.nextDouble() * duration * 0.6);
      boolean longer = r.nextBoolean();
      long length =
          longer
              ? (long) (window * (1.5 + r.nextDouble() * 2.5)) + r.nextInt(2_001)
              : 200 + (long) (r.nextDouble() * window * 0.6);
      length = Math.max(100, Math.min(length, duration - start - 100));
      s.append(
          String.format(
              Locale.ROOT,
              "  { parts = %d, start-ms = %d, duration-ms = %d }\n",
              2 + r.nextInt(2),
              start,
              length));
    }
    s.append("]\n");
    int joins = r.nextInt(4);
    int leaves = members > 4 ? r.nextInt(Math.min(3, members - 3)) : 0;
    line(s, "churn { joins = " + joins + ", leaves = " + leaves + " }");
    int crashes = r.nextInt(3);
    line(s, "crashes { count = " + crashes + ", down-ms = " + (500 + r.nextInt(3_501)) + " }");
    line(s, "beacons.interval-ms = " + (500 + r.nextInt(1_001)));
    return s.toString();
  }

  private static void line(StringBuilder s, String line) {
    s.append(line).append('\n');
  }
}
