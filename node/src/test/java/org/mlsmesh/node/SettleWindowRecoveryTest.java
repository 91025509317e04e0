package org.mlsmesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.node.TestNodes.get;
import static org.mlsmesh.node.TestNodes.inviteWithRetry;
import static org.mlsmesh.node.TestNodes.isMember;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.consensus.ForkChoiceConfig;

/**
 * A settle window that recovers (issue 12, item 7), over real Netty links: the window is measured
 * from the delivery delays, and a partition longer than it holds back what each side sends; after
 * the heal gossip carries that across, seconds late. Those delays are the cut's, not the network's:
 * they must not widen the window, and a Commit after the heal becomes final within twice the window
 * measured before the partition (the simulator's {@code partition-measured} shows the same).
 */
@Timeout(240)
class SettleWindowRecoveryTest {
  /** Measured: twice the 99th percentile of the delays, at least 1 s; 4 s until measured. */
  private static final long INITIAL_MILLIS = 4_000;

  private static final ForkChoiceConfig MEASURED =
      ForkChoiceConfig.builder().measuredSettleWindow(INITIAL_MILLIS, 2, 1_000, 60_000).build();

  private static final long CUT_MILLIS = 6_000;

  private final List<MlsNode> running = new ArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(MlsNode::close);
  }

  @Test
  void afterAHealCommitsBecomeFinalWithinTwiceTheWindowMeasuredBefore(@TempDir Path dir)
      throws Exception {
    List<TestNodes.Inbox> inboxes =
        List.of(new TestNodes.Inbox(), new TestNodes.Inbox(), new TestNodes.Inbox());
    MlsNode a = start(dir.resolve("a"), List.of(), inboxes.get(0));
    MlsNode b = start(dir.resolve("b"), List.of(a.pinnedAddress()), inboxes.get(1));
    MlsNode c = start(dir.resolve("c"), List.of(a.pinnedAddress()), inboxes.get(2));
    List<MlsNode> all = List.of(a, b, c);
    GroupId group = get(a.createGroup());
    for (MlsNode invitee : List.of(b, c)) {
      inviteWithRetry(a, group, invitee.identity());
      TestNodes.await("joined", () -> isMember(invitee, group));
    }
    TestNodes.await("all three in one epoch", () -> TestNodes.sameEpoch(all, group));
    // Enough deliveries for every member to measure its window.
    TestNodes.awaitDelivered(all, inboxes, TestNodes.sendFromEach(all, group, "before", 5));
    TestNodes.await(
        "every window measured",
        () -> windows(all, group).stream().allMatch(w -> w < INITIAL_MILLIS));
    long before = windows(all, group).stream().mapToLong(Long::longValue).max().orElseThrow();

    // The cut, longer than the window: {a, b} | {c}, each side sending.
    a.blockPeers(List.of(c.identity()));
    b.blockPeers(List.of(c.identity()));
    c.blockPeers(List.of(a.identity(), b.identity()));
    List<List<MessageId>> during = TestNodes.sendFromEach(all, group, "during the cut", 3);
    Thread.sleep(CUT_MILLIS);
    for (MlsNode node : all) {
      node.blockPeers(List.of());
    }
    TestNodes.awaitDelivered(all, inboxes, during); // held back, now carried across by gossip

    for (long window : windows(all, group)) {
      assertThat(window)
          .as("the window after the heal, before: " + before)
          .isLessThanOrEqualTo(2 * before);
    }
    for (MlsNode committer : List.of(a, c)) {
      long start = System.nanoTime();
      get(committer.update(group));
      long finalMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(finalMillis)
          .as("a Commit after the heal is final within twice the window before (" + before + " ms)")
          .isLessThanOrEqualTo(2 * before);
    }
    TestNodes.await("all three in one epoch again", () -> TestNodes.sameEpoch(all, group));
  }

  private MlsNode start(Path dir, List<String> seeds, TestNodes.Inbox inbox) throws Exception {
    MlsNode node = TestNodes.start(dir, seeds, inbox, MEASURED);
    running.add(node);
    return node;
  }

  private static List<Long> windows(List<MlsNode> nodes, GroupId group) {
    List<Long> out = new ArrayList<>();
    for (MlsNode node : nodes) {
      try {
        out.add(get(node.status(group)).settleWindowMillis());
      } catch (Exception e) {
        throw new AssertionError("no status of " + node.identity(), e);
      }
    }
    return out;
  }
}
