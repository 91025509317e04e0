package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rooted broadcast tree of the global overlay ({@link RootedTree}), over the test harness. */
class RootedTreeTest {
  private static final int N = 30;
  private static final String TOPIC = Harness.TOPIC;

  private static List<Integer> live(Harness h) {
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < h.engines.size(); i++) {
      if (!h.down.contains(i)) {
        live.add(i);
      }
    }
    return live;
  }

  /**
   * Every live peer has the same root, a live peer (the smallest id among those that beaconed), and
   * its parents lead there without a cycle.
   */
  private static void assertOneTree(Harness h) {
    List<Integer> live = live(h);
    PeerId root = h.engines.get(live.get(0)).treeRoot();
    assertThat(root).isNotNull();
    assertThat(live).contains(h.byId.get(root));
    for (int i : live) {
      GossipEngine e = h.engines.get(i);
      assertThat(e.treeRoot()).as("root of " + i).isEqualTo(root);
      Set<PeerId> path = new HashSet<>();
      GossipEngine at = e;
      while (!at.self().id().equals(root)) {
        assertThat(path.add(at.self().id())).as("a cycle of parents from " + i).isTrue();
        PeerId parent = at.treeParent();
        assertThat(parent).as("parent on the way from " + i).isNotNull();
        assertThat(at.activeView()).contains(parent);
        at = h.engines.get(h.byId.get(parent));
      }
    }
    assertThat(h.engines.get(h.byId.get(root)).treeParent()).isNull();
  }

  /** Payload frames per message and receiver for {@code messages} messages from live peers. */
  private static double copies(Harness h, int messages) {
    List<Integer> live = live(h);
    long before = h.payloadFrames;
    List<MessageId> ids = new ArrayList<>();
    for (int m = 0; m < messages; m++) {
      ids.add(MessageId.ofPayload(h.publish(live.get((m * 7) % live.size()), "m" + m)));
      h.runUntil(h.now + 200);
    }
    h.runUntil(h.now + 5_000);
    for (MessageId id : ids) {
      assertThat(h.receivers(id)).isEqualTo(live.size() - 1);
    }
    return (h.payloadFrames - before) / (double) (messages * (live.size() - 1));
  }

  @Test
  void theGlobalTopicsPushAlongOneTreeWithOneRoot() {
    Harness h = new Harness(N, 5, Validator.ACCEPT_ALL);
    h.runUntil(20_000);
    assertOneTree(h);
    // A tree: one copy per peer and message, nothing to prune, nothing pulled.
    assertThat(copies(h, 30)).isEqualTo(1.0);
    for (GossipEngine e : h.engines) {
      for (PeerId peer : e.eagerPeers(TOPIC)) {
        assertThat(h.engines.get(h.byId.get(peer)).eagerPeers(TOPIC)).contains(e.self().id());
      }
    }
  }

  @Test
  void whenTheRootCrashesTheOthersAgreeOnANewRoot() {
    Harness h = new Harness(N, 6, Validator.ACCEPT_ALL);
    h.runUntil(20_000);
    int root = h.byId.get(h.engines.get(0).treeRoot());
    h.down.add(root);
    h.runUntil(h.now + 20_000);
    assertOneTree(h);
    assertThat(copies(h, 30)).isLessThanOrEqualTo(1.1);
  }
}
