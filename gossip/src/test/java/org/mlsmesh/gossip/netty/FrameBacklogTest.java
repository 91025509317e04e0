package org.mlsmesh.gossip.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.PeerId;

class FrameBacklogTest {
  private static final PeerId PEER = PeerId.ofPublicKey(new byte[] {1});
  private static final PeerId OTHER = PeerId.ofPublicKey(new byte[] {2});

  private final List<String> gate = new ArrayList<>();
  private final FrameBacklog backlog =
      new FrameBacklog((peer, waiting) -> gate.add((peer == PEER ? "peer " : "other ") + waiting));

  @Test
  void aPeerIsNotReadWithTooManyFramesWaitingUntilHalfAreProcessed() {
    for (int i = 0; i < FrameBacklog.MAX_PENDING_FRAMES - 1; i++) {
      backlog.queued(PEER);
    }
    backlog.queued(OTHER);
    assertThat(gate).isEmpty();
    backlog.queued(PEER);
    backlog.queued(PEER); // still arriving from the last read
    assertThat(gate).containsExactly("peer true");
    for (int i = 0; i < FrameBacklog.MAX_PENDING_FRAMES / 2; i++) {
      backlog.processed(PEER);
    }
    assertThat(gate).containsExactly("peer true");
    backlog.processed(PEER);
    assertThat(gate).containsExactly("peer true", "peer false");
    assertThat(backlog.pending(PEER)).isEqualTo(FrameBacklog.MAX_PENDING_FRAMES / 2);
  }

  @Test
  void aLinkThatWentDownIsForgotten() {
    backlog.queued(PEER);
    backlog.forget(PEER);
    backlog.processed(PEER);
    assertThat(backlog.pending(PEER)).isZero();
    assertThat(gate).isEmpty();
  }
}
