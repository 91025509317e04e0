package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.RootTerm;

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

  // ------------------------------------------------------------------- forged beacons

  private static final Peer LINKED = Harness.peer(1);
  private static final Peer OTHER = Harness.peer(2);

  /** An id smaller than any peer's: a root anyone would take, that no one holds the key of. */
  private static final PeerId NOBODY = PeerId.fromBytes(new byte[PeerId.LENGTH]);

  private static List<Effect> beacon(
      GossipEngine e, Peer from, PeerId root, long seq, ByteString key, RootTerm term, long now) {
    return SingleEngine.receive(e, from, Frames.beacon(root, seq, false, key, term), now);
  }

  private static ByteString randomKey(long seed) {
    byte[] b = new byte[RootTerms.KEY_BYTES];
    new SplittableRandom(seed).nextBytes(b);
    return ByteString.copyFrom(b);
  }

  @Test
  void aRootIdWithoutATermSignedByItsKeyIsNeverTaken() {
    GossipEngine e = SingleEngine.linkedTo(List.of(LINKED, OTHER));
    // No term: nothing to check the beacon against; no root, and no penalty (the term may follow).
    beacon(e, LINKED, NOBODY, 1, randomKey(1), null, 10);
    assertThat(e.treeRoot()).isNull();
    assertThat(e.counters().invalidFrames).isZero();
    // A term of the smallest id, signed by the linked peer: a forgery.
    RootTerm forged = new RootTerms(LINKED.id(), RootSignatures.insecure(LINKED.id())).termOf(1);
    ByteString anchor = forged.getAnchor();
    beacon(e, LINKED, NOBODY, 1, anchor, forged, 20);
    assertThat(e.treeRoot()).isNull();
    assertThat(e.counters().invalidFrames).isEqualTo(1);
    // The same term under the linked peer's own id is its own: it may be the root.
    beacon(e, LINKED, LINKED.id(), 1, anchor, forged, 30);
    assertThat(e.treeRoot()).isEqualTo(LINKED.id());
  }

  @Test
  void onlyTheRootCanStartItsNextRound() {
    GossipEngine e = SingleEngine.linkedTo(List.of(LINKED, OTHER));
    PeerId root = Harness.peer(7).id();
    RootTerms roots = new RootTerms(root, RootSignatures.insecure(root));
    ByteString first = roots.ownKey(1);
    RootTerm term = roots.term(root).wire;
    List<Effect> adopted = beacon(e, OTHER, root, 1, first, term, 10);
    assertThat(e.treeRoot()).isEqualTo(root);
    assertThat(e.treeParent()).isEqualTo(OTHER.id());
    // The term goes to the linked peer not known to hold it, not back to the one that sent it.
    assertThat(SingleEngine.sentTo(adopted, LINKED, Envelope.BodyCase.BEACON))
        .singleElement()
        .satisfies(b -> assertThat(b.getBeacon().getTerm()).isEqualTo(term));
    assertThat(SingleEngine.sentTo(adopted, OTHER, Envelope.BodyCase.BEACON))
        .singleElement()
        .satisfies(b -> assertThat(b.getBeacon().hasTerm()).isFalse());
    // The linked peer runs ahead of the root with made-up keys: refused and penalized, no round.
    for (long seq : new long[] {2, 1000}) {
      List<Effect> out = beacon(e, LINKED, root, seq, randomKey(seq), null, 20);
      assertThat(SingleEngine.sentTo(out, OTHER, Envelope.BodyCase.BEACON)).isEmpty();
    }
    beacon(e, LINKED, root, 1, randomKey(3), null, 25); // a copy of round 1 with a wrong key
    assertThat(e.counters().invalidFrames).isEqualTo(3);
    // The root's own next key, from any peer, is the next round: forwarded to the others.
    List<Effect> next = beacon(e, LINKED, root, 2, roots.ownKey(2), null, 1_010);
    assertThat(SingleEngine.sentTo(next, OTHER, Envelope.BodyCase.BEACON))
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.getBeacon().getSeq()).isEqualTo(2);
              assertThat(b.getBeacon().getKey()).isEqualTo(roots.ownKey(2));
              assertThat(b.getBeacon().hasTerm()).isFalse();
            });
    // The linked peer showed it holds the term now (it sent a beacon of it that checked).
    assertThat(SingleEngine.sentTo(next, LINKED, Envelope.BodyCase.BEACON))
        .singleElement()
        .satisfies(b -> assertThat(b.getBeacon().hasTerm()).isFalse());
    assertThat(e.counters().invalidFrames).isEqualTo(3);
  }
}
