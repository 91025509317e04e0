package org.mlsmesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.node.TestNodes.get;
import static org.mlsmesh.node.TestNodes.inviteWithRetry;
import static org.mlsmesh.node.TestNodes.isMember;
import static org.mlsmesh.node.TestNodes.sameEpoch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.node.internal.gossip.GossipActor;

/**
 * Five nodes over real Netty links, one group among three of them: the group's topic travels among
 * its members only (each node declares its group's roster to gossip), so the two nodes outside the
 * group receive none of its frames while the members get every message. Adding a member and
 * removing one change the roster everywhere, and delivery goes on; the removed member forgets the
 * topic.
 */
@Timeout(240)
class GroupTopicRosterTest {
  private final List<MlsNode> running = new ArrayList<>();
  private final Map<MlsNode, TestNodes.Inbox> inboxes = new LinkedHashMap<>();

  @AfterEach
  void stop() {
    running.forEach(MlsNode::close);
  }

  @Test
  void aGroupsFramesReachItsMembersOnlyAcrossAnAddAndARemove(@TempDir Path dir) throws Exception {
    List<MlsNode> nodes = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d", "e")) {
      TestNodes.Inbox inbox = new TestNodes.Inbox();
      List<String> seeds = nodes.isEmpty() ? List.of() : List.of(nodes.get(0).pinnedAddress());
      MlsNode node = TestNodes.start(dir.resolve(name), seeds, inbox);
      running.add(node);
      nodes.add(node);
      inboxes.put(node, inbox);
    }
    MlsNode a = nodes.get(0);
    MlsNode b = nodes.get(1);
    MlsNode c = nodes.get(2);
    MlsNode d = nodes.get(3);
    MlsNode e = nodes.get(4);
    TestNodes.await("every node linked", () -> nodes.stream().allMatch(n -> linked(n) >= 2));

    GroupId group = get(a.createGroup());
    inviteWithRetry(a, group, b.identity());
    inviteWithRetry(a, group, c.identity());
    List<MlsNode> members = List.of(a, b, c);
    TestNodes.await("b and c joined", () -> isMember(b, group) && isMember(c, group));
    TestNodes.await("one epoch", () -> sameEpoch(members, group));
    awaitRoster(members, group, members);
    exchange(members, group, "three");
    for (MlsNode member : members) {
      assertThat(get(member.groupTopic(group)).framesReceived()).isPositive();
    }
    assertNoFrames(List.of(d, e), group);

    // d joins: every member's roster grows, d gets the group's messages, e still none.
    inviteWithRetry(a, group, d.identity());
    List<MlsNode> four = List.of(a, b, c, d);
    TestNodes.await("d joined", () -> isMember(d, group));
    TestNodes.await("one epoch of four", () -> sameEpoch(four, group));
    awaitRoster(four, group, four);
    exchange(four, group, "four");
    assertThat(get(d.groupTopic(group)).framesReceived()).isPositive();
    assertNoFrames(List.of(e), group);

    // b is removed: it leaves the topic once the Commit is final, and the others go on without it.
    get(a.remove(group, b.identity()));
    List<MlsNode> rest = List.of(a, c, d);
    TestNodes.await("b forgot the group", () -> !isMember(b, group));
    TestNodes.await("one epoch without b", () -> sameEpoch(rest, group));
    awaitRoster(rest, group, rest);
    GossipActor.TopicStatus atB = get(b.groupTopic(group));
    assertThat(atB.subscribed()).isFalse();
    assertThat(atB.groupMembers()).isEmpty();
    exchange(rest, group, "without b");
    assertNoFrames(List.of(e), group);
  }

  private static int linked(MlsNode node) {
    try {
      return get(node.status()).peersLinked();
    } catch (Exception ex) {
      return 0;
    }
  }

  /** Waits until each of {@code at} carries the group's topic among exactly {@code members}. */
  private static void awaitRoster(List<MlsNode> at, GroupId group, List<MlsNode> members)
      throws InterruptedException {
    List<PeerId> expected = new ArrayList<>();
    for (MlsNode m : members) {
      expected.add(PeerId.fromBytes(m.identity().bytes().toByteArray()));
    }
    for (MlsNode node : at) {
      TestNodes.await(
          "the roster of " + members.size(),
          () -> {
            try {
              List<PeerId> roster = get(node.groupTopic(group)).groupMembers();
              return roster.size() == expected.size() && roster.containsAll(expected);
            } catch (Exception ex) {
              return false;
            }
          });
    }
  }

  /** Each of {@code members} sends 5 messages; every other member receives every one. */
  private void exchange(List<MlsNode> members, GroupId group, String what) throws Exception {
    List<TestNodes.Inbox> theirs = new ArrayList<>();
    for (MlsNode m : members) {
      theirs.add(inboxes.get(m));
    }
    List<List<MessageId>> sent = TestNodes.sendFromEach(members, group, what, 5);
    TestNodes.awaitDelivered(members, theirs, sent);
  }

  private static void assertNoFrames(List<MlsNode> outsiders, GroupId group) throws Exception {
    for (MlsNode outsider : outsiders) {
      GossipActor.TopicStatus topic = get(outsider.groupTopic(group));
      assertThat(topic.framesReceived()).as("frames of the group at a non-member").isZero();
      assertThat(topic.subscribed()).isFalse();
    }
  }
}
