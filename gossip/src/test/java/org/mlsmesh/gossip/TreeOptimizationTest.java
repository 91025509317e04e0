package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.IHave;

/**
 * The latency-aware tree optimization: a lazy peer whose pushes would have arrived sooner, on
 * average over {@value PathGains#MIN_SAMPLES} messages or more, replaces the eager peer that pushed
 * them; a lazy peer that is not faster, or faster only now and then, replaces no one.
 */
class TreeOptimizationTest {
  private static final String TOPIC = "t";
  private static final Peer A = Harness.peer(1);
  private static final Peer B = Harness.peer(2);
  private static final Peer C = Harness.peer(3);

  /** The mean gain that triggers a swap in the default configuration. */
  private static final long THRESHOLD = Harness.config().treeOptimizationGain().toMillis();

  /** Subscribed to the topic, linked to a, b and c; c lazy (it pruned us). */
  private static GossipEngine engine() {
    GossipEngine e = SingleEngine.bare();
    e.onInput(new Input.Subscribe(TOPIC), 0);
    for (Peer p : List.of(A, B, C)) {
      e.onInput(new Input.EnvelopeReceived(p.id(), Frames.neighbor(p, true, false)), 0);
    }
    e.onInput(new Input.EnvelopeReceived(C.id(), Frames.prune(TOPIC)), 10);
    assertThat(e.eagerPeers(TOPIC)).containsExactlyInAnyOrder(A.id(), B.id());
    return e;
  }

  private static Envelope ihave(MessageId id, int ageMillis) {
    return Frames.ihave(TOPIC, List.of(id), new int[] {3}, new int[] {ageMillis}, false);
  }

  /**
   * Message {@code k} pushed by a at {@code at}, then announced by c at {@code at + 200} with an
   * age that puts c's push {@code gainMillis} before a's. Returns the effects of the announcement.
   */
  private static List<Effect> pushedByAThenAnnouncedByC(
      GossipEngine e, int k, long at, long gainMillis) {
    ByteString payload = ByteString.copyFromUtf8("message " + k);
    e.onInput(new Input.EnvelopeReceived(A.id(), Frames.publish(TOPIC, payload, 6, false)), at);
    int age = (int) (200 + gainMillis);
    return e.onInput(
        new Input.EnvelopeReceived(C.id(), ihave(MessageId.ofPayload(payload), age)), at + 200);
  }

  private static List<Envelope> sent(List<Effect> effects, Peer to, Envelope.BodyCase kind) {
    return effects.stream()
        .filter(x -> x instanceof Effect.Send)
        .map(x -> (Effect.Send) x)
        .filter(x -> x.to().id().equals(to.id()) && x.kind() == kind)
        .map(Effect.Send::envelope)
        .collect(Collectors.toList());
  }

  @Test
  void aLazyPeerFasterOnAverageIsGraftedAndTheSlowEagerOnePruned() {
    GossipEngine e = engine();
    long t = 1_000;
    for (int k = 0; k < PathGains.MIN_SAMPLES - 1; k++, t += 100) {
      List<Effect> effects = pushedByAThenAnnouncedByC(e, k, t, THRESHOLD + 20);
      assertThat(sent(effects, C, Envelope.BodyCase.IWANT)).isEmpty();
    }
    assertThat(e.counters().treeOptimizations).isZero();
    List<Effect> effects = pushedByAThenAnnouncedByC(e, 99, t, THRESHOLD + 20);
    assertThat(sent(effects, C, Envelope.BodyCase.IWANT))
        .singleElement()
        .satisfies(w -> assertThat(w.getIwant().getGraft()).isTrue())
        .satisfies(w -> assertThat(w.getIwant().getIdsList()).isEmpty());
    assertThat(sent(effects, A, Envelope.BodyCase.PRUNE)).hasSize(1);
    assertThat(e.eagerPeers(TOPIC)).containsExactlyInAnyOrder(B.id(), C.id());
    assertThat(e.counters().treeOptimizations).isEqualTo(1);
  }

  @Test
  void aLazyPathThatIsNotFasterIsNeverGrafted() {
    GossipEngine e = engine();
    long t = 1_000;
    for (int k = 0; k < 5 * PathGains.MIN_SAMPLES; k++, t += 100) {
      // c's push would have come 10 ms after a's: the lazy path is slower.
      List<Effect> effects = pushedByAThenAnnouncedByC(e, k, t, -10);
      assertThat(sent(effects, C, Envelope.BodyCase.IWANT)).isEmpty();
      assertThat(sent(effects, A, Envelope.BodyCase.PRUNE)).isEmpty();
    }
    assertThat(e.eagerPeers(TOPIC)).containsExactlyInAnyOrder(A.id(), B.id());
    assertThat(e.counters().treeOptimizations).isZero();
  }

  @Test
  void oneMuchFasterMessageAmongSlowerOnesIsNoReasonToSwap() {
    GossipEngine e = engine();
    long t = 1_000;
    // The old rule swapped on one message that came much shorter; the mean weighs it.
    pushedByAThenAnnouncedByC(e, 0, t, 400);
    for (int k = 1; k < 3 * PathGains.MIN_SAMPLES; k++) {
      t += 100;
      pushedByAThenAnnouncedByC(e, k, t, -80);
    }
    assertThat(e.eagerPeers(TOPIC)).containsExactlyInAnyOrder(A.id(), B.id());
    assertThat(e.counters().treeOptimizations).isZero();
  }

  @Test
  void announcementsWithoutAgesTeachNothing() {
    GossipEngine e = engine();
    long t = 1_000;
    for (int k = 0; k < 3 * PathGains.MIN_SAMPLES; k++, t += 100) {
      ByteString payload = ByteString.copyFromUtf8("message " + k);
      e.onInput(new Input.EnvelopeReceived(A.id(), Frames.publish(TOPIC, payload, 9, false)), t);
      e.onInput(
          new Input.EnvelopeReceived(
              C.id(), Frames.ihave(TOPIC, List.of(MessageId.ofPayload(payload)), new int[] {1})),
          t + 50);
    }
    assertThat(e.counters().treeOptimizations).isZero();
  }

  @Test
  void aDuplicateOverTheNewLinkSoonAfterTheSwapDoesNotPruneIt() {
    GossipEngine e = engine();
    long t = 1_000;
    for (int k = 0; k < PathGains.MIN_SAMPLES; k++, t += 100) {
      pushedByAThenAnnouncedByC(e, k, t, THRESHOLD + 20);
    }
    assertThat(e.eagerPeers(TOPIC)).contains(C.id());
    // A message still in flight from a (pushed before our PRUNE reached it), then c's copy.
    ByteString payload = ByteString.copyFromUtf8("in flight");
    e.onInput(new Input.EnvelopeReceived(A.id(), Frames.publish(TOPIC, payload, 4, false)), t);
    List<Effect> effects =
        e.onInput(
            new Input.EnvelopeReceived(C.id(), Frames.publish(TOPIC, payload, 3, false)), t + 5);
    assertThat(sent(effects, C, Envelope.BodyCase.PRUNE)).isEmpty();
    assertThat(e.eagerPeers(TOPIC)).containsExactlyInAnyOrder(B.id(), C.id());
  }

  @Test
  void aGraftWithoutIdsFromALazyPeerProtectsTheNewLinkAtThisEndToo() {
    GossipEngine e = engine();
    // c swapped its slow link for us: it grafts us.
    e.onInput(new Input.EnvelopeReceived(C.id(), Frames.iwant(TOPIC, List.of(), true)), 100);
    assertThat(e.eagerPeers(TOPIC)).containsExactlyInAnyOrder(A.id(), B.id(), C.id());
    ByteString payload = ByteString.copyFromUtf8("crossing");
    e.onInput(new Input.EnvelopeReceived(A.id(), Frames.publish(TOPIC, payload, 2, false)), 200);
    List<Effect> effects =
        e.onInput(
            new Input.EnvelopeReceived(C.id(), Frames.publish(TOPIC, payload, 2, false)), 210);
    assertThat(sent(effects, C, Envelope.BodyCase.PRUNE)).isEmpty();
    // Later, a duplicate over the same link prunes it as usual.
    ByteString later = ByteString.copyFromUtf8("later");
    long afterwards = 200 + Harness.config().treeOptimizationInterval().toMillis();
    e.onInput(
        new Input.EnvelopeReceived(A.id(), Frames.publish(TOPIC, later, 2, false)), afterwards);
    effects =
        e.onInput(
            new Input.EnvelopeReceived(C.id(), Frames.publish(TOPIC, later, 2, false)),
            afterwards + 10);
    assertThat(sent(effects, C, Envelope.BodyCase.PRUNE)).hasSize(1);
  }

  @Test
  void announcementsCarryHowLongEachMessageWasHeld() {
    GossipEngine e = engine();
    ByteString payload = ByteString.copyFromUtf8("to announce");
    e.onInput(new Input.EnvelopeReceived(A.id(), Frames.publish(TOPIC, payload, 2, false)), 1_000);
    long flushAt = 1_000 + Harness.config().lazyPushDelay().toMillis();
    List<Effect> effects = e.onInput(new Input.TimerFired(TimerKey.LAZY_PUSH), flushAt);
    assertThat(sent(effects, C, Envelope.BodyCase.IHAVE))
        .singleElement()
        .satisfies(
            f -> {
              IHave ihave = f.getIhave();
              assertThat(ihave.getHopsList()).containsExactly(2);
              assertThat(ihave.getAgesList())
                  .containsExactly((int) Harness.config().lazyPushDelay().toMillis());
            });
  }

  @Test
  void agesThatDoNotMatchTheIdsMakeAnInvalidFrame() {
    GossipEngine e = engine();
    MessageId id = MessageId.ofPayload(new byte[] {1});
    Envelope twoAges =
        Envelope.newBuilder()
            .setVersion(Frames.VERSION)
            .setIhave(
                IHave.newBuilder()
                    .setTopic(TOPIC)
                    .addIds(id.toByteString())
                    .addHops(1)
                    .addAges(1)
                    .addAges(2))
            .build();
    e.onInput(new Input.EnvelopeReceived(C.id(), twoAges), 100);
    assertThat(e.counters().invalidFrames).isEqualTo(1);
  }
}
