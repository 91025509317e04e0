package org.mlsmesh.app.testnet;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.control.ControlChannels;
import org.mlsmesh.control.v1.Event;
import org.mlsmesh.control.v1.GetIdentityRequest;
import org.mlsmesh.control.v1.Identity;
import org.mlsmesh.control.v1.NodeControlGrpc;
import org.mlsmesh.control.v1.StreamEventsRequest;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.protocol.crypto.CipherSuite;

/**
 * One {@code mlsmesh node run} process of the testnet, in its network namespace, driven through its
 * control API on a Unix socket in its folder. Collects every event of every incarnation (a restart
 * is a new run: its sequence numbers begin at 1 again).
 */
final class TestnetNode {
  /** An event as collected: which node, which incarnation. */
  record Collected(int node, int incarnation, Event event) {}

  final int index;
  final String name;
  private final Path dir;
  private final String namespace;
  private final List<Collected> sink;
  private Process process;
  private ManagedChannel channel;
  private NodeControlGrpc.NodeControlBlockingStub stub;
  private Identity identity;
  private int incarnation;
  private volatile long lastSeq;
  private volatile String runId = "";

  TestnetNode(int index, Path dir, String namespace, List<Collected> sink) {
    this.index = index;
    this.name = "n" + index;
    this.dir = dir;
    this.namespace = namespace;
    this.sink = sink;
  }

  /** Writes the identity and the config: gossip on the bridge, control on a Unix socket. */
  void configure(List<String> seeds, long settleMillis) throws IOException {
    Files.createDirectories(dir);
    try {
      IdentityFile.createIfMissing(
          dir.resolve("identity.key"), CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    } catch (org.mlsmesh.node.identity.IdentityFileException e) {
      throw new IOException(e.getMessage(), e);
    }
    StringBuilder seedList = new StringBuilder();
    for (String seed : seeds) {
      seedList.append('"').append(seed).append("\", ");
    }
    Files.writeString(
        dir.resolve("node.conf"),
        "mlsmesh.node {\n"
            + "  identity-file = identity.key\n"
            + "  listen { host = \""
            + Network.address(index)
            + "\", port = 7400 }\n"
            + "  storage { engine = sqlite, path = node.db }\n"
            + "  key-packages { pool-size = 4, replenish-below = 2 }\n"
            + "  control { unix-socket = control.sock, grpc-port = 0, http-port = 0 }\n"
            + "}\n"
            + "mlsmesh.gossip.seeds = ["
            + seedList
            + "]\n"
            + "mlsmesh.fork-choice.settle-window = "
            + settleMillis
            + "ms\n");
  }

  /** Starts (or restarts) the process and waits until its control API answers. */
  void start(List<String> javaCommand) throws IOException, InterruptedException {
    incarnation++;
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    command.addAll(javaCommand);
    command.addAll(List.of("node", "run", "--config", dir.resolve("node.conf").toString()));
    process =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("stdout-" + incarnation + ".log").toFile())
            .redirectError(dir.resolve("stderr-" + incarnation + ".log").toFile())
            .start();
    Path socket = dir.resolve("control.sock");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            name
                + " stopped at start: "
                + Files.readString(dir.resolve("stderr-" + incarnation + ".log")));
      }
      if (Files.exists(socket) && stdoutHasControlLine()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(name + " did not start its control API within 90 s");
      }
      Thread.sleep(100);
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    channel = ControlChannels.unixSocket(socket);
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + Files.readString(dir.resolve("control.token")).strip());
    stub =
        NodeControlGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    identity = stub.getIdentity(GetIdentityRequest.getDefaultInstance());
    runId = identity.getRunId();
    lastSeq = 0;
    follow(
        NodeControlGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
  }

  private boolean stdoutHasControlLine() throws IOException {
    Path out = dir.resolve("stdout-" + incarnation + ".log");
    return Files.exists(out) && Files.readString(out).contains("control API");
  }

  /** Follows the events of this incarnation from its first on, resuming after a broken stream. */
  private void follow(NodeControlGrpc.NodeControlStub async) {
    int mine = incarnation;
    async.streamEvents(
        StreamEventsRequest.newBuilder().setFromSeq(lastSeq + 1).setRunId(runId).build(),
        new StreamObserver<>() {
          @Override
          public void onNext(Event event) {
            lastSeq = event.getSeq();
            sink.add(new Collected(index, mine, event));
          }

          @Override
          public void onError(Throwable t) {
            Status.Code code = Status.fromThrowable(t).getCode();
            if (mine == incarnation && process.isAlive() && code == Status.Code.UNAVAILABLE) {
              follow(async); // a broken stream of a live node: resume after the last event
            }
          }

          @Override
          public void onCompleted() {}
        });
  }

  NodeControlGrpc.NodeControlBlockingStub api() {
    return stub.withDeadlineAfter(120, TimeUnit.SECONDS);
  }

  String memberId() {
    return identity.getMemberId();
  }

  /** The member id, or "" when the node never started. */
  String memberIdOrEmpty() {
    return identity == null ? "" : identity.getMemberId();
  }

  String pinnedAddress() {
    return identity.getPinnedAddress();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** kill -9: the JVM ends at once, mid-write if it is writing. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the process (SIGTERM, then SIGKILL) and its channel. */
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Kills the process at once (cleanup on failure or Ctrl-C). */
  void killNow() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  static boolean unavailable(StatusRuntimeException e) {
    return e.getStatus().getCode() == Status.Code.UNAVAILABLE;
  }

  static List<Collected> newSink() {
    return new CopyOnWriteArrayList<>();
  }
}
