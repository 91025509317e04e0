package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.wire.Digest;
import org.mlsmesh.gossip.wire.Envelope;
import org.mlsmesh.gossip.wire.IWant;
import org.mlsmesh.gossip.wire.Publish;

/**
 * A group topic travels among its members only: every member gets each message, over lost frames
 * and a crashed member; no other peer receives a single frame of it; non-members get no answer.
 */
class GroupTopicsTest {
  private static final String GROUP = "group/members-only";

  /** Harness nodes that are members, the frames of the group topic each node received. */
  private static final class Run {
    final Harness h;
    final List<Integer> members;
    final List<Integer> groupFramesAt = new ArrayList<>();

    Run(int peers, List<Integer> members, long seed) {
      this.h = new Harness(peers, seed, Validator.ACCEPT_ALL);
      this.members = members;
      h.onFrame =
          (to, frame) -> {
            if (GROUP.equals(topicOf(frame))) {
              groupFramesAt.add(to);
            }
          };
      List<Peer> roster = new ArrayList<>();
      members.forEach(m -> roster.add(Harness.peer(m)));
      for (int m : members) {
        h.at(500, () -> h.input(m, new Input.SetGroup(GROUP, roster)));
        h.at(500, () -> h.input(m, new Input.Subscribe(GROUP)));
      }
      h.runUntil(20_000);
    }

    MessageId publish(int node, String text) {
      ByteString payload = ByteString.copyFromUtf8(text);
      h.at(h.now, () -> h.input(node, new Input.Publish(GROUP, payload)));
      return MessageId.ofPayload(payload);
    }

    List<Integer> receivers(MessageId id) {
      List<Integer> got = new ArrayList<>();
      for (int i = 0; i < h.engines.size(); i++) {
        if (h.delivered.get(i).stream().anyMatch(d -> d.id().equals(id))) {
          got.add(i);
        }
      }
      return got;
    }

    Set<Integer> nonMembersReached() {
      Set<Integer> reached = new TreeSet<>(groupFramesAt);
      reached.removeAll(members);
      return reached;
    }
  }

  static String topicOf(ByteString frame) {
    try {
      return Frames.topicOf(Envelope.parseFrom(frame));
    } catch (InvalidProtocolBufferException e) {
      return "";
    }
  }

  @Test
  void aSmallGroupGetsEachMessageInOneHopAndNoOneElseSeesIt() {
    Run run = new Run(20, List.of(2, 5, 7, 11, 13), 3);
    MessageId id = run.publish(5, "hello five");
    run.h.runUntil(run.h.now + 10_000);

    assertThat(run.receivers(id)).containsExactly(2, 7, 11, 13);
    for (int m : List.of(2, 7, 11, 13)) {
      assertThat(run.h.delivered.get(m))
          .filteredOn(d -> d.id().equals(id))
          .singleElement()
          .satisfies(d -> assertThat(d.hops()).isEqualTo(1));
    }
    assertThat(run.nonMembersReached()).isEmpty();
    assertThat(run.h.engines.get(5).groupTopics()).containsExactly(GROUP);
  }

  @Test
  void aLargeGroupGetsEverythingOverLossyLinksAndACrashedMember() {
    List<Integer> members = new ArrayList<>();
    for (int i = 0; i < 60; i += 2) {
      members.add(i);
    }
    Run run = new Run(70, members, 4);
    SplittableRandom loss = new SplittableRandom(9);
    run.h.linkUp = (a, b) -> loss.nextDouble() >= 0.2;
    run.h.down.add(members.get(1)); // the root's first child: its whole branch misses the push
    List<MessageId> ids = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      ids.add(run.publish(members.get(0), "message " + k));
      run.h.runUntil(run.h.now + 200);
    }
    run.h.runUntil(run.h.now + 30_000);

    List<Integer> live = new ArrayList<>(members);
    live.remove(members.get(1));
    live.remove(members.get(0)); // the publisher
    for (MessageId id : ids) {
      assertThat(run.receivers(id)).containsExactlyInAnyOrderElementsOf(live);
    }
    assertThat(run.nonMembersReached()).isEmpty();
  }

  @Test
  void theGlobalOverlayStillCarriesOtherTopics() {
    Run run = new Run(20, List.of(1, 2, 3), 5);
    ByteString payload = run.h.publish(9, "for everyone");
    run.h.runUntil(run.h.now + 10_000);
    assertThat(run.h.receivers(MessageId.ofPayload(payload))).isEqualTo(19); // all but 9
  }

  // ------------------------------------------------------------------- rules on peer input

  private static final Peer MEMBER = Harness.peer(1);
  private static final Peer STRANGER = Harness.peer(2);

  private static GossipEngine member() {
    GossipEngine e = SingleEngine.linkedTo(List.of(STRANGER));
    e.onInput(new Input.SetGroup(GROUP, List.of(MEMBER)), 0);
    e.onInput(new Input.Subscribe(GROUP), 0);
    return e;
  }

  private static Envelope groupPush(ByteString origin, String text) {
    return Envelope.newBuilder()
        .setVersion(Frames.VERSION)
        .setPublish(
            Publish.newBuilder()
                .setTopic(GROUP)
                .setPayload(ByteString.copyFromUtf8(text))
                .setHops(1)
                .setOrigin(origin))
        .build();
  }

  @Test
  void anOriginOfTheWrongLengthIsAnInvalidFrame() {
    GossipEngine e = member();
    List<Effect> effects =
        SingleEngine.receive(e, MEMBER, groupPush(ByteString.copyFromUtf8("short"), "x"), 1);
    assertThat(e.counters().invalidFrames).isEqualTo(1);
    assertThat(effects).noneMatch(x -> x instanceof Effect.Deliver);
  }

  @Test
  void aStrangerGetsNoAnswerToAPullOrADigestOfTheGroup() {
    GossipEngine e = member();
    ByteString text = ByteString.copyFromUtf8("secret");
    e.onInput(new Input.Publish(GROUP, text), 1);
    Envelope pull =
        Envelope.newBuilder()
            .setVersion(Frames.VERSION)
            .setIwant(
                IWant.newBuilder().setTopic(GROUP).addIds(MessageId.ofPayload(text).toByteString()))
            .build();
    List<Effect> answer = SingleEngine.receive(e, STRANGER, pull, 2);
    assertThat(SingleEngine.sentTo(answer, STRANGER, Envelope.BodyCase.PUBLISH)).isEmpty();
    assertThat(
            SingleEngine.sentTo(
                SingleEngine.receive(e, MEMBER, pull, 3), MEMBER, Envelope.BodyCase.PUBLISH))
        .singleElement()
        .satisfies(
            p -> assertThat(p.getPublish().getOrigin()).isEqualTo(e.self().id().toByteString()));

    Digest.Builder digest = Digest.newBuilder().setTopic(GROUP).setGroup(true);
    for (int b = 0; b < TopicState.BUCKETS; b++) {
      digest.addBuckets(0);
    }
    Envelope ask = Envelope.newBuilder().setVersion(Frames.VERSION).setDigest(digest).build();
    assertThat(SingleEngine.receive(e, STRANGER, ask, 10_000))
        .noneMatch(x -> x instanceof Effect.Send s && s.to().equals(STRANGER));
    assertThat(e.counters().groupRefusals).isEqualTo(2);
  }

  @Test
  void aGroupFrameCannotTakeASubscribedGlobalTopicOffTheOverlay() {
    GossipEngine e = SingleEngine.linkedTo(List.of(MEMBER, STRANGER));
    Envelope push =
        Envelope.newBuilder()
            .setVersion(Frames.VERSION)
            .setPublish(
                Publish.newBuilder()
                    .setTopic(SingleEngine.TOPIC)
                    .setPayload(ByteString.copyFromUtf8("claims to be a group's"))
                    .setOrigin(MEMBER.id().toByteString()))
            .build();
    List<Effect> effects = SingleEngine.receive(e, MEMBER, push, 1);
    assertThat(effects).anyMatch(x -> x instanceof Effect.Deliver);
    assertThat(SingleEngine.sentTo(effects, STRANGER, Envelope.BodyCase.PUBLISH)).isEmpty();
    assertThat(e.eagerPeers(SingleEngine.TOPIC)).contains(STRANGER.id());

    List<Effect> global =
        SingleEngine.receive(
            e,
            MEMBER,
            Frames.publish(SingleEngine.TOPIC, ByteString.copyFromUtf8("plain"), 1, false),
            2);
    assertThat(SingleEngine.sentTo(global, STRANGER, Envelope.BodyCase.PUBLISH)).hasSize(1);
  }

  @Test
  void aGroupPushFromAPeerWithoutALinkTakesNoLinkUp() {
    GossipEngine e = member();
    List<PeerId> before = e.activeView();
    List<Effect> effects =
        SingleEngine.receive(e, MEMBER, groupPush(MEMBER.id().toByteString(), "hi"), 1);
    assertThat(e.activeView()).isEqualTo(before);
    assertThat(effects).anyMatch(x -> x instanceof Effect.Deliver);
    assertThat(SingleEngine.sentTo(effects, MEMBER, Envelope.BodyCase.DISCONNECT)).isEmpty();
  }

  @Test
  void aPlainPushOnAGroupTopicIsDeliveredAndRelayedToMembersOnly() {
    Peer other = Harness.peer(3);
    GossipEngine e = SingleEngine.linkedTo(List.of(STRANGER));
    e.onInput(new Input.SetGroup(GROUP, List.of(MEMBER, other)), 0);
    e.onInput(new Input.Subscribe(GROUP), 0);
    List<Effect> effects =
        SingleEngine.receive(
            e, MEMBER, Frames.publish(GROUP, ByteString.copyFromUtf8("old peer"), 1, false), 1);
    assertThat(effects).anyMatch(x -> x instanceof Effect.Deliver);
    assertThat(SingleEngine.sentTo(effects, STRANGER, Envelope.BodyCase.PUBLISH)).isEmpty();
  }

  @Test
  void aMemberNamedByIdAloneIsSentToAtTheAddressTheMembershipKnowsAndKeepsIt() {
    GossipEngine e = SingleEngine.linkedTo(List.of(STRANGER));
    e.onInput(new Input.SetGroup(GROUP, List.of(new Peer(MEMBER.id(), ""))), 0);
    e.onInput(new Input.Subscribe(GROUP), 0);
    assertThat(pushedTo(e.onInput(new Input.Publish(GROUP, ByteString.copyFromUtf8("a")), 1)))
        .containsExactly(new Peer(MEMBER.id(), "")); // no address known: only a link would do
    SingleEngine.receive(e, STRANGER, Frames.shuffleReply(List.of(MEMBER)), 2);
    assertThat(pushedTo(e.onInput(new Input.Publish(GROUP, ByteString.copyFromUtf8("b")), 3)))
        .containsExactly(MEMBER);
    // The membership forgets the member among hundreds of other peers; the roster keeps it.
    for (int batch = 0; batch < 40; batch++) {
      List<Peer> others = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        others.add(Harness.peer(1000 + 10 * batch + i));
      }
      SingleEngine.receive(e, STRANGER, Frames.shuffleReply(others), 4);
    }
    assertThat(e.passiveView()).doesNotContain(MEMBER.id());
    assertThat(pushedTo(e.onInput(new Input.Publish(GROUP, ByteString.copyFromUtf8("c")), 5)))
        .containsExactly(MEMBER);
    // A new roster naming it by id alone again keeps the address found.
    e.onInput(new Input.SetGroup(GROUP, List.of(new Peer(MEMBER.id(), ""), STRANGER)), 6);
    assertThat(pushedTo(e.onInput(new Input.Publish(GROUP, ByteString.copyFromUtf8("d")), 7)))
        .containsExactlyInAnyOrder(MEMBER, STRANGER);
    assertThat(e.groupMembers(GROUP))
        .containsExactlyInAnyOrder(MEMBER.id(), STRANGER.id(), e.self().id());
  }

  private static List<Peer> pushedTo(List<Effect> effects) {
    List<Peer> to = new ArrayList<>();
    for (Effect x : effects) {
      if (x instanceof Effect.Send s && s.kind() == Envelope.BodyCase.PUBLISH) {
        to.add(s.to());
      }
    }
    return to;
  }

  @Test
  void aNonMemberCountsNoFrameOfTheGroupAndAMemberCountsEach() {
    GossipEngine e = member();
    assertThat(e.framesReceived(GROUP)).isZero();
    SingleEngine.receive(e, MEMBER, groupPush(MEMBER.id().toByteString(), "one"), 1);
    SingleEngine.receive(e, MEMBER, groupPush(MEMBER.id().toByteString(), "two"), 2);
    assertThat(e.framesReceived(GROUP)).isEqualTo(2);
    assertThat(e.framesReceived("never/named")).isZero();
  }

  @Test
  void theDirectTopicCannotBeAGroup() {
    GossipEngine e = member();
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(
            () -> e.onInput(new Input.SetGroup(GossipEngine.DIRECT_TOPIC, List.of(MEMBER)), 1));
  }

  @Test
  void aRosterLargerThanTheBoundIsRefused() {
    GossipEngine e = member();
    List<Peer> huge = new ArrayList<>();
    for (int i = 0; i <= GroupTopics.MAX_MEMBERS; i++) {
      huge.add(
          new Peer(
              PeerId.ofPublicKey(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)}), "x"));
    }
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> e.onInput(new Input.SetGroup(GROUP, huge), 1));
  }
}
