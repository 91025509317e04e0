package org.mlsmesh.node.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MessageId;
import org.mlsmesh.node.MlsNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Application messages through one group of 5 local nodes, end to end: 5 nodes in one JVM on
 * 127.0.0.1 over real Netty (TLS) links, default settings, each with its own storage (a SQLite file
 * in a temporary folder, or in memory to show what SQLite costs). Once per trial the first node
 * creates a group and invites the other 4 through the KeyPackage directory. Senders take turns
 * round-robin; a message counts once all 4 other members delivered it to their application ({@code
 * MessageReceived}).
 *
 * <ul>
 *   <li>{@code throughput} (closed loop): a batch of {@value #BATCH} sends without waiting, then
 *       until every other member delivered every message; the score is messages per second;
 *   <li>{@code latency} (closed loop): one message at a time, from {@code send} until the last of
 *       the 4 others delivered it; JMH's sample mode prints the percentiles (p0.50, p0.99);
 *   <li>{@code openLoop}: messages offered at a fixed rate ({@code -p rate=N} per second, for
 *       {@code -p seconds=S}) whatever happens to the ones before, each sent at its due time; its
 *       latency runs from that due time (a late send counts against the node, not hidden by it)
 *       until the last of the 4 others delivered it. Each iteration prints the offered and
 *       delivered rates (delivered: messages over the time from the first due time to the last
 *       delivery; above the node's capacity it is that capacity), the latency percentiles, the
 *       process CPU time per message and the storage commits per message; the trial's last line
 *       sums up its measurement iterations. JMH's own score for it (the iteration's wall time) says
 *       nothing.
 * </ul>
 *
 * <p>Every trial also prints, measured in the same JVM, the CPU time the crypto of one message
 * costs ({@link MessageCrypto}: one sign and seal, four opens and verifies), and for the
 * closed-loop throughput the process CPU time per message. The trial fails if a member delivered a
 * message twice or missed one.
 */
@State(Scope.Benchmark)
public class NodeGroupBenchmark {
  static final int BATCH = 100;
  private static final int NODES = 5;
  private static final long TIMEOUT_SECONDS = 120;

  @Param({"SQLITE", "MEMORY"})
  public StorageEngine storage;

  @Param({"100"})
  public int payloadBytes;

  /** The offered load of {@code openLoop}. */
  @State(Scope.Benchmark)
  public static class OfferedLoad {
    /** Messages per second, all senders together. */
    @Param({"250", "500"})
    public int rate;

    /** How long each iteration offers them. */
    @Param({"4"})
    public int seconds;
  }

  private BenchNodes cluster;
  private List<MlsNode> nodes;
  private GroupId group;
  private DeliveryCounter[] received;
  private final Arrivals arrivals = new Arrivals(NODES - 1);
  private long[] sentBy;
  private long sent;
  private byte[] payload;
  private double cryptoMillis;

  // The measurement iterations of this trial.
  private boolean measuring;
  private long iterationCpu;
  private long iterationSent;
  private long measuredCpu;
  private long measuredMessages;
  private long measuredCommits;
  private long iterationCommits;
  private Map<String, Double> iterationCounters;
  private ThreadCpu iterationThreads;
  private final Map<String, Long> measuredThreads = new TreeMap<>();
  private final Map<String, Double> measuredCounters = new TreeMap<>();
  private final List<long[]> measuredLatencies = new ArrayList<>();
  private double measuredDeliveredSeconds;
  private String loadBefore;

  @Setup(Level.Trial)
  public void startGroup() throws Exception {
    loadBefore = loadAverage();
    cryptoMillis = new MessageCrypto(payloadBytes, NODES - 1).cpuMillisPerMessage(500);
    cluster = new BenchNodes(storage);
    for (int i = 0; i < NODES; i++) {
      cluster.startNode();
    }
    nodes = cluster.nodes();
    group = BenchNodes.createGroup(nodes.get(0), nodes.subList(1, NODES));
    received = new DeliveryCounter[NODES];
    for (int i = 0; i < NODES; i++) {
      received[i] = new DeliveryCounter(group);
      // Arrivals first: a message counted delivered has its arrival recorded.
      nodes.get(i).addListener(arrivals);
      nodes.get(i).addListener(received[i]);
    }
    sentBy = new long[NODES];
    payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) 'm');
  }

  @Setup(Level.Iteration)
  public void startIteration(IterationParams params) {
    measuring = params.getType() == IterationType.MEASUREMENT;
    iterationCpu = processCpuNanos();
    iterationSent = sent;
    iterationCommits = cluster.storageCommits();
    iterationCounters = cluster.counters();
    iterationThreads = ThreadCpu.now();
    arrivals.clear();
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    if (measuring) {
      measuredCpu += processCpuNanos() - iterationCpu;
      measuredMessages += sent - iterationSent;
      measuredCommits += cluster.storageCommits() - iterationCommits;
      ThreadCpu.now()
          .since(iterationThreads)
          .forEach((k, v) -> measuredThreads.merge(k, v, Long::sum));
      cluster
          .counters()
          .forEach(
              (name, value) ->
                  measuredCounters.merge(
                      name, value - iterationCounters.getOrDefault(name, 0.0), Double::sum));
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void throughput() throws InterruptedException, ExecutionException, TimeoutException {
    List<CompletableFuture<MessageId>> sends = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      sends.add(sendNext());
    }
    for (CompletableFuture<MessageId> send : sends) {
      send.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    awaitDelivered();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void latency() throws InterruptedException, ExecutionException, TimeoutException {
    sendNext().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    awaitDelivered();
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void openLoop(OfferedLoad load)
      throws InterruptedException, ExecutionException, TimeoutException {
    int count = load.rate * load.seconds;
    long interval = TimeUnit.SECONDS.toNanos(1) / load.rate;
    long cpuBefore = processCpuNanos();
    long commitsBefore = cluster.storageCommits();
    long[] due = new long[count];
    List<CompletableFuture<MessageId>> sends = new ArrayList<>(count);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
    for (int i = 0; i < count; i++) {
      due[i] = start + i * interval;
      for (long wait = due[i] - System.nanoTime(); wait > 0; wait = due[i] - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      sends.add(sendNext());
    }
    awaitDelivered();
    long cpu = processCpuNanos() - cpuBefore;
    long commits = cluster.storageCommits() - commitsBefore;
    long[] latencies = new long[count];
    long lastDelivery = start;
    for (int i = 0; i < count; i++) {
      long deliveredAt =
          arrivals.deliveredToAll(sends.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      latencies[i] = deliveredAt - due[i];
      lastDelivery = Math.max(lastDelivery, deliveredAt);
    }
    double seconds = (lastDelivery - start) / 1e9;
    System.out.println(
        "\nopen loop "
            + storage
            + ": "
            + describe(load.rate, count, seconds, latencies, cpu, commits)
            + ", load "
            + loadAverage());
    if (measuring) {
      measuredLatencies.add(latencies);
      measuredDeliveredSeconds += seconds;
    }
  }

  private String describe(
      int rate, long count, double seconds, long[] latencies, long cpuNanos, long commits) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    double cpuMillis = cpuNanos / 1e6 / count;
    return String.format(
        Locale.ROOT,
        "offered %d/s, delivered %.0f/s; latency ms p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f;"
            + " CPU %.3f ms/message (crypto %.3f: %.1fx); %.2f storage commits/message",
        rate,
        count / seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        percentile(sorted, 0.999),
        sorted[sorted.length - 1] / 1e6,
        cpuMillis,
        cryptoMillis,
        cpuMillis / cryptoMillis,
        (double) commits / count);
  }

  private static double percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  private CompletableFuture<MessageId> sendNext() {
    int from = (int) (sent % NODES);
    sent++;
    sentBy[from]++;
    return nodes.get(from).send(group, payload).toCompletableFuture();
  }

  /** Until every node delivered every message the others sent. */
  private void awaitDelivered() throws InterruptedException, TimeoutException {
    for (int n = 0; n < NODES; n++) {
      received[n].awaitAtLeast(sent - sentBy[n], TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  @TearDown(Level.Trial)
  public void checkExactlyOnceAndStop() throws Exception {
    try {
      Thread.sleep(1000); // duplicates, if any, would arrive now
      for (int n = 0; n < NODES; n++) {
        long expected = sent - sentBy[n];
        if (received[n].delivered() != expected) {
          throw new IllegalStateException(
              "node "
                  + n
                  + " delivered "
                  + received[n].delivered()
                  + " messages, expected exactly "
                  + expected);
        }
      }
      summarize();
    } finally {
      cluster.close();
    }
  }

  /** The trial's measurement iterations, with the crypto of one message measured again now. */
  private void summarize() throws Exception {
    double cryptoAfter = new MessageCrypto(payloadBytes, NODES - 1).cpuMillisPerMessage(500);
    cryptoMillis = Math.min(cryptoMillis, cryptoAfter);
    StringBuilder out = new StringBuilder("\n");
    out.append(
        String.format(
            Locale.ROOT,
            "trial %s: crypto of one message %.3f ms CPU (one sign, %d verifies and decrypts);"
                + " load %s before, %s after%n",
            storage,
            cryptoMillis,
            NODES - 1,
            loadBefore,
            loadAverage()));
    if (measuredMessages > 0) {
      double cpuMillis = measuredCpu / 1e6 / measuredMessages;
      out.append(
          String.format(
              Locale.ROOT,
              "trial %s: measured iterations: %d messages, process CPU %.3f ms/message (%.1fx the"
                  + " crypto), %.2f storage commits/message%n",
              storage,
              measuredMessages,
              cpuMillis,
              cpuMillis / cryptoMillis,
              (double) measuredCommits / measuredMessages));
      out.append("trial " + storage + ": CPU ms per message by thread:");
      measuredThreads.forEach(
          (kind, nanos) ->
              out.append(
                  String.format(Locale.ROOT, " %s %.3f", kind, nanos / 1e6 / measuredMessages)));
      out.append(String.format("%n"));
      out.append("trial " + storage + ": per message, over all nodes:");
      measuredCounters.forEach(
          (name, value) ->
              out.append(String.format(Locale.ROOT, " %s %.2f", name, value / measuredMessages)));
      out.append(String.format("%n"));
    }
    if (!measuredLatencies.isEmpty()) {
      int total = measuredLatencies.stream().mapToInt(l -> l.length).sum();
      long[] all = new long[total];
      int at = 0;
      for (long[] l : measuredLatencies) {
        System.arraycopy(l, 0, all, at, l.length);
        at += l.length;
      }
      Arrays.sort(all);
      out.append(
          String.format(
              Locale.ROOT,
              "trial %s: open loop, all measurement iterations: delivered %.0f/s; latency ms p50"
                  + " %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f%n",
              storage,
              total / measuredDeliveredSeconds,
              percentile(all, 0.50),
              percentile(all, 0.90),
              percentile(all, 0.99),
              percentile(all, 0.999),
              all[all.length - 1] / 1e6));
    }
    System.out.print(out);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
