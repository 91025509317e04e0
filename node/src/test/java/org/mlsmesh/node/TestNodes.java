package org.mlsmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;

/**
 * Starts in-process nodes on 127.0.0.1, each in its own directory with a SQLite file, and waits on
 * them.
 */
public final class TestNodes {
  static final ForkChoiceConfig FAST = ForkChoiceConfig.builder().settleWindowMillis(300).build();

  private TestNodes() {}

  /** Writes an identity (unless there is one) and a config; starts the node. */
  public static MlsNode start(Path dir, List<String> seeds, MlsNodeListener listener)
      throws Exception {
    return start(dir, seeds, listener, FAST);
  }

  /** {@link #start(Path, List, MlsNodeListener)} with its groups settling by {@code forkChoice}. */
  public static MlsNode start(
      Path dir, List<String> seeds, MlsNodeListener listener, ForkChoiceConfig forkChoice)
      throws Exception {
    Files.createDirectories(dir);
    Path key = dir.resolve("identity.key");
    IdentityFile.createIfMissing(key, CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    Path conf = dir.resolve("node.conf");
    StringBuilder seedList = new StringBuilder();
    for (String seed : seeds) {
      seedList.append('"').append(seed).append("\",");
    }
    Files.writeString(
        conf,
        "mlsmesh.node { listen.port = 0, key-packages { pool-size = 3, replenish-below = 1 } }\n"
            + "mlsmesh.gossip.seeds = ["
            + seedList
            + "]\n");
    MlsNode node = MlsNode.start(ConfigLoader.load(conf), forkChoice);
    node.addListener(listener);
    return node;
  }

  /** The stage's value, waiting at most 60 s. */
  public static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /**
   * Invites {@code identity}, again while its KeyPackages are still on their way (≤ 60 s); returns
   * once it joined.
   */
  public static MembershipChange inviteWithRetry(MlsNode from, GroupId group, MemberId identity)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return get(from.invite(group, identity));
      } catch (Exception e) {
        // The invitee's KeyPackages may still be on their way through the directory topic.
        assertThat(System.nanoTime()).as("invite kept failing: " + e).isLessThan(deadline);
        Thread.sleep(200);
      }
    }
  }

  public static boolean isMember(MlsNode node, GroupId group) {
    try {
      return get(node.groups()).contains(group);
    } catch (Exception e) {
      return false;
    }
  }

  /** Whether every node is in the group's epoch with one epoch authenticator. */
  public static boolean sameEpoch(List<MlsNode> nodes, GroupId group) {
    try {
      Set<Bytes> authenticators = new HashSet<>();
      for (MlsNode node : nodes) {
        authenticators.add(get(node.status(group)).epochAuthenticator());
      }
      return authenticators.size() == 1;
    } catch (Exception e) {
      return false;
    }
  }

  public static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Sends {@code count} messages from each node; their ids, by sender. */
  static List<List<MessageId>> sendFromEach(
      List<MlsNode> nodes, GroupId group, String what, int count) throws Exception {
    List<List<MessageId>> sent = new ArrayList<>();
    for (int n = 0; n < nodes.size(); n++) {
      List<MessageId> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] text = (what + " " + n + "/" + i).getBytes(StandardCharsets.UTF_8);
        ids.add(get(nodes.get(n).send(group, text)));
      }
      sent.add(ids);
    }
    return sent;
  }

  /** Waits until every node received every message the others sent. */
  static void awaitDelivered(
      List<MlsNode> nodes, List<TestNodes.Inbox> inboxes, List<List<MessageId>> sent)
      throws InterruptedException {
    for (int to = 0; to < nodes.size(); to++) {
      Set<MessageId> expected = new HashSet<>();
      for (int from = 0; from < nodes.size(); from++) {
        if (from != to) {
          expected.addAll(sent.get(from));
        }
      }
      TestNodes.Inbox inbox = inboxes.get(to);
      TestNodes.await("node " + to + " got every message", () -> inbox.hasAll(expected));
    }
  }

  /** Counts the application messages a node received, by message id. */
  static final class Inbox implements MlsNodeListener {
    final Map<MessageId, AtomicInteger> counts = new ConcurrentHashMap<>();
    final Map<MessageId, Bytes> payloads = new ConcurrentHashMap<>();

    @Override
    public void onEvent(MlsNodeEvent event) {
      if (event instanceof MlsNodeEvent.MessageReceived m) {
        counts.computeIfAbsent(m.messageId(), k -> new AtomicInteger()).incrementAndGet();
        payloads.put(m.messageId(), m.payload());
      }
    }

    boolean hasAll(java.util.Collection<MessageId> ids) {
      return counts.keySet().containsAll(ids);
    }
  }
}
