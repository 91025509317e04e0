package org.mlsmesh.node.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mlsmesh.node.MlsNode;

/**
 * The memory a node and a group take: starts 5 nodes in this JVM (as {@link NodeGroupBenchmark}
 * does), then creates {@code groups} groups of all 5 (creators taking turns, invites through the
 * directory), and prints the heap after GC, the resident set size and the thread count at each
 * step, and from them the cost of one more node and of one group. The first node also pays for what
 * every node of the JVM shares (classes, the Netty buffer pools), hence "one more node".
 *
 * <p>{@code java -cp ... org.mlsmesh.node.bench.NodeMemory [groups] [sqlite|memory]} (defaults 10,
 * sqlite); see the README's benchmarks section for the Maven command.
 */
public final class NodeMemory {
  private static final int NODES = 5;
  private static final long SETTLE_MILLIS = 15_000;
  private static final int SAMPLES = 5;

  private NodeMemory() {}

  public static void main(String[] args) throws Exception {
    int groups = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    StorageEngine storage =
        args.length > 1
            ? StorageEngine.valueOf(args[1].toUpperCase(Locale.ROOT))
            : StorageEngine.SQLITE;
    List<Row> rows = new ArrayList<>();
    try (BenchNodes cluster = new BenchNodes(storage)) {
      rows.add(Row.measure("before any node"));
      cluster.startNode();
      Thread.sleep(SETTLE_MILLIS);
      Row first = Row.measure("1 node, idle");
      rows.add(first);
      for (int i = 1; i < NODES; i++) {
        cluster.startNode();
      }
      Thread.sleep(SETTLE_MILLIS);
      Row all = Row.measure(NODES + " nodes, idle");
      rows.add(all);
      List<MlsNode> nodes = cluster.nodes();
      long start = System.nanoTime();
      for (int g = 0; g < groups; g++) {
        List<MlsNode> others = new ArrayList<>();
        for (int i = 1; i < NODES; i++) {
          others.add(nodes.get((g + i) % NODES));
        }
        BenchNodes.createGroup(nodes.get(g % NODES), others);
      }
      double setupSeconds = (System.nanoTime() - start) / 1e9;
      Thread.sleep(SETTLE_MILLIS);
      Row withGroups = Row.measure(NODES + " nodes, " + groups + " groups of " + NODES + ", idle");
      rows.add(withGroups);

      System.out.printf(
          "%nNodeMemory: storage=%s, %d nodes, %d groups of %d (set up in %.1f s)%n",
          storage, NODES, groups, NODES, setupSeconds);
      if (!heapPreTouched()) {
        System.out.println(
            "(RSS deltas include heap growth: run with -Xms = -Xmx and -XX:+AlwaysPreTouch)");
      }
      System.out.printf(
          "%-34s %12s %12s %12s %8s%n", "", "heap MB", "spread KB", "RSS MB", "threads");
      for (Row r : rows) {
        System.out.printf(
            "%-34s %12.1f %12.1f %12.1f %8d%n",
            r.label, r.heap / 1e6, r.heapSpread / 1e3, r.rss / 1e6, r.threads);
      }
      System.out.printf("%-34s %12s %12s %12s %8s%n", "", "heap KB", "", "RSS KB", "threads");
      print("one more node (nodes 2-5), idle", first, all, NODES - 1);
      print("one group of " + NODES + " (all members)", all, withGroups, groups);
      print("one member's state", all, withGroups, groups * NODES);
    }
  }

  private static void print(String label, Row from, Row to, int count) {
    System.out.printf(
        "%-34s %12.1f %12s %12.1f %8.1f%n",
        label,
        (to.heap - from.heap) / 1e3 / count,
        "",
        (to.rss - from.rss) / 1e3 / count,
        (to.threads - from.threads) / (double) count);
  }

  /**
   * Heap after GC, resident set size and live threads at one step, from {@value #SAMPLES} samples a
   * second apart: idle nodes still gossip (heartbeats, anti-entropy), so the heap is the smallest
   * sample (what stays live), with its spread (the largest less the smallest); the others the
   * median.
   */
  private record Row(String label, long heap, long heapSpread, long rss, int threads) {
    static Row measure(String label) throws IOException, InterruptedException {
      long[] heap = new long[SAMPLES];
      long[] rss = new long[SAMPLES];
      long[] threads = new long[SAMPLES];
      for (int i = 0; i < SAMPLES; i++) {
        if (i > 0) {
          Thread.sleep(1000);
        }
        heap[i] = usedAfterGc();
        rss[i] = residentBytes();
        threads[i] = ManagementFactory.getThreadMXBean().getThreadCount();
      }
      Arrays.sort(heap);
      return new Row(
          label, heap[0], heap[SAMPLES - 1] - heap[0], median(rss), (int) median(threads));
    }
  }

  private static long median(long[] samples) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static boolean heapPreTouched() {
    List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
    return options.contains("-XX:+AlwaysPreTouch");
  }

  /** VmRSS from /proc/self/status (Linux), or -1 elsewhere. */
  private static long residentBytes() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }
}
