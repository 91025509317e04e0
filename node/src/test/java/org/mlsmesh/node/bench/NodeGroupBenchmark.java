package org.mlsmesh.node.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

/**
 * Application messages through one group of 5 local nodes, end to end: 5 nodes in one JVM on
 * 127.0.0.1 over real Netty (TLS) links, default settings, each with its own storage (a SQLite file
 * in a temporary folder, or in memory to show what SQLite costs). Once per trial the first node
 * creates a group and invites the other 4 through the KeyPackage directory. Senders take turns
 * round-robin; a message counts once all 4 other members delivered it to their application ({@code
 * MessageReceived}).
 *
 * <ul>
 *   <li>{@code throughput}: a batch of {@value #BATCH} sends without waiting, then until every
 *       other member delivered every message; the score is messages per second;
 *   <li>{@code latency}: one message at a time, from {@code send} until the last of the 4 others
 *       delivered it; JMH's sample mode prints the percentiles (p0.50, p0.99).
 * </ul>
 *
 * <p>The trial fails if a member delivered a message twice or missed one. {@code mvn -B -o -pl node
 * -am -P bench clean test-compile exec:exec -Dexec.skip=true -Dbench.args="NodeGroupBenchmark -f 1
 * -wi 2 -i 3 -r 2s"} ({@code exec.skip} keeps the upstream modules' benchmarks from running).
 */
@State(Scope.Benchmark)
public class NodeGroupBenchmark {
  static final int BATCH = 100;
  private static final int NODES = 5;
  private static final long TIMEOUT_SECONDS = 60;

  @Param({"SQLITE", "MEMORY"})
  public StorageEngine storage;

  @Param({"100"})
  public int payloadBytes;

  private BenchNodes cluster;
  private List<MlsNode> nodes;
  private GroupId group;
  private DeliveryCounter[] received;
  private long[] sentBy;
  private long sent;
  private byte[] payload;

  @Setup(Level.Trial)
  public void startGroup() throws Exception {
    cluster = new BenchNodes(storage);
    for (int i = 0; i < NODES; i++) {
      cluster.startNode();
    }
    nodes = cluster.nodes();
    group = BenchNodes.createGroup(nodes.get(0), nodes.subList(1, NODES));
    received = new DeliveryCounter[NODES];
    for (int i = 0; i < NODES; i++) {
      received[i] = new DeliveryCounter(group);
      nodes.get(i).addListener(received[i]);
    }
    sentBy = new long[NODES];
    payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) 'm');
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
  public void checkExactlyOnceAndStop() throws InterruptedException {
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
    } finally {
      cluster.close();
    }
  }
}
