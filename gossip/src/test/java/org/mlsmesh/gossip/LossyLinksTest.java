package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mlsmesh.gossip.SingleEngine.TOPIC;
import static org.mlsmesh.gossip.SingleEngine.linkedTo;
import static org.mlsmesh.gossip.SingleEngine.receive;
import static org.mlsmesh.gossip.SingleEngine.sentTo;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.wire.Envelope;

/**
 * What keeps the overlay and the broadcast whole when links lose frames: seeds dialed again until
 * they answer, links taken up when their NEIGHBOR reply was lost, anti-entropy on its own timer,
 * both ways and with its pulls repeated, and a lossy topic that keeps its redundant eager links.
 */
class LossyLinksTest {
  private static final long RETRY = Harness.config().graftTimeout().toMillis() / 2;

  private static List<Effect> tick(GossipEngine e, TimerKey key, long now) {
    return e.onInput(new Input.TimerFired(key), now);
  }

  private static long dials(List<Effect> effects, String address) {
    return effects.stream()
        .filter(x -> x instanceof Effect.Dial d && d.address().equals(address))
        .count();
  }

  @Test
  void aSeedIsDialedAgainWhileTheNodeIsLinkedOnlyToOthers() {
    Peer seed = new Peer(Harness.peer(9).id(), "sim:9");
    Peer other = Harness.peer(1);
    GossipEngine e =
        new GossipEngine(
            Harness.peer(0),
            Harness.config().withSeeds(List.of("sim:9")),
            new SplittableRandom(1),
            Validator.ACCEPT_ALL,
            RootSignatures.insecure(Harness.peer(0).id()));
    e.onInput(new Input.Start(), 0);
    // Another joiner reached us; the JOIN to the seed was lost: we are not alone, but an island.
    receive(e, other, Frames.join(other), 10);
    long redials = 0;
    for (long t = 1_000; t <= 20_000; t += 1_000) {
      receive(e, other, Frames.ping(), t - 1);
      redials += dials(tick(e, TimerKey.HEARTBEAT, t), "sim:9");
    }
    // At 1, 3, 7 and 15 s: the backoff doubles up to reconnect-backoff-max.
    assertThat(redials).isEqualTo(4);
    // Once linked to the seed it is not dialed again.
    receive(e, seed, Frames.neighborReply(seed, true), 20_100);
    long after = 0;
    for (long t = 21_000; t <= 60_000; t += 1_000) {
      receive(e, other, Frames.ping(), t - 1);
      receive(e, seed, Frames.ping(), t - 1);
      after += dials(tick(e, TimerKey.HEARTBEAT, t), "sim:9");
    }
    assertThat(after).isZero();
  }

  @Test
  void aPeerThatPushesOverALinkWeDoNotHaveIsTakenUpWhenThereIsRoom() {
    Peer a = Harness.peer(1);
    Peer b = Harness.peer(2);
    GossipEngine e = linkedTo(List.of(a));
    // b accepted our NEIGHBOR request but its reply was lost; it pings the link it believes in.
    e.onInput(new Input.EnvelopeReceived(b.id(), Frames.neighborReply(b, false)), 5);
    assertThat(e.activeView()).doesNotContain(b.id());
    receive(e, b, Frames.ping(), 100);
    assertThat(e.activeView()).contains(b.id());
  }

  @Test
  void aPeerThatPushesIntoAFullViewIsToldToDisconnect() {
    List<Peer> five = new ArrayList<>();
    for (int i = 1; i <= Harness.config().activeViewSize(); i++) {
      five.add(Harness.peer(i));
    }
    GossipEngine e = linkedTo(five);
    Peer stranger = Harness.peer(20);
    e.onInput(new Input.EnvelopeReceived(stranger.id(), Frames.neighborReply(stranger, false)), 5);
    List<Effect> out = receive(e, stranger, Frames.ping(), 100);
    assertThat(sentTo(out, stranger, Envelope.BodyCase.DISCONNECT)).hasSize(1);
    assertThat(e.activeView()).doesNotContain(stranger.id());
  }

  @Test
  void aDigestThatDiffersIsAnsweredWithOurDigestButAnAnswerIsNot() {
    Peer a = Harness.peer(1);
    GossipEngine e = linkedTo(List.of(a));
    e.onInput(new Input.Publish(TOPIC, ByteString.copyFromUtf8("ours")), 10);
    long later = 10 + Harness.config().antiEntropyDelay().toMillis() + 1;
    long[] empty = new long[TopicState.BUCKETS];
    List<Effect> asked = receive(e, a, Frames.digest(TOPIC, empty, false), later);
    assertThat(sentTo(asked, a, Envelope.BodyCase.DIGEST)).hasSize(1);
    assertThat(sentTo(asked, a, Envelope.BodyCase.DIGEST).get(0).getDigest().getAnswer()).isTrue();
    List<Effect> answered = receive(e, a, Frames.digest(TOPIC, empty, true), later + 1);
    assertThat(sentTo(answered, a, Envelope.BodyCase.DIGEST)).isEmpty();
    assertThat(sentTo(answered, a, Envelope.BodyCase.DIGEST_REPLY)).hasSize(1);
  }

  @Test
  void idsFoundByAntiEntropyArePulledAgainWhenThePullIsLost() {
    Peer a = Harness.peer(1);
    GossipEngine e = linkedTo(List.of(a));
    MessageId id = MessageId.ofPayload(ByteString.copyFromUtf8("missed"));
    List<Effect> first =
        receive(
            e,
            a,
            Envelope.newBuilder()
                .setVersion(Frames.VERSION)
                .setDigestReply(
                    org.mlsmesh.gossip.wire.DigestReply.newBuilder()
                        .setTopic(TOPIC)
                        .addIds(id.toByteString()))
                .build(),
            100);
    assertThat(sentTo(first, a, Envelope.BodyCase.IWANT)).hasSize(1);
    assertThat(sentTo(tick(e, TimerKey.GRAFT, 100 + RETRY), a, Envelope.BodyCase.IWANT))
        .as("the IWANT or its answer was lost: asked again")
        .hasSize(1);
  }

  @Test
  void antiEntropyRunsOnItsOwnTimerAtItsInterval() {
    GossipEngine e = SingleEngine.bare();
    List<Effect> start = e.onInput(new Input.Start(), 0);
    assertThat(start)
        .anyMatch(x -> x instanceof Effect.SetTimer t && t.key() == TimerKey.ANTI_ENTROPY);
    long interval = Harness.config().antiEntropyInterval().toMillis();
    List<Effect> round = tick(e, TimerKey.ANTI_ENTROPY, interval + 1);
    assertThat(round).contains(new Effect.SetTimer(TimerKey.ANTI_ENTROPY, 2 * interval + 1));
  }

  @Test
  void aTopicThatKeepsPullingKeepsItsRedundantEagerLinks() {
    Peer a = Harness.peer(1);
    Peer b = Harness.peer(2);
    Peer c = Harness.peer(3);
    GossipEngine e = linkedTo(List.of(a, b, c));
    // Half the messages arrive only by pull: the links lose what the tree pushes.
    for (int i = 0; i < 40; i++) {
      ByteString p = ByteString.copyFromUtf8("m" + i);
      receive(e, a, Frames.publish(TOPIC, p, 1, i % 2 == 0), 100 + i);
    }
    ByteString dup = ByteString.copyFromUtf8("dup");
    receive(e, a, Frames.publish(TOPIC, dup, 1, false), 200);
    List<Effect> second = receive(e, b, Frames.publish(TOPIC, dup, 1, false), 201);
    assertThat(sentTo(second, b, Envelope.BodyCase.PRUNE)).isEmpty();
    assertThat(e.eagerPeers(TOPIC)).contains(a.id(), b.id(), c.id());
  }

  @Test
  void aTopicWithoutLossPrunesDuplicates() {
    Peer a = Harness.peer(1);
    Peer b = Harness.peer(2);
    Peer c = Harness.peer(3);
    GossipEngine e = linkedTo(List.of(a, b, c));
    for (int i = 0; i < 40; i++) {
      receive(e, a, Frames.publish(TOPIC, ByteString.copyFromUtf8("m" + i), 1, false), 100 + i);
    }
    ByteString dup = ByteString.copyFromUtf8("dup");
    receive(e, a, Frames.publish(TOPIC, dup, 1, false), 200);
    List<Effect> second = receive(e, b, Frames.publish(TOPIC, dup, 1, false), 201);
    assertThat(sentTo(second, b, Envelope.BodyCase.PRUNE)).hasSize(1);
  }
}
