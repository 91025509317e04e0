package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.gossip.SingleEngine.linkedTo;
import static org.mlsmesh.gossip.SingleEngine.receive;
import static org.mlsmesh.gossip.SingleEngine.sentTo;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.Neighbor;

/** How a node with too few links asks for more, and how a full node answers. */
class MembershipLinksTest {

  /**
   * The NEIGHBOR request sent (to the replacement or to the peer that left, both passive now) when
   * the first of {@code links} disconnects.
   */
  private static Neighbor requestAfterLosingOneOf(List<Peer> links, Peer replacement) {
    GossipEngine e = linkedTo(links);
    receive(e, links.get(0), Frames.shuffleReply(List.of(replacement)), 10);
    List<Effect> effects = receive(e, links.get(0), Frames.disconnect(), 20);
    List<Envelope> requests =
        effects.stream()
            .filter(x -> x instanceof Effect.Send s && s.kind() == Envelope.BodyCase.NEIGHBOR)
            .map(x -> ((Effect.Send) x).envelope())
            .toList();
    assertThat(requests).hasSize(1);
    return requests.get(0).getNeighbor();
  }

  @Test
  void aNodeLeftWithFewerThanThreeLinksAsksWithHighPriority() {
    Peer p = Harness.peer(9);
    // Two links, one goes: one left, below the minimum.
    Neighbor fromTwo = requestAfterLosingOneOf(List.of(Harness.peer(1), Harness.peer(2)), p);
    assertThat(fromTwo.getHighPriority()).isTrue();
    // Four links, one goes: three left, a plain request.
    Neighbor fromFour =
        requestAfterLosingOneOf(
            List.of(Harness.peer(1), Harness.peer(2), Harness.peer(3), Harness.peer(4)), p);
    assertThat(fromFour.getHighPriority()).isFalse();
  }

  @Test
  void aFullNodeAcceptsAHighPriorityRequestByDroppingOneOfItsLinks() {
    int size = Harness.config().activeViewSize();
    List<Peer> full = new java.util.ArrayList<>();
    for (int i = 1; i <= size; i++) {
      full.add(Harness.peer(i));
    }
    GossipEngine e = linkedTo(full);
    Peer lonely = Harness.peer(50);
    List<Effect> plain = receive(e, lonely, Frames.neighbor(lonely, false, false), 10);
    assertThat(sentTo(plain, lonely, Envelope.BodyCase.NEIGHBOR_REPLY))
        .singleElement()
        .satisfies(r -> assertThat(r.getNeighborReply().getAccepted()).isFalse());
    List<Effect> urgent = receive(e, lonely, Frames.neighbor(lonely, true, false), 20);
    assertThat(sentTo(urgent, lonely, Envelope.BodyCase.NEIGHBOR_REPLY))
        .singleElement()
        .satisfies(r -> assertThat(r.getNeighborReply().getAccepted()).isTrue());
    assertThat(e.activeView()).hasSize(size).contains(lonely.id());
    assertThat(urgent).filteredOn(x -> x instanceof Effect.Disconnect).hasSize(1);
  }
}
