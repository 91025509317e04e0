package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.IHave;
import org.mlsmesh.gossip.wire.Ping;

class GossipEngineTest {
  private static final int N = 30;
  private static final Validator REFUSE_BAD =
      (topic, id, payload, from) ->
          payload.toStringUtf8().startsWith("bad") ? Verdict.REJECT : Verdict.ACCEPT;

  private static Harness warm(int n, long seed, Validator validator) {
    Harness h = new Harness(n, seed, validator);
    h.runUntil(20_000);
    return h;
  }

  @Test
  void peersFormABoundedConnectedOverlay() {
    Harness h = warm(N, 1, Validator.ACCEPT_ALL);
    int activeSize = Harness.config().activeViewSize();
    for (GossipEngine e : h.engines) {
      assertThat(e.activeView()).isNotEmpty().hasSizeLessThanOrEqualTo(activeSize);
      assertThat(e.passiveView()).hasSizeLessThanOrEqualTo(Harness.config().passiveViewSize());
    }
    // Connected: a search over active links reaches everyone.
    Set<Integer> reached = new HashSet<>();
    ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(0));
    while (!todo.isEmpty()) {
      int node = todo.poll();
      if (reached.add(node)) {
        h.engines.get(node).activeView().forEach(p -> todo.add(h.byId.get(p)));
      }
    }
    assertThat(reached).hasSize(N);
  }

  @Test
  void everyPeerDeliversEveryMessageOnce() {
    Harness h = warm(N, 2, Validator.ACCEPT_ALL);
    List<MessageId> ids = new java.util.ArrayList<>();
    for (int m = 0; m < 40; m++) {
      ids.add(MessageId.ofPayload(h.publish(m % N, "message " + m)));
      h.runUntil(h.now + 200);
    }
    h.runUntil(h.now + 10_000);
    for (MessageId id : ids) {
      assertThat(h.receivers(id)).isEqualTo(N - 1); // all but the publisher
    }
    for (List<Effect.Deliver> d : h.delivered) {
      assertThat(d.stream().map(Effect.Deliver::id).distinct().count()).isEqualTo(d.size());
    }
  }

  @Test
  void treeConvergesToAboutOnePayloadCopyPerPeer() {
    Harness h = warm(N, 3, Validator.ACCEPT_ALL);
    for (int m = 0; m < 20; m++) { // warm-up: duplicates prune the eager graph to a tree
      h.publish(m % N, "warm " + m);
      h.runUntil(h.now + 300);
    }
    h.runUntil(h.now + 5_000);
    long before = h.payloadFrames;
    int messages = 50;
    for (int m = 0; m < messages; m++) {
      h.publish((m * 7) % N, "steady " + m);
      h.runUntil(h.now + 300);
    }
    h.runUntil(h.now + 5_000);
    double copies = (h.payloadFrames - before) / (double) (messages * (N - 1));
    assertThat(copies).isLessThan(1.5);
  }

  @Test
  void rejectedMessagesAreNotForwardedAndTheSenderIsPenalized() {
    Harness h = warm(N, 4, REFUSE_BAD);
    MessageId bad = MessageId.ofPayload(h.publish(5, "bad message"));
    h.runUntil(h.now + 5_000);
    assertThat(h.receivers(bad)).isZero();
    PeerId publisher = h.engines.get(5).self().id();
    long penalized = h.engines.stream().filter(e -> e.penaltyPoints(publisher, h.now) > 0).count();
    assertThat(penalized).isPositive();
    assertThat(h.engines.stream().mapToLong(e -> e.counters().rejected).sum()).isEqualTo(penalized);
  }

  @Test
  void aPeerFloodingInvalidMessagesIsBannedAndHonestDeliveryContinues() {
    Harness h = warm(N, 5, REFUSE_BAD);
    int attacker = 7;
    PeerId attackerId = h.engines.get(attacker).self().id();
    List<PeerId> victims = h.engines.get(attacker).activeView();
    for (int m = 0; m < 30; m++) {
      h.publish(attacker, "bad " + m);
      h.publish((m * 3 + 1) % N == attacker ? 1 : (m * 3 + 1) % N, "good " + m);
      h.runUntil(h.now + 100);
    }
    h.runUntil(h.now + 10_000);
    for (PeerId v : victims) {
      assertThat(h.engines.get(h.byId.get(v)).isBanned(attackerId, h.now)).isTrue();
    }
    assertThat(h.bans).extracting(Effect.PeerBanned::peer).contains(attackerId);
    for (int m = 0; m < 30; m++) {
      MessageId id = MessageId.ofPayload(ByteString.copyFromUtf8("good " + m));
      assertThat(h.receivers(id)).isGreaterThanOrEqualTo(N - 2); // all honest but the publisher
    }
    // Peers that never received its garbage may link it later (they have no evidence against it);
    // none that banned it does.
    for (GossipEngine e : h.engines) {
      if (e.isBanned(attackerId, h.now)) {
        assertThat(e.activeView()).doesNotContain(attackerId);
      }
    }
  }

  @Test
  void badFramesAreDroppedCountedAndPenalizedWithoutException() {
    Harness h = warm(5, 6, Validator.ACCEPT_ALL);
    GossipEngine e = h.engines.get(0);
    PeerId stranger = Harness.peer(99).id();
    long now = h.now;
    ByteString garbage = ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01, 0x02});
    ByteString wrongVersion =
        Envelope.newBuilder()
            .setVersion(2)
            .setPing(Ping.getDefaultInstance())
            .build()
            .toByteString();
    ByteString empty = Envelope.newBuilder().setVersion(1).build().toByteString();
    ByteString oversized = ByteString.copyFrom(new byte[Harness.config().maxFrameBytes() + 1]);
    ByteString badId =
        Envelope.newBuilder()
            .setVersion(1)
            .setIhave(
                org.mlsmesh.gossip.wire.IHave.newBuilder()
                    .setTopic("t")
                    .addIds(ByteString.copyFrom(new byte[5])))
            .build()
            .toByteString();
    for (ByteString frame : List.of(garbage, wrongVersion, empty, oversized, badId)) {
      assertThat(e.onInput(new Input.FrameReceived(stranger, frame), now))
          .noneMatch(x -> x instanceof Effect.Deliver);
    }
    assertThat(e.counters().invalidFrames).isEqualTo(5);
    assertThat(e.penaltyPoints(stranger, now))
        .isEqualTo(5L * Harness.config().penaltyInvalidFrame());
    assertThat(e.isBanned(stranger, now)).isTrue();
    assertThat(e.onInput(new Input.FrameReceived(stranger, Frames.ping().toByteString()), now))
        .isEmpty();
    assertThat(e.counters().framesFromBanned).isEqualTo(1);
  }

  @Test
  void decodedEnvelopesAreCheckedLikeFrames() {
    GossipEngine e = SingleEngine.bare();
    PeerId stranger = Harness.peer(99).id();
    Envelope wrongVersion =
        Envelope.newBuilder().setVersion(2).setPing(Ping.getDefaultInstance()).build();
    Envelope oversized =
        Frames.publish(
            "t", ByteString.copyFrom(new byte[Harness.config().maxFrameBytes()]), 0, false);
    e.onInput(new Input.EnvelopeReceived(stranger, wrongVersion), 0);
    e.onInput(new Input.EnvelopeReceived(stranger, oversized), 0);
    e.onInput(new Input.EnvelopeReceived(stranger, Frames.ping()), 0);
    assertThat(e.counters().invalidFrames).isEqualTo(2);
    assertThat(e.retainedCount("t")).isZero();
  }

  /** An engine subscribed to {@code t} with {@code peers} linked (high-priority NEIGHBOR). */
  private static GossipEngine linkedTo(List<Peer> peers) {
    GossipEngine e = SingleEngine.bare();
    e.onInput(new Input.Subscribe("t"), 0);
    for (Peer p : peers) {
      e.onInput(new Input.EnvelopeReceived(p.id(), Frames.neighbor(p, true, false)), 0);
    }
    return e;
  }

  private static List<Envelope> sentTo(List<Effect> effects, Peer peer, Envelope.BodyCase kind) {
    return effects.stream()
        .filter(x -> x instanceof Effect.Send)
        .map(x -> (Effect.Send) x)
        .filter(x -> x.to().id().equals(peer.id()) && x.kind() == kind)
        .map(Effect.Send::envelope)
        .collect(java.util.stream.Collectors.toList());
  }

  @Test
  void aPruneOfTheLastEagerLinkIsRefusedWithAGraft() {
    Peer a = Harness.peer(1);
    Peer b = Harness.peer(2);
    GossipEngine e = linkedTo(List.of(a));
    List<Effect> refused = e.onInput(new Input.EnvelopeReceived(a.id(), Frames.prune("t")), 10);
    assertThat(e.eagerPeers("t")).containsExactly(a.id());
    assertThat(sentTo(refused, a, Envelope.BodyCase.IWANT))
        .singleElement()
        .satisfies(w -> assertThat(w.getIwant().getGraft()).isTrue())
        .satisfies(w -> assertThat(w.getIwant().getIdsList()).isEmpty());
    e.onInput(new Input.EnvelopeReceived(b.id(), Frames.neighbor(b, true, false)), 20);
    e.onInput(new Input.EnvelopeReceived(a.id(), Frames.prune("t")), 30);
    assertThat(e.eagerPeers("t")).containsExactly(b.id());
  }

  @Test
  void hopCountsThatDoNotMatchTheIdsMakeAnInvalidFrame() {
    Peer a = Harness.peer(1);
    GossipEngine e = linkedTo(List.of(a));
    ByteString id = MessageId.ofPayload(new byte[] {1}).toByteString();
    Envelope twoIdsOneCount =
        Envelope.newBuilder()
            .setVersion(Frames.VERSION)
            .setIhave(IHave.newBuilder().setTopic("t").addIds(id).addIds(id).addHops(1))
            .build();
    e.onInput(new Input.EnvelopeReceived(a.id(), twoIdsOneCount), 10);
    assertThat(e.counters().invalidFrames).isEqualTo(1);
  }

  @Test
  void excessiveTrafficIsRateLimited() {
    Harness h = new Harness(1, 7, Validator.ACCEPT_ALL);
    GossipEngine e = h.engines.get(0);
    PeerId chatty = Harness.peer(42).id();
    int burst = Harness.config().rateLimitBurst();
    for (int i = 0; i < burst + 50; i++) {
      e.onInput(new Input.FrameReceived(chatty, Frames.ping().toByteString()), 1_000);
    }
    assertThat(e.counters().rateLimitedFrames).isEqualTo(50);
    assertThat(e.penaltyPoints(chatty, 1_000))
        .isEqualTo(50L * Harness.config().penaltyRateLimited());
  }

  @Test
  void directMessagesReachNeighboursAndFarPeers() {
    Harness h = warm(N, 8, Validator.ACCEPT_ALL);
    GossipEngine sender = h.engines.get(3);
    PeerId neighbour = sender.activeView().get(0);
    int far = -1;
    for (int i = 0; i < N; i++) {
      if (i != 3 && !sender.activeView().contains(h.engines.get(i).self().id())) {
        far = i;
        break;
      }
    }
    assertThat(far).isNotNegative();
    PeerId farId = h.engines.get(far).self().id();
    h.at(h.now, () -> h.input(3, new Input.SendDirect(neighbour, ByteString.copyFromUtf8("hi"))));
    h.at(h.now, () -> h.input(3, new Input.SendDirect(farId, ByteString.copyFromUtf8("welcome"))));
    h.runUntil(h.now + 5_000);
    assertThat(h.directs.get(h.byId.get(neighbour)))
        .extracting(d -> d.payload().toStringUtf8())
        .containsExactly("hi");
    assertThat(h.directs.get(far)).hasSize(1);
    assertThat(h.directs.get(far).get(0).source()).isEqualTo(sender.self().id());
    assertThat(h.directs.get(far).get(0).payload().toStringUtf8()).isEqualTo("welcome");
    long others = h.directs.stream().mapToLong(List::size).sum();
    assertThat(others).isEqualTo(2);
  }

  @Test
  void aPartitionedPeerCatchesUpByAntiEntropyAfterHealing() {
    Harness h = warm(N, 9, Validator.ACCEPT_ALL);
    int isolated = 11;
    h.linkUp = (a, b) -> a != isolated && b != isolated;
    List<MessageId> ids = new java.util.ArrayList<>();
    for (int m = 0; m < 20; m++) {
      ids.add(MessageId.ofPayload(h.publish(m == isolated ? 0 : m, "while away " + m)));
      h.runUntil(h.now + 100);
    }
    h.runUntil(h.now + 10_000);
    assertThat(h.delivered.get(isolated)).isEmpty();
    h.linkUp = (a, b) -> true;
    h.runUntil(h.now + 15_000);
    assertThat(h.delivered.get(isolated)).extracting(Effect.Deliver::id).containsAll(ids);
  }

  @Test
  void aCrashedNeighbourIsDetectedAndReplaced() {
    Harness h = warm(N, 10, Validator.ACCEPT_ALL);
    int victim = 4;
    PeerId victimId = h.engines.get(victim).self().id();
    h.down.add(victim);
    h.runUntil(h.now + 15_000);
    for (int i = 0; i < N; i++) {
      if (i != victim) {
        assertThat(h.engines.get(i).activeView()).doesNotContain(victimId).isNotEmpty();
      }
    }
    MessageId id = MessageId.ofPayload(h.publish(0, "after crash"));
    h.runUntil(h.now + 5_000);
    assertThat(h.receivers(id)).isEqualTo(N - 2);
  }

  @Test
  void linksCutByAPartitionReFormWhenItHeals() {
    Harness h = warm(N, 13, Validator.ACCEPT_ALL);
    h.linkUp = (a, b) -> a % 2 == b % 2;
    h.runUntil(h.now + 30_000);
    assertThat(crossLinks(h)).isZero();
    h.linkUp = (a, b) -> true;
    h.runUntil(h.now + 3_000);
    assertThat(crossLinks(h)).isGreaterThanOrEqualTo(N / 4);
    int activeSize = Harness.config().activeViewSize();
    for (GossipEngine e : h.engines) {
      assertThat(e.activeView()).isNotEmpty().hasSizeLessThanOrEqualTo(activeSize);
    }
  }

  /** Active links between a peer of even index and one of odd index, counted once per end. */
  private static long crossLinks(Harness h) {
    long count = 0;
    for (int i = 0; i < h.engines.size(); i++) {
      for (PeerId p : h.engines.get(i).activeView()) {
        if (h.byId.get(p) % 2 != i % 2) {
          count++;
        }
      }
    }
    return count;
  }

  @Test
  void aCrashedNeighbourIsProbedWithBackoff() {
    Harness h = warm(N, 14, Validator.ACCEPT_ALL);
    int victim = 6;
    PeerId victimId = h.engines.get(victim).self().id();
    long neighbours = h.engines.stream().filter(e -> e.activeView().contains(victimId)).count();
    h.down.add(victim);
    int from = h.trace.size();
    h.runUntil(h.now + 60_000);
    long probes =
        h.trace.subList(from, h.trace.size()).stream()
            .filter(line -> line.contains("send " + victimId + " NEIGHBOR"))
            .count();
    // Failure after 5 s, then probes 1, 2, 4, 8, 8, ... s apart: about ten each in a minute.
    assertThat(probes).isPositive().isLessThanOrEqualTo(12 * neighbours);
  }

  @Test
  void sameSeedSameEffects() {
    Harness a = warm(12, 11, Validator.ACCEPT_ALL);
    Harness b = warm(12, 11, Validator.ACCEPT_ALL);
    a.publish(1, "x");
    b.publish(1, "x");
    a.runUntil(a.now + 3_000);
    b.runUntil(b.now + 3_000);
    assertThat(a.trace).isEqualTo(b.trace);
    Harness c = warm(12, 12, Validator.ACCEPT_ALL);
    assertThat(c.trace).isNotEqualTo(a.trace.subList(0, c.trace.size()));
  }

  @Test
  void duplicatePublishIsIgnoredAndReservedTopicsRefused() {
    GossipEngine e = SingleEngine.bare();
    assertThatThrownBy(
            () -> e.onInput(new Input.Publish(GossipEngine.DIRECT_TOPIC, ByteString.EMPTY), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> e.onInput(new Input.Subscribe(""), 0))
        .isInstanceOf(IllegalArgumentException.class);
    e.onInput(new Input.Publish("t", ByteString.copyFromUtf8("p")), 0);
    assertThat(e.retainedCount("t")).isEqualTo(1);
    e.onInput(new Input.Publish("t", ByteString.copyFromUtf8("p")), 0);
    assertThat(e.retainedCount("t")).isEqualTo(1);
  }

  @Test
  void seenCacheExpiresAndIsBounded() {
    SeenCache cache = new SeenCache(1_000, 3);
    MessageId a = MessageId.ofPayload(new byte[] {1});
    MessageId b = MessageId.ofPayload(new byte[] {2});
    assertThat(cache.add(a, 0)).isTrue();
    assertThat(cache.add(a, 10)).isFalse();
    cache.add(b, 500);
    cache.expire(1_000);
    assertThat(cache.contains(a)).isFalse();
    assertThat(cache.contains(b)).isTrue();
    for (int i = 3; i < 10; i++) {
      cache.add(MessageId.ofPayload(new byte[] {(byte) i}), 600);
    }
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.contains(b)).isFalse();
  }
}
