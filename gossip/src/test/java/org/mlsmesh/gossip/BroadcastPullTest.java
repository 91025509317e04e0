package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.gossip.SingleEngine.TOPIC;
import static org.mlsmesh.gossip.SingleEngine.linkedTo;
import static org.mlsmesh.gossip.SingleEngine.receive;
import static org.mlsmesh.gossip.SingleEngine.sentTo;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.wire.Envelope;

/** Pull by id of announced messages (IHAVE / IWANT) when pulls or their answers are lost. */
class BroadcastPullTest {
  private static final long GRAFT_TIMEOUT = Harness.config().graftTimeout().toMillis();
  private static final long RETRY = GRAFT_TIMEOUT / 2;

  private static List<Effect> fireGraft(GossipEngine e, long now) {
    return e.onInput(new Input.TimerFired(TimerKey.GRAFT), now);
  }

  @Test
  void aPullThatGoesUnansweredIsRepeatedToTheOnlyAnnouncerThenLeftToAntiEntropy() {
    Peer a = Harness.peer(1);
    Peer b = Harness.peer(2);
    Peer c = Harness.peer(3);
    GossipEngine e = linkedTo(List.of(a, b, c));
    MessageId id = MessageId.ofPayload(ByteString.copyFromUtf8("announced only"));
    receive(e, a, Frames.ihave(TOPIC, List.of(id), new int[] {3}), 100);
    long now = 100 + GRAFT_TIMEOUT;
    List<Integer> pullsPerRound = new ArrayList<>();
    for (int round = 0; round < Broadcast.MAX_PULLS + 2; round++) {
      pullsPerRound.add(sentTo(fireGraft(e, now), a, Envelope.BodyCase.IWANT).size());
      now += RETRY;
    }
    List<Integer> expected = new ArrayList<>();
    for (int round = 0; round < Broadcast.MAX_PULLS + 2; round++) {
      expected.add(round < Broadcast.MAX_PULLS ? 1 : 0);
    }
    assertThat(pullsPerRound).isEqualTo(expected);
    assertThat(e.counters().abandonedPulls).isEqualTo(1);
  }

  @Test
  void announcersAreAskedInTurnAndTheMessageEndsThePulls() {
    Peer a = Harness.peer(1);
    Peer b = Harness.peer(2);
    Peer c = Harness.peer(3);
    GossipEngine e = linkedTo(List.of(a, b, c));
    ByteString payload = ByteString.copyFromUtf8("announced twice");
    MessageId id = MessageId.ofPayload(payload);
    receive(e, a, Frames.ihave(TOPIC, List.of(id), new int[] {3}), 100);
    receive(e, b, Frames.ihave(TOPIC, List.of(id), new int[] {4}), 110);
    long now = 100 + GRAFT_TIMEOUT;
    List<Effect> first = fireGraft(e, now);
    List<Effect> second = fireGraft(e, now + RETRY);
    List<Effect> third = fireGraft(e, now + 2 * RETRY);
    assertThat(sentTo(first, a, Envelope.BodyCase.IWANT)).hasSize(1);
    assertThat(sentTo(second, b, Envelope.BodyCase.IWANT)).hasSize(1);
    assertThat(sentTo(third, a, Envelope.BodyCase.IWANT)).hasSize(1); // a again: its answer lost
    receive(e, a, Frames.publish(TOPIC, payload, 4, true), now + 2 * RETRY + 10);
    assertThat(fireGraft(e, now + 3 * RETRY))
        .noneMatch(x -> x instanceof Effect.Send s && s.kind() == Envelope.BodyCase.IWANT);
    assertThat(e.counters().pulled).isEqualTo(1);
    assertThat(e.counters().abandonedPulls).isZero();
  }
}
