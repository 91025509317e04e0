package org.mlsmesh.node.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.IdentityFileException;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SecureEntropySource;

/**
 * Local nodes for the benchmarks, started as a user runs them: each with its own identity file and
 * config in a folder of its own, listening on 127.0.0.1 (TLS links over Netty), default settings
 * except the storage engine; every node after the first has the first as its seed.
 */
final class BenchNodes implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 60;

  private final Path root;
  private final StorageEngine storage;
  private final List<MlsNode> nodes = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  BenchNodes(StorageEngine storage) {
    this.storage = storage;
    try {
      this.root = Files.createTempDirectory("mlsmesh-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<MlsNode> nodes() {
    return List.copyOf(nodes);
  }

  /** Storage transactions committed so far, over all nodes (each a sync of the WAL, for SQLite). */
  long storageCommits() {
    return meters.find("mlsmesh.storage.transaction").timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  /** The node meters' counters summed over all nodes, by name (without the common prefix). */
  Map<String, Double> counters() {
    Map<String, Double> sums = new TreeMap<>();
    for (Meter m : meters.getMeters()) {
      if (!(m instanceof Counter c)) {
        continue;
      }
      String name = c.getId().getName().replace("mlsmesh.", "");
      String kind = c.getId().getTag("kind");
      sums.merge(kind == null ? name : name + "." + kind, c.count(), Double::sum);
    }
    return sums;
  }

  /** Starts one more node in a new folder under the temporary root. */
  MlsNode startNode() throws IOException, IdentityFileException, TimeoutException {
    Path dir = root.resolve("node" + nodes.size());
    Files.createDirectories(dir);
    IdentityFile.write(
        dir.resolve("identity.key"),
        NodeKeys.generate(
            CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, new SecureEntropySource()),
        false);
    String seeds = nodes.isEmpty() ? "" : "\"" + nodes.get(0).pinnedAddress() + "\"";
    Path conf = dir.resolve("node.conf");
    Files.writeString(
        conf,
        "mlsmesh.node { listen.port = 0, storage.engine = "
            + storage.name().toLowerCase(Locale.ROOT)
            + " }\nmlsmesh.gossip.seeds = ["
            + seeds
            + "]\n");
    MlsNode node = MlsNode.builder(ConfigLoader.load(conf)).meterRegistry(meters).start();
    nodes.add(node);
    return node;
  }

  /**
   * Creates a group at {@code creator} and invites the {@code others} one by one through the
   * directory, each once the one before it joined; returns when all agree on the epoch.
   */
  static GroupId createGroup(MlsNode creator, List<MlsNode> others)
      throws InterruptedException, ExecutionException, TimeoutException {
    GroupId group = get(creator.createGroup());
    List<MlsNode> members = new ArrayList<>(List.of(creator));
    for (MlsNode invitee : others) {
      inviteWithRetry(creator, group, invitee.identity());
      members.add(invitee);
      awaitSameEpoch(members, group);
    }
    return group;
  }

  private static void inviteWithRetry(MlsNode from, GroupId group, MemberId identity)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      try {
        get(from.invite(group, identity));
        return;
      } catch (ExecutionException | TimeoutException e) {
        // The invitee's KeyPackages may still be on their way through the directory topic.
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("invite of " + identity.toHex() + " kept failing: " + e);
        }
        Thread.sleep(200);
      }
    }
  }

  private static void awaitSameEpoch(List<MlsNode> members, GroupId group)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!sameEpoch(members, group)) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            members.size() + " members did not reach one epoch of group " + group.toHex());
      }
      Thread.sleep(50);
    }
  }

  private static boolean sameEpoch(List<MlsNode> members, GroupId group)
      throws InterruptedException {
    Set<Bytes> authenticators = new HashSet<>();
    for (MlsNode node : members) {
      try {
        authenticators.add(get(node.status(group)).epochAuthenticator());
      } catch (ExecutionException | TimeoutException e) {
        return false; // the invitee has not joined yet
      }
    }
    return authenticators.size() == 1;
  }

  static <T> T get(CompletionStage<T> stage)
      throws InterruptedException, ExecutionException, TimeoutException {
    return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Stops every node and deletes their folders. */
  @Override
  public void close() {
    nodes.forEach(MlsNode::close);
    nodes.clear();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(BenchNodes::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
