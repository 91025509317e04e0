package org.mlsmesh.node.internal.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.consensus.ForkChoice;
import org.mlsmesh.consensus.ForkChoiceConfig;
import org.mlsmesh.consensus.Input;
import org.mlsmesh.consensus.Intent;
import org.mlsmesh.consensus.Staging;
import org.mlsmesh.consensus.TieBreak;
import org.mlsmesh.consensus.group.GroupEngine;
import org.mlsmesh.consensus.group.GroupFrame;
import org.mlsmesh.consensus.group.GroupTopicException;
import org.mlsmesh.consensus.group.GroupWire;
import org.mlsmesh.consensus.mls.AppContent;
import org.mlsmesh.consensus.mls.Beacons;
import org.mlsmesh.consensus.mls.ConsensusMessage;
import org.mlsmesh.consensus.mls.LocalCommit;
import org.mlsmesh.consensus.mls.MlsGroupAdapter;
import org.mlsmesh.gossip.MessageId;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.node.internal.directory.DirectoryActor;
import org.mlsmesh.node.internal.gossip.GossipActor;
import org.mlsmesh.node.internal.metrics.NodeMetrics;
import org.mlsmesh.node.storage.InMemoryNodeStorage;
import org.mlsmesh.node.storage.NodeStorage;
import org.mlsmesh.node.storage.StoredGroupState;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.BasicCredentialValidator;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SecureEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.GroupConfig;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.PskStore;
import org.mlsmesh.protocol.group.SavedGroupState;
import org.mlsmesh.protocol.group.StagedWelcome;
import org.mlsmesh.protocol.keypackage.KeyPackageBuilder;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.KeyPackageValidator;
import org.mlsmesh.protocol.keypackage.LifetimePolicy;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * A group actor restarted on its storage, with the other members played by the test: a member that
 * crashed in an unsettled epoch of its own still rolls back to a better sibling (its fork snapshots
 * come back into the fork choice) and opens late messages of the epoch before; a Welcome is re-sent
 * until the invitee acknowledges it, across a restart of the inviter too. And what the application
 * is told when a rollback switches it to the winner's epoch and its own Commit is rebuilt on it.
 */
class GroupActorRestartTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final SecureEntropySource RANDOM = new SecureEntropySource();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final GroupEnvironment env = environment();
  private final NodeStorage storage = new InMemoryNodeStorage();
  private final TestProbe<GossipActor.Command> gossip = KIT.createTestProbe();
  private final TestProbe<DirectoryActor.Command> directory = KIT.createTestProbe();
  private final LinkedBlockingQueue<MlsNodeEvent> events = new LinkedBlockingQueue<>();
  private final MlsGroupAdapter peerAdapter = new MlsGroupAdapter(SUITE, System::currentTimeMillis);

  /** The node under test, and the member whose Commits beat its Commits in epoch 1. */
  private NodeKeys self;

  private GroupState selfState;
  private GroupState peer;
  private NodeKeys peerKeys;
  private Optional<LeafIndex> creator;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  /**
   * a creates the group and adds two nodes in one Commit (epoch 1; a, its creator, ranks last in
   * it). Of the two, the one that ranks worse in epoch 1 is the node under test.
   */
  @BeforeEach
  void group() throws Exception {
    SignatureKeyPair aKey = SUITE.crypto().generateSignatureKeyPair(RANDOM);
    GroupState a =
        GroupState.create(
            env,
            SUITE,
            Bytes.wrap(RANDOM.randomBytes(16)),
            List.of(),
            aKey,
            new BasicCredential(text("a")),
            System.currentTimeMillis());
    List<NodeKeys> nodes = List.of(keys(), keys());
    List<KeyPackageBundle> kps = new ArrayList<>();
    List<Proposal> adds = new ArrayList<>();
    for (NodeKeys n : nodes) {
      KeyPackageBundle kp = keyPackage(n);
      kps.add(kp);
      adds.add(new Add(kp.keyPackage()));
    }
    MlsGroupAdapter aAdapter = new MlsGroupAdapter(SUITE, System::currentTimeMillis);
    LocalCommit add = aAdapter.commit(a, CommitOptions.defaults().withProposals(adds));
    GroupState a1 = merged(aAdapter, a, add.wire());
    List<GroupState> joined = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      StagedWelcome staged =
          GroupState.stageWelcome(
              env,
              TlsReader.decodeAll(add.welcome().orElseThrow(), MlsMessage::decode),
              kps.get(i),
              nodes.get(i).mlsSignatureKey(),
              Optional.empty(),
              System.currentTimeMillis());
      creator = Optional.of(staged.sender().index());
      joined.add(staged.join());
    }
    Secret exporter = peerAdapter.forkChoiceExporter(a1);
    boolean firstWins =
        TieBreak.rank(exporter, joined.get(0).ownLeaf(), Optional.of(a1.ownLeaf()))
            .isBetterThan(
                TieBreak.rank(exporter, joined.get(1).ownLeaf(), Optional.of(a1.ownLeaf())));
    exporter.destroy();
    int loser = firstWins ? 1 : 0;
    self = nodes.get(loser);
    selfState = joined.get(loser);
    peer = joined.get(1 - loser);
    peerKeys = nodes.get(1 - loser);
    storage.groupStates().put(stored(selfState));
  }

  @Test
  void aMemberRestartedInAnUnsettledEpochOfItsOwnRollsBackToABetterSibling() throws Exception {
    GroupDeps deps = deps(60_000);
    ActorRef<GroupActor.Command> actor =
        KIT.spawn(GroupActor.create(deps, selfState, creator, Optional.empty()));
    actor.tell(new GroupActor.Update(new CompletableFuture<>()));
    Bytes ownCommit = published(GroupWire.COMMIT);
    assertThat(status(actor).epoch()).isEqualTo(2);

    // The crash: the actor goes away with its Commit unsettled; a new one starts from storage.
    KIT.stop(actor);
    ActorRef<GroupActor.Command> restarted =
        KIT.spawn(
            GroupActor.restore(deps, GroupStore.load(storage, selfState.groupId()).orElseThrow()));
    assertThat(published(GroupWire.COMMIT)).as("its Commit published again").isEqualTo(ownCommit);
    GroupStatus before = status(restarted);
    assertThat(before.epoch()).isEqualTo(2);
    assertThat(before.finalEpoch()).as("epoch 1 is back as the final epoch").isEqualTo(1);

    // A message of epoch 1, sent before the peer saw our Commit: opened with epoch 1's snapshot,
    // delivered once however often it comes.
    Bytes id = Bytes.wrap(RANDOM.randomBytes(16));
    Bytes late = peerAdapter.encrypt(peer, new AppContent(AppMessageId.of(id), text("late")));
    restarted.tell(delivered(GroupWire.APPLICATION, late));
    restarted.tell(delivered(GroupWire.APPLICATION, late));
    MlsNodeEvent.MessageReceived got = next(MlsNodeEvent.MessageReceived.class);
    assertThat(got.messageId().bytes()).isEqualTo(id);
    assertThat(got.payload()).isEqualTo(text("late"));

    // The peer's better Commit on epoch 1: the restarted member rolls back to epoch 1 and follows.
    LocalCommit better = peerAdapter.commit(peer, CommitOptions.defaults());
    GroupState winner = merged(peerAdapter, peer, better.wire());
    restarted.tell(delivered(GroupWire.COMMIT, better.wire()));
    assertThat(next(MlsNodeEvent.ForkResolved.class).epoch()).isEqualTo(2);
    GroupStatus after = status(restarted);
    assertThat(after.epoch()).isEqualTo(2);
    assertThat(after.epochAuthenticator()).isEqualTo(winner.epochAuthenticator());
    assertThat(events).noneMatch(e -> e instanceof MlsNodeEvent.MessageReceived);
  }

  @Test
  void afterARollbackTheApplicationHearsTheWinnersEpochThenTheRebuiltCommitEachOnce()
      throws Exception {
    ActorRef<GroupActor.Command> actor =
        KIT.spawn(GroupActor.create(deps(60_000), selfState, creator, Optional.empty()));
    // Created: the members and the epoch the actor starts in.
    assertThat(next(MlsNodeEvent.EpochChanged.class).epoch()).isEqualTo(1);
    NodeKeys x = keys();
    NodeKeys y = keys();
    actor.tell(
        new GroupActor.Invite(
            x.mlsIdentity(),
            keyPackage(x).keyPackage().encoded(),
            new CompletableFuture<>(),
            new GroupActor.Progress("test")));
    published(GroupWire.COMMIT);
    MlsNodeEvent.EpochChanged own = next(MlsNodeEvent.EpochChanged.class);
    assertThat(own.epoch()).isEqualTo(2);

    // The peer, who ranks better in epoch 1, added y on epoch 1 at the same time: it wins.
    LocalCommit better =
        peerAdapter.commit(
            peer,
            CommitOptions.defaults()
                .withProposals(List.<Proposal>of(new Add(keyPackage(y).keyPackage()))));
    GroupState winner = merged(peerAdapter, peer, better.wire());
    events.clear();
    actor.tell(delivered(GroupWire.COMMIT, better.wire()));
    published(GroupWire.COMMIT); // x's Add, rebuilt on the winner's epoch
    GroupStatus after = status(actor);
    assertThat(after.epoch()).isEqualTo(3);
    List<MlsNodeEvent> told = new ArrayList<>(events);
    GroupId group = GroupId.of(selfState.groupId());
    assertThat(told)
        .containsExactly(
            new MlsNodeEvent.ForkResolved(group, 2, winner.epochAuthenticator(), 1),
            new MlsNodeEvent.MemberJoined(group, MemberId.of(y.mlsIdentity())),
            new MlsNodeEvent.MemberLeft(group, MemberId.of(x.mlsIdentity())),
            new MlsNodeEvent.EpochChanged(group, 2, winner.epochAuthenticator()),
            new MlsNodeEvent.MemberJoined(group, MemberId.of(x.mlsIdentity())),
            new MlsNodeEvent.EpochChanged(group, 3, after.epochAuthenticator()));
    assertThat(winner.epochAuthenticator()).isNotEqualTo(own.epochAuthenticator());
  }

  @Test
  void theSettleWindowFollowsTheMeasuredDeliveryDelayWithinItsBounds() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GroupDeps deps =
        new GroupDeps(
            gossip.ref(),
            directory.ref(),
            storage,
            self,
            env,
            ForkChoiceConfig.builder().measuredSettleWindow(30_000, 2, 200, 4_000).build(),
            Duration.ofMinutes(1),
            events::add,
            System::currentTimeMillis,
            NodeMetrics.of(registry, "self"),
            GroupCommitter.inline());
    ActorRef<GroupActor.Command> actor =
        KIT.spawn(GroupActor.create(deps, selfState, creator, Optional.empty()));
    assertThat(settleWindow(actor)).as("configured, until measured").isEqualTo(30_000);
    AtomicLong age = new AtomicLong();
    MlsGroupAdapter sender =
        new MlsGroupAdapter(SUITE, () -> System.currentTimeMillis() - age.get(), true);

    age.set(-5_000); // the sender's clock runs ahead: counted as no delay
    sendFromPeer(actor, sender, 8);
    assertThat(settleWindow(actor)).as("the lower bound").isEqualTo(200);

    age.set(600);
    sendFromPeer(actor, sender, 8);
    assertThat(settleWindow(actor)).as("twice the 99th percentile").isBetween(1_200L, 1_500L);
    long measured = settleWindow(actor);

    // Older than the configured gossip retention (one minute): replays, say after a restart.
    age.set(Duration.ofMinutes(2).toMillis());
    sendFromPeer(actor, sender, 8);
    assertThat(settleWindow(actor)).as("replays ignored").isEqualTo(measured);

    age.set(10_000);
    sendFromPeer(actor, sender, 1);
    assertThat(settleWindow(actor)).as("the upper bound").isEqualTo(4_000);

    // The same delays, as the node's meters have them: the replays are delivered, not measured.
    Timer delay = registry.get("mlsmesh.group.delivery.delay").tag("node", "self").timer();
    assertThat(delay.count()).isEqualTo(17);
    assertThat(delay.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(10_000);
    assertThat(registry.get("mlsmesh.group.deliveries").counter().count()).isEqualTo(25);
  }

  /** The peer sends {@code n} application messages, stamped by {@code sender}'s clock. */
  private void sendFromPeer(ActorRef<GroupActor.Command> actor, MlsGroupAdapter sender, int n)
      throws Exception {
    for (int i = 0; i < n; i++) {
      Bytes id = Bytes.wrap(RANDOM.randomBytes(16));
      Bytes wire = sender.encrypt(peer, new AppContent(AppMessageId.of(id), text("m" + i)));
      actor.tell(delivered(GroupWire.APPLICATION, wire));
      assertThat(next(MlsNodeEvent.MessageReceived.class).messageId().bytes()).isEqualTo(id);
    }
  }

  private static long settleWindow(ActorRef<GroupActor.Command> actor) throws Exception {
    CompletableFuture<Long> result = new CompletableFuture<>();
    actor.tell(new GroupActor.GetSettleWindow(result));
    return result.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aLateMessageOfAnEpochThatSettledMeanwhileIsDelivered() throws Exception {
    GroupDeps deps = deps(200);
    ActorRef<GroupActor.Command> actor =
        KIT.spawn(GroupActor.create(deps, selfState, creator, Optional.empty()));
    actor.tell(new GroupActor.Update(new CompletableFuture<>()));
    published(GroupWire.COMMIT);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (status(actor).finalEpoch() != 2) {
      assertThat(System.nanoTime()).as("epoch 2 never final").isLessThan(deadline);
      Thread.sleep(50);
    }
    // Epoch 1's snapshot is erased; the message is opened with the past-epoch keys of the head
    // (RFC 9420 §14). It used to wait forever for an epoch that would never come back.
    Bytes id = Bytes.wrap(RANDOM.randomBytes(16));
    Bytes late = peerAdapter.encrypt(peer, new AppContent(AppMessageId.of(id), text("late")));
    actor.tell(delivered(GroupWire.APPLICATION, late));
    assertThat(next(MlsNodeEvent.MessageReceived.class).messageId().bytes()).isEqualTo(id);
  }

  @Test
  void aWelcomeIsResentUntilTheInviteeAcknowledgesItAcrossARestartOfTheInviter() throws Exception {
    GroupDeps deps = deps(200);
    ActorRef<GroupActor.Command> actor =
        KIT.spawn(GroupActor.create(deps, selfState, creator, Optional.empty()));
    NodeKeys invitee = keys();
    CompletableFuture<MembershipChange> invited = new CompletableFuture<>();
    GroupActor.Progress progress = new GroupActor.Progress("the Commit of its Add to be final");
    actor.tell(
        new GroupActor.Invite(
            invitee.mlsIdentity(), keyPackage(invitee).keyPackage().encoded(), invited, progress));
    // The two other members send no beacons here, so none confirms the Commit: its Welcome goes
    // when the confirmation limit passes (GroupEngine.MIN_CONFIRM_LIMIT_MILLIS), not before.
    assertThatThrownBy(() -> invited.get(5, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
    Bytes welcome =
        welcomeTo(
            invitee.peerId(), Duration.ofMillis(GroupEngine.MIN_CONFIRM_LIMIT_MILLIS + 10_000));
    // The Commit is final and its Welcome sent; the invite waits for the invitee to join.
    status(actor); // the effects of the input that sent the Welcome are all carried out
    assertThat(progress.toString()).isEqualTo("the invitee to acknowledge its Welcome");
    assertThat(invited).isNotDone();
    assertThat(welcomeTo(invitee.peerId())).as("re-sent, not acknowledged").isEqualTo(welcome);

    KIT.stop(actor);
    ActorRef<GroupActor.Command> restarted =
        KIT.spawn(
            GroupActor.restore(deps, GroupStore.load(storage, selfState.groupId()).orElseThrow()));
    assertThat(welcomeTo(invitee.peerId())).as("re-sent after a restart").isEqualTo(welcome);

    restarted.tell(
        new GroupActor.FromPeer(invitee.peerId(), GroupWire.welcomeAck(selfState.groupId())));
    status(restarted); // the acknowledgement was processed
    expectNoDirect(Duration.ofSeconds(3)); // retries would come every second
  }

  @Test
  void aWelcomeIsAcknowledgedToAnInviterThatIsAMemberOnly() throws Exception {
    ActorRef<GroupActor.Command> actor =
        KIT.spawn(GroupActor.create(deps(60_000), selfState, creator, Optional.empty()));
    actor.tell(new GroupActor.WelcomeRepeated(keys().peerId()));
    status(actor);
    expectNoDirect(Duration.ofMillis(300));

    actor.tell(new GroupActor.WelcomeRepeated(peerKeys.peerId()));
    GossipActor.SendDirect ack = direct();
    assertThat(ack.to()).isEqualTo(peerKeys.peerId());
    assertThat(Bytes.wrap(ack.payload().toByteArray()))
        .isEqualTo(GroupWire.welcomeAck(selfState.groupId()));
  }

  @Test
  void aRemovedMemberErasesTheGroupsStateAndSnapshots() throws Exception {
    ActorRef<GroupActor.Command> actor =
        KIT.spawn(GroupActor.create(deps(60_000), selfState, creator, Optional.empty()));
    status(actor);
    assertThat(storage.forkSnapshots().list(selfState.groupId())).isNotEmpty();
    LocalCommit removal =
        peerAdapter.commit(
            peer,
            CommitOptions.defaults()
                .withProposals(
                    List.<Proposal>of(
                        new org.mlsmesh.protocol.message.Remove(selfState.ownLeaf()))));
    actor.tell(delivered(GroupWire.COMMIT, removal.wire()));
    assertThat(next(MlsNodeEvent.MemberLeft.class).member())
        .isEqualTo(MemberId.of(self.mlsIdentity()));
    assertThat(storage.groupStates().get(selfState.groupId())).isEmpty();
    assertThat(storage.forkSnapshots().list(selfState.groupId())).isEmpty();
  }

  @Test
  void aMemberThatMissedACommitPullsItByHashWhenABeaconShowsItAndAnswersPulls() throws Exception {
    ActorRef<GroupActor.Command> actor =
        KIT.spawn(GroupActor.create(deps(60_000), selfState, creator, Optional.empty()));
    // The peer commits on epoch 1; the Commit never reaches the actor by gossip.
    ForkChoiceConfig config = ForkChoiceConfig.builder().settleWindowMillis(60_000).build();
    ForkChoice<GroupState> peerFc = ForkChoice.create(peerAdapter, config, peer, creator);
    LocalCommit commit = peerAdapter.commit(peer, CommitOptions.defaults());
    peerFc =
        peerFc
            .onInput(
                new Input.LocalCommitCreated(
                    commit.commit(),
                    commit.parent(),
                    commit.wire(),
                    Intent.of(Bytes.of(new byte[] {1})),
                    Optional.empty(),
                    0),
                System.currentTimeMillis())
            .next();
    ConsensusMessage.SignedBeacon beacon =
        Beacons.sign(peerFc.head(), peerFc.beacon(), peerKeys.mlsSignatureKey());

    actor.tell(delivered(GroupWire.BEACON, beacon.encode()));
    GossipActor.SendDirect pull = direct();
    assertThat(pull.to()).isEqualTo(peerKeys.peerId());
    assertThat(Bytes.wrap(pull.payload().toByteArray()))
        .isEqualTo(
            GroupWire.consensus(
                new ConsensusMessage.CommitPull(
                    selfState.groupId(), peer.ownLeaf(), List.of(commit.commit()))));

    actor.tell(
        new GroupActor.FromPeer(
            peerKeys.peerId(), GroupWire.pulledCommit(selfState.groupId(), commit.wire())));
    GroupStatus status = status(actor);
    assertThat(status.epoch()).isEqualTo(2);
    assertThat(status.epochAuthenticator()).isEqualTo(peerFc.head().epochAuthenticator());

    // And it answers pulls: the Commit by hash, its records as a signed beacon.
    PeerId asker = keys().peerId();
    actor.tell(
        new GroupActor.FromPeer(
            asker,
            GroupWire.consensus(
                new ConsensusMessage.CommitPull(
                    selfState.groupId(), selfState.ownLeaf(), List.of(commit.commit())))));
    GossipActor.SendDirect answer = direct();
    assertThat(answer.to()).isEqualTo(asker);
    assertThat(Bytes.wrap(answer.payload().toByteArray()))
        .isEqualTo(GroupWire.pulledCommit(selfState.groupId(), commit.wire()));
    actor.tell(
        new GroupActor.FromPeer(
            asker,
            GroupWire.consensus(
                new ConsensusMessage.RecordsPull(selfState.groupId(), selfState.ownLeaf(), 0))));
    Bytes records = body(direct().payload());
    ConsensusMessage decoded = Beacons.decode(records.slice(1, records.length()));
    assertThat(decoded).isInstanceOf(ConsensusMessage.SignedBeacon.class);
    assertThat(((ConsensusMessage.SignedBeacon) decoded).beacon().epochNumber()).isEqualTo(2);
  }

  // --- Helpers ---

  private GroupDeps deps(long settleMillis) {
    return new GroupDeps(
        gossip.ref(),
        directory.ref(),
        storage,
        self,
        env,
        ForkChoiceConfig.builder().settleWindowMillis(settleMillis).build(),
        Duration.ofMinutes(10),
        events::add,
        System::currentTimeMillis,
        NodeMetrics.none(),
        GroupCommitter.inline());
  }

  private Bytes published(byte tag) {
    while (true) {
      GossipActor.Command m = gossip.receiveMessage(WAIT);
      if (m instanceof GossipActor.Publish p && p.payload().byteAt(0) == tag) {
        return Bytes.wrap(p.payload().substring(1).toByteArray());
      }
    }
  }

  private static Bytes body(ByteString directPayload) {
    return Bytes.wrap(directPayload.substring(1).toByteArray());
  }

  /** The next direct message the actor sends, skipping its publications. */
  private GossipActor.SendDirect direct() {
    while (true) {
      if (gossip.receiveMessage(WAIT) instanceof GossipActor.SendDirect d) {
        return d;
      }
    }
  }

  private void expectNoDirect(Duration window) {
    long deadline = System.nanoTime() + window.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      GossipActor.Command m;
      try {
        m = gossip.receiveMessage(Duration.ofNanos(left));
      } catch (AssertionError timeout) {
        return;
      }
      assertThat(m).as("a direct message").isNotInstanceOf(GossipActor.SendDirect.class);
    }
  }

  private Bytes welcomeTo(PeerId invitee) {
    return welcomeTo(invitee, WAIT);
  }

  private Bytes welcomeTo(PeerId invitee, Duration wait) {
    while (true) {
      GossipActor.Command m = gossip.receiveMessage(wait);
      // Skips the other direct messages: the inviter asks the members for their confirmations.
      if (m instanceof GossipActor.SendDirect d
          && d.payload().byteAt(0) == GroupWire.WELCOME_CHANNEL) {
        assertThat(d.to()).isEqualTo(invitee);
        try {
          return ((GroupFrame.Welcome)
                  GroupWire.parseDirect(Bytes.EMPTY, Bytes.wrap(d.payload().toByteArray())))
              .wire();
        } catch (GroupTopicException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  private GroupActor.FromTopic delivered(byte tag, Bytes wire) {
    ByteString frame = ByteString.copyFrom(GroupWire.frame(tag, wire).toByteArray());
    return new GroupActor.FromTopic(
        new GossipActor.Delivered(
            GroupWire.topic(selfState.groupId()),
            MessageId.ofPayload(frame),
            frame,
            PeerId.fromBytes(new byte[PeerId.LENGTH])));
  }

  private static GroupStatus status(ActorRef<GroupActor.Command> actor) throws Exception {
    CompletableFuture<GroupStatus> result = new CompletableFuture<>();
    actor.tell(new GroupActor.GetStatus(result));
    return result.get(10, TimeUnit.SECONDS);
  }

  private <T extends MlsNodeEvent> T next(Class<T> type) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      MlsNodeEvent e = events.poll(100, TimeUnit.MILLISECONDS);
      if (type.isInstance(e)) {
        return type.cast(e);
      }
    }
    throw new AssertionError("no " + type.getSimpleName());
  }

  private static StoredGroupState stored(GroupState state) {
    SavedGroupState saved = state.save();
    Secret secret = Secret.wrap(saved.exposeBytes());
    try {
      return new StoredGroupState(
          state.groupId(), state.currentEpoch(), secret, System.currentTimeMillis());
    } finally {
      saved.destroy();
      secret.destroy();
    }
  }

  private static GroupState merged(MlsGroupAdapter adapter, GroupState parent, Bytes wire) {
    Staging<GroupState> staging = adapter.stage(parent, wire);
    assertThat(staging).isInstanceOf(Staging.Valid.class);
    return ((Staging.Valid<GroupState>) staging).candidate().merge();
  }

  private static KeyPackageBundle keyPackage(NodeKeys n) {
    return KeyPackageBuilder.create(SUITE, n.mlsSignatureKey(), n.credential())
        .validFor(System.currentTimeMillis() - 3_600_000, Duration.ofDays(30))
        .build(RANDOM);
  }

  private static NodeKeys keys() {
    return NodeKeys.generate(SUITE, RANDOM);
  }

  private static Bytes text(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  static GroupEnvironment environment() {
    CredentialValidator credentials = BasicCredentialValidator.insecureAcceptingAnyIdentity();
    return new GroupEnvironment(
        GroupConfig.DEFAULT.withPastEpochs(2),
        credentials,
        new KeyPackageValidator(credentials, LifetimePolicy.DEFAULT),
        PskStore.none(),
        new SecureEntropySource());
  }
}
