package org.mlsmesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.node.TestNodes.get;
import static org.mlsmesh.node.TestNodes.inviteWithRetry;
import static org.mlsmesh.node.TestNodes.isMember;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * A partition longer than the settle window over real Netty links: {a,b} | {c,d}, each side commits
 * an update and sends. After the heal the fork choice decides the surviving branch from the first
 * differing Commits; the other side rejoins it by external Commit from a verified GroupInfo,
 * re-sends its messages (same ids) and rebuilds its update. All four end in one epoch, and every
 * message is delivered exactly once to every member that could read it.
 */
@Timeout(240)
class PartitionRejoinTest {
  private final List<MlsNode> running = new ArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(MlsNode::close);
  }

  @Test
  void theLosingSideOfALongPartitionRejoinsAndNothingIsLostOrDoubled(@TempDir Path dir)
      throws Exception {
    List<TestNodes.Inbox> inboxes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inboxes.add(new TestNodes.Inbox());
    }
    MlsNode a = start(dir.resolve("a"), List.of(), inboxes.get(0));
    MlsNode b = start(dir.resolve("b"), List.of(a.pinnedAddress()), inboxes.get(1));
    MlsNode c = start(dir.resolve("c"), List.of(a.pinnedAddress()), inboxes.get(2));
    MlsNode d =
        start(dir.resolve("d"), List.of(a.pinnedAddress(), c.pinnedAddress()), inboxes.get(3));
    List<MlsNode> all = List.of(a, b, c, d);

    GroupId group = get(a.createGroup());
    for (MlsNode invitee : List.of(b, c, d)) {
      inviteWithRetry(a, group, invitee.identity());
      TestNodes.await("joined", () -> isMember(invitee, group) && sameEpoch(all, group, false));
    }
    TestNodes.await("all four in one epoch", () -> sameEpoch(all, group, true));
    List<List<MessageId>> before = TestNodes.sendFromEach(all, group, "before", 3);
    TestNodes.awaitDelivered(all, inboxes, before);

    // The cut: each side commits an update (final on its side), then sends.
    List<MemberId> left = List.of(a.identity(), b.identity());
    List<MemberId> right = List.of(c.identity(), d.identity());
    a.blockPeers(right);
    b.blockPeers(right);
    c.blockPeers(left);
    d.blockPeers(left);
    long split = epoch(a, group);
    get(a.update(group));
    get(c.update(group));
    TestNodes.await(
        "each side past its own update",
        () ->
            all.stream().allMatch(n -> epoch(n, group) == split + 1)
                && sameEpoch(List.of(a, b), group, false)
                && sameEpoch(List.of(c, d), group, false));
    assertThat(authenticator(a, group)).isNotEqualTo(authenticator(c, group));
    List<List<MessageId>> during = TestNodes.sendFromEach(all, group, "during the cut", 3);
    Thread.sleep(3_000); // ten settle windows: both updates are final on their sides
    for (MlsNode node : all) {
      node.blockPeers(List.of());
    }

    TestNodes.await("all four in one epoch again", () -> sameEpoch(all, group, true));
    // The losers cannot read what the survivors sent in epochs they were never in (RFC 9420 §14);
    // the survivors get every message of the losers, re-sent on the surviving branch.
    int losers = losingSide(inboxes, during);
    List<Integer> losing = losers == 0 ? List.of(0, 1) : List.of(2, 3);
    List<Integer> surviving = losers == 0 ? List.of(2, 3) : List.of(0, 1);
    for (int to : surviving) {
      Set<MessageId> from = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        if (i != to) {
          from.addAll(during.get(i));
        }
      }
      TestNodes.await("survivor " + to + " got every message", () -> inboxes.get(to).hasAll(from));
    }
    for (int to : losing) {
      int mate = losing.get(0) == to ? losing.get(1) : losing.get(0);
      assertThat(inboxes.get(to).hasAll(during.get(mate))).isTrue();
    }

    List<List<MessageId>> after = TestNodes.sendFromEach(all, group, "after the heal", 3);
    TestNodes.awaitDelivered(all, inboxes, after);
    Thread.sleep(1_000); // late duplicates, if any, would come now
    for (TestNodes.Inbox inbox : inboxes) {
      for (AtomicInteger count : inbox.counts.values()) {
        assertThat(count.get()).as("delivered exactly once").isEqualTo(1);
      }
    }
    GroupStatus expected = get(a.status(group));
    assertThat(expected.members())
        .containsExactlyInAnyOrder(a.identity(), b.identity(), c.identity(), d.identity());
    for (MlsNode node : all) {
      GroupStatus status = get(node.status(group));
      assertThat(status.epoch()).isEqualTo(expected.epoch());
      assertThat(status.epochAuthenticator()).isEqualTo(expected.epochAuthenticator());
    }
  }

  /** 0 if {a,b} lost (c and d got all of their messages of the cut), else 2. */
  private static int losingSide(List<TestNodes.Inbox> inboxes, List<List<MessageId>> during)
      throws InterruptedException {
    List<MessageId> left = new ArrayList<>(during.get(0));
    left.addAll(during.get(1));
    List<MessageId> right = new ArrayList<>(during.get(2));
    right.addAll(during.get(3));
    TestNodes.await(
        "one side got the other's messages of the cut",
        () ->
            (inboxes.get(2).hasAll(left) && inboxes.get(3).hasAll(left))
                || (inboxes.get(0).hasAll(right) && inboxes.get(1).hasAll(right)));
    return inboxes.get(2).hasAll(left) && inboxes.get(3).hasAll(left) ? 0 : 2;
  }

  private MlsNode start(Path dir, List<String> seeds, TestNodes.Inbox inbox) throws Exception {
    MlsNode node = TestNodes.start(dir, seeds, inbox);
    running.add(node);
    return node;
  }

  private static long epoch(MlsNode node, GroupId group) {
    try {
      return get(node.status(group)).epoch();
    } catch (Exception e) {
      return -1;
    }
  }

  private static Bytes authenticator(MlsNode node, GroupId group) {
    try {
      return get(node.status(group)).epochAuthenticator();
    } catch (Exception e) {
      return Bytes.EMPTY;
    }
  }

  /** True when the members of {@code nodes} agree; with {@code full}, all of them are members. */
  private static boolean sameEpoch(List<MlsNode> nodes, GroupId group, boolean full) {
    Set<Bytes> authenticators = new HashSet<>();
    for (MlsNode node : nodes) {
      if (!isMember(node, group)) {
        if (full) {
          return false;
        }
        continue;
      }
      try {
        GroupStatus s = get(node.status(group));
        if (full && s.members().size() != nodes.size()) {
          return false;
        }
        authenticators.add(s.epochAuthenticator());
      } catch (Exception e) {
        return false;
      }
    }
    return authenticators.size() == 1;
  }
}
