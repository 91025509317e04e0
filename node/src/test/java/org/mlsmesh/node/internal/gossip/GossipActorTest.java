package org.mlsmesh.node.internal.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlsmesh.config.ConfigLoader;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.Peer;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.gossip.Validator;
import org.mlsmesh.gossip.Verdict;
import org.mlsmesh.gossip.netty.NettyLinks;
import org.mlsmesh.gossip.netty.NodeIdentity;
import org.mlsmesh.node.internal.metrics.NodeMetrics;

/** Gossip actors over real TLS links on 127.0.0.1, and a peer that sends garbage. */
@Timeout(90)
class GossipActorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TOPIC = "test/topic";
  private NettyLinks garbagePeer;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  @AfterEach
  void closeGarbagePeer() {
    if (garbagePeer != null) {
      garbagePeer.close();
    }
  }

  private static ActorRef<GossipActor.Command> spawn(List<String> seeds, Validator validator) {
    GossipConfig config = ConfigLoader.defaults().gossip().withSeeds(seeds);
    return KIT.spawn(
        GossipActor.overNetty(
            NodeIdentity.generate(RANDOM), "127.0.0.1", 0, config, validator, NodeMetrics.none()));
  }

  private static GossipActor.Status status(ActorRef<GossipActor.Command> actor) {
    TestProbe<GossipActor.Status> probe = KIT.createTestProbe();
    actor.tell(new GossipActor.GetStatus(probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(5));
  }

  private static void awaitLinked(ActorRef<GossipActor.Command> a, PeerId b) {
    TestProbe<GossipActor.Status> probe = KIT.createTestProbe();
    probe.awaitAssert(
        Duration.ofSeconds(20),
        Duration.ofMillis(100),
        () -> {
          assertThat(status(a).activeView()).contains(b);
          return null;
        });
  }

  @Test
  void twoActorsLinkUpAndDeliverBroadcastsAndDirectMessages() {
    ActorRef<GossipActor.Command> a = spawn(List.of(), Validator.ACCEPT_ALL);
    GossipActor.Status aStatus = status(a);
    ActorRef<GossipActor.Command> b =
        spawn(List.of(aStatus.self().address()), Validator.ACCEPT_ALL);
    PeerId bId = status(b).self().id();
    TestProbe<GossipActor.Delivered> onB = KIT.createTestProbe();
    TestProbe<GossipActor.DirectReceived> directOnB = KIT.createTestProbe();
    b.tell(new GossipActor.Subscribe(TOPIC, onB.ref()));
    b.tell(new GossipActor.SubscribeDirect(directOnB.ref()));
    a.tell(new GossipActor.Subscribe(TOPIC, KIT.<GossipActor.Delivered>createTestProbe().ref()));
    awaitLinked(a, bId);

    a.tell(new GossipActor.Publish(TOPIC, ByteString.copyFromUtf8("hello")));
    GossipActor.Delivered delivered = onB.receiveMessage(Duration.ofSeconds(10));
    assertThat(delivered.payload().toStringUtf8()).isEqualTo("hello");
    assertThat(delivered.from()).isEqualTo(aStatus.self().id());

    a.tell(new GossipActor.SendDirect(bId, ByteString.copyFromUtf8("psst")));
    GossipActor.DirectReceived direct = directOnB.receiveMessage(Duration.ofSeconds(10));
    assertThat(direct.payload().toStringUtf8()).isEqualTo("psst");
    assertThat(direct.source()).isEqualTo(aStatus.self().id());

    // Both take one root for the broadcast tree (the first to beacon): the other checked its term,
    // signed with its Ed25519 key (a term that did not check would leave each its own root).
    KIT.createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(30),
            Duration.ofMillis(200),
            () -> {
              PeerId root = status(a).treeRoot().orElseThrow();
              assertThat(root).isIn(aStatus.self().id(), bId);
              assertThat(status(b).treeRoot()).contains(root);
              return null;
            });
  }

  @Test
  void aGroupTopicReachesItsMembersOverTlsAndNotTheSeedBetweenThem() {
    ActorRef<GossipActor.Command> seed = spawn(List.of(), Validator.ACCEPT_ALL);
    String seedAddress = status(seed).self().address();
    ActorRef<GossipActor.Command> a = spawn(List.of(seedAddress), Validator.ACCEPT_ALL);
    ActorRef<GossipActor.Command> b = spawn(List.of(seedAddress), Validator.ACCEPT_ALL);
    List<Peer> roster = List.of(status(a).self(), status(b).self());
    TestProbe<GossipActor.Delivered> onB = KIT.createTestProbe();
    TestProbe<GossipActor.Delivered> onSeed = KIT.createTestProbe();
    for (ActorRef<GossipActor.Command> member : List.of(a, b)) {
      member.tell(new GossipActor.SetGroup(TOPIC, roster));
    }
    b.tell(new GossipActor.Subscribe(TOPIC, onB.ref()));
    seed.tell(new GossipActor.Subscribe(TOPIC, onSeed.ref()));
    awaitLinked(seed, status(b).self().id());

    a.tell(new GossipActor.Publish(TOPIC, ByteString.copyFromUtf8("members only")));
    assertThat(onB.receiveMessage(Duration.ofSeconds(10)).payload().toStringUtf8())
        .isEqualTo("members only");
    onSeed.expectNoMessage(Duration.ofMillis(500));
  }

  @Test
  void garbageFromAPeerIsDroppedAndCountedAndTheActorKeepsWorking() throws Exception {
    ActorRef<GossipActor.Command> a = spawn(List.of(), Validator.ACCEPT_ALL);
    String address = status(a).self().address();
    garbagePeer =
        NettyLinks.start(
            NodeIdentity.generate(RANDOM),
            "127.0.0.1",
            0,
            1 << 20,
            30_000,
            new NettyLinks.Listener() {
              @Override
              public void linkUp(PeerId peer) {}

              @Override
              public void linkDown(PeerId peer) {}

              @Override
              public void frame(PeerId from, ByteString frame) {}

              @Override
              public void oversizedFrame(PeerId from) {}
            });
    byte[] junk = new byte[64];
    for (int i = 0; i < 3; i++) {
      RANDOM.nextBytes(junk);
      junk[0] = (byte) 0xff; // not a valid protobuf tag
      garbagePeer.dial(address, ByteString.copyFrom(junk));
    }
    TestProbe<GossipActor.Status> probe = KIT.createTestProbe();
    probe.awaitAssert(
        Duration.ofSeconds(20),
        Duration.ofMillis(100),
        () -> {
          assertThat(status(a).invalidFrames()).isGreaterThanOrEqualTo(3);
          return null;
        });

    // Still alive and serving: an honest peer joins and receives a broadcast.
    ActorRef<GossipActor.Command> c = spawn(List.of(address), Validator.ACCEPT_ALL);
    TestProbe<GossipActor.Delivered> onC = KIT.createTestProbe();
    c.tell(new GossipActor.Subscribe(TOPIC, onC.ref()));
    a.tell(new GossipActor.Subscribe(TOPIC, KIT.<GossipActor.Delivered>createTestProbe().ref()));
    awaitLinked(a, status(c).self().id());
    a.tell(new GossipActor.Publish(TOPIC, ByteString.copyFromUtf8("still here")));
    assertThat(onC.receiveMessage(Duration.ofSeconds(10)).payload().toStringUtf8())
        .isEqualTo("still here");
  }

  @Test
  void messagesTheValidatorRejectsAreNotDeliveredAndAreCounted() {
    Validator refuseBad =
        (topic, id, payload, from) ->
            payload.toStringUtf8().startsWith("bad") ? Verdict.REJECT : Verdict.ACCEPT;
    ActorRef<GossipActor.Command> a = spawn(List.of(), Validator.ACCEPT_ALL);
    ActorRef<GossipActor.Command> b = spawn(List.of(status(a).self().address()), refuseBad);
    TestProbe<GossipActor.Delivered> onB = KIT.createTestProbe();
    b.tell(new GossipActor.Subscribe(TOPIC, onB.ref()));
    a.tell(new GossipActor.Subscribe(TOPIC, KIT.<GossipActor.Delivered>createTestProbe().ref()));
    awaitLinked(a, status(b).self().id());
    a.tell(new GossipActor.Publish(TOPIC, ByteString.copyFromUtf8("bad payload")));
    a.tell(new GossipActor.Publish(TOPIC, ByteString.copyFromUtf8("good payload")));
    assertThat(onB.receiveMessage(Duration.ofSeconds(10)).payload().toStringUtf8())
        .isEqualTo("good payload");
    onB.expectNoMessage(Duration.ofMillis(300));
    assertThat(status(b).rejected()).isEqualTo(1);
  }

  @Test
  void blockedPeersAreCutOffUntilTheHealAndThenCatchUp() {
    ActorRef<GossipActor.Command> a = spawn(List.of(), Validator.ACCEPT_ALL);
    PeerId aId = status(a).self().id();
    ActorRef<GossipActor.Command> b =
        spawn(List.of(status(a).self().address()), Validator.ACCEPT_ALL);
    PeerId bId = status(b).self().id();
    TestProbe<GossipActor.Delivered> onB = KIT.createTestProbe();
    b.tell(new GossipActor.Subscribe(TOPIC, onB.ref()));
    a.tell(new GossipActor.Subscribe(TOPIC, KIT.<GossipActor.Delivered>createTestProbe().ref()));
    awaitLinked(a, bId);

    a.tell(new GossipActor.BlockPeers(Set.of(bId)));
    b.tell(new GossipActor.BlockPeers(Set.of(aId)));
    TestProbe<GossipActor.Status> probe = KIT.createTestProbe();
    probe.awaitAssert(
        Duration.ofSeconds(10),
        Duration.ofMillis(100),
        () -> {
          assertThat(status(a).activeView()).doesNotContain(bId);
          assertThat(status(b).activeView()).doesNotContain(aId);
          return null;
        });
    a.tell(new GossipActor.Publish(TOPIC, ByteString.copyFromUtf8("while cut off")));
    onB.expectNoMessage(Duration.ofSeconds(2));
    assertThat(status(a).activeView()).doesNotContain(bId);

    a.tell(new GossipActor.BlockPeers(Set.of()));
    b.tell(new GossipActor.BlockPeers(Set.of()));
    awaitLinked(a, bId);
    // The new link carries across what b missed.
    assertThat(onB.receiveMessage(Duration.ofSeconds(20)).payload().toStringUtf8())
        .isEqualTo("while cut off");
  }
}
