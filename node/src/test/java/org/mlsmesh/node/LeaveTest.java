package org.mlsmesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlsmesh.node.TestNodes.get;
import static org.mlsmesh.node.TestNodes.inviteWithRetry;
import static org.mlsmesh.node.TestNodes.isMember;
import static org.mlsmesh.node.TestNodes.sameEpoch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member leaves over real Netty links: its SelfRemove proposal (with the mesh header) reaches the
 * others, one of them commits it, everyone sees the member gone in the next epoch, and the leaver
 * forgets the group — also after a restart from its SQLite file.
 */
@Timeout(180)
class LeaveTest {
  private final List<MlsNode> running = new ArrayList<>();

  @AfterEach
  void stop() {
    running.forEach(MlsNode::close);
  }

  private MlsNode start(Path dir, List<String> seeds, MlsNodeListener listener) throws Exception {
    MlsNode node = TestNodes.start(dir, seeds, listener);
    running.add(node);
    return node;
  }

  @Test
  void aLeavingMemberIsRemovedInTheNextEpochAndForgetsTheGroup(@TempDir Path dir) throws Exception {
    ConcurrentLinkedQueue<MlsNodeEvent> atA = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<MlsNodeEvent> atB = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<MlsNodeEvent> atC = new ConcurrentLinkedQueue<>();
    MlsNode a = start(dir.resolve("a"), List.of(), atA::add);
    MlsNode b = start(dir.resolve("b"), List.of(a.pinnedAddress()), atB::add);
    MlsNode c = start(dir.resolve("c"), List.of(a.pinnedAddress()), atC::add);
    GroupId group = get(a.createGroup());
    inviteWithRetry(a, group, b.identity());
    inviteWithRetry(a, group, c.identity());
    TestNodes.await("b and c joined", () -> isMember(b, group) && isMember(c, group));
    TestNodes.await("one epoch", () -> sameEpoch(List.of(a, b, c), group));
    long before = get(a.status(group)).epoch();

    get(c.leave(group));

    // The group actor stops right after it completes the leave; the registry hears it then.
    TestNodes.await("c forgot the group", () -> !isMember(c, group));
    assertThat(atC).contains(new MlsNodeEvent.MemberLeft(group, c.identity()));
    assertThatThrownBy(() -> get(c.status(group)))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("not a member");
    TestNodes.await("a and b agree without c", () -> sameEpoch(List.of(a, b), group));
    for (MlsNode n : List.of(a, b)) {
      GroupStatus status = get(n.status(group));
      assertThat(status.members()).containsExactly(a.identity(), b.identity());
      assertThat(status.epoch()).isEqualTo(before + 1);
    }
    assertThat(atA).contains(new MlsNodeEvent.MemberLeft(group, c.identity()));
    assertThat(atB).contains(new MlsNodeEvent.MemberLeft(group, c.identity()));

    // The leaver's state is erased: after a restart from its SQLite file it has no such group.
    c.close();
    running.remove(c);
    MlsNode c2 = start(dir.resolve("c"), List.of(a.pinnedAddress()), e -> {});
    assertThat(get(c2.groups())).doesNotContain(group);
  }
}
