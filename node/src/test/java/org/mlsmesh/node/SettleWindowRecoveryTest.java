package org.mlsmesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.node.TestNodes.get;
import static org.mlsmesh.node.TestNodes.inviteWithRetry;
import static org.mlsmesh.node.TestNodes.isMember;
import static org.mlsmesh.node.TestNodes.sameEpoch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The measured settle window after a partition, over real Netty links: the messages the cut held
 * back arrive seconds late when it heals, and are not taken for network delay, so the window (and
 * with it the time a Commit takes to become final) stays within twice what it was before.
 */
@Timeout(180)
class SettleWindowRecoveryTest {
  private static final ForkChoiceConfig MEASURED =
      ForkChoiceConfig.builder().measuredSettleWindow(1_000, 2, 200, 60_000).build();

  private final List<MlsNode> running = new ArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(MlsNode::close);
  }

  private MlsNode start(Path dir, List<String> seeds, TestNodes.Inbox inbox) throws Exception {
    MlsNode node = TestNodes.start(dir, seeds, inbox, MEASURED);
    running.add(node);
    return node;
  }

  @Test
  void messagesHeldBackByAPartitionDoNotStretchTheSettleWindow(@TempDir Path dir) throws Exception {
    TestNodes.Inbox inA = new TestNodes.Inbox();
    TestNodes.Inbox inB = new TestNodes.Inbox();
    MlsNode a = start(dir.resolve("a"), List.of(), inA);
    MlsNode b = start(dir.resolve("b"), List.of(a.pinnedAddress()), inB);
    Bytes group = get(a.createGroup());
    inviteWithRetry(a, group, b.identity());
    TestNodes.await("b joined", () -> isMember(b, group) && sameEpoch(List.of(a, b), group));
    List<Bytes> toB = new ArrayList<>();
    List<Bytes> toA = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      toB.add(get(a.send(group, text("before " + i))));
      toA.add(get(b.send(group, text("before " + i))));
    }
    TestNodes.await("measured", () -> inA.hasAll(toA) && inB.hasAll(toB));
    long before = Math.max(window(a, group), window(b, group));

    a.blockPeers(List.of(b.identity()));
    b.blockPeers(List.of(a.identity()));
    for (int i = 0; i < 10; i++) {
      toB.add(get(a.send(group, text("during " + i))));
      toA.add(get(b.send(group, text("during " + i))));
      Thread.sleep(500);
    }
    a.blockPeers(List.of());
    b.blockPeers(List.of());
    TestNodes.await("held back, delivered", () -> inA.hasAll(toA) && inB.hasAll(toB));

    assertThat(window(a, group)).isLessThanOrEqualTo(2 * before);
    assertThat(window(b, group)).isLessThanOrEqualTo(2 * before);
    long start = System.nanoTime();
    get(a.update(group));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(window(a, group)).isLessThanOrEqualTo(2 * before);
    TestNodes.await("b follows", () -> sameEpoch(List.of(a, b), group));
    System.out.printf(
        "settle window before %d ms, after the heal %d / %d ms; an update took %d ms%n",
        before, window(a, group), window(b, group), tookMillis);
  }

  private static long window(MlsNode node, Bytes group) throws Exception {
    return get(node.status(group)).settleWindowMillis();
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
