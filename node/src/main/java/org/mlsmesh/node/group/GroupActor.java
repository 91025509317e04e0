package org.mlsmesh.node.group;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.ForkChoice;
import org.mlsmesh.consensus.Input;
import org.mlsmesh.consensus.Intent;
import org.mlsmesh.consensus.Step;
import org.mlsmesh.consensus.TimerKey;
import org.mlsmesh.consensus.mls.AppContent;
import org.mlsmesh.consensus.mls.Beacons;
import org.mlsmesh.consensus.mls.ConsensusMessage;
import org.mlsmesh.consensus.mls.LocalCommit;
import org.mlsmesh.consensus.mls.MeshCode;
import org.mlsmesh.consensus.mls.MeshException;
import org.mlsmesh.consensus.mls.MeshHeader;
import org.mlsmesh.consensus.mls.MlsGroupAdapter;
import org.mlsmesh.consensus.mls.ReceivedApplication;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.gossip.GossipActor;
import org.mlsmesh.node.storage.OutboxEntry;
import org.mlsmesh.node.storage.OutboxKind;
import org.mlsmesh.node.storage.OutboxStatus;
import org.mlsmesh.node.storage.StorageOperations;
import org.mlsmesh.node.storage.StoredForkSnapshot;
import org.mlsmesh.node.storage.StoredGroupState;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.ExternalCommit;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Member;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.group.SavedGroupState;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * One group of the node: owns its {@link GroupState}s inside a {@link ForkChoice} over {@link
 * MlsGroupAdapter}, and does nothing but feed inputs to them (the application's commands, gossip
 * deliveries on the group's topic, timers) and carry out their effects (publish on the topic, the
 * Welcome to the invitee, timers, events to the application).
 *
 * <p>Durability: all storage writes of one input — the new head state, fork snapshots put or
 * erased, outbox changes, delivered ids — are one transaction, committed before anything depending
 * on them is published or told to the application. So merging a Commit and erasing the old epoch's
 * secrets happen together (RFC 9420 §14, RFC 9750 §5.2.2), and a message is in the outbox, with the
 * state that encrypted it, before gossip sees it.
 *
 * <p>Invalid peer input is dropped, counted and logged; it never stops the actor.
 */
public final class GroupActor extends AbstractBehavior<GroupActor.Command> {
  /** Application messages of unknown epochs kept until a Commit brings their epoch. */
  private static final int MAX_EARLY_MESSAGES = 4_096;

  /** How long after a queued proposal to try committing it, at the least. */
  private static final long MIN_PROPOSAL_COMMIT_DELAY_MILLIS = 50;

  /** How often released Welcomes are checked for a retry. */
  private static final Duration WELCOME_RETRY_TICK = Duration.ofMillis(500);

  /** The first retry of an unacknowledged Welcome; each next one waits twice as long. */
  private static final Duration WELCOME_RETRY_FIRST = Duration.ofSeconds(1);

  private static final Duration WELCOME_RETRY_MAX = Duration.ofSeconds(10);

  /**
   * How often a member publishes its signed beacon (RFC 9750 §5.2.2 leaves fork detection to the
   * application). An unchanged beacon is the same bytes, which gossip drops as a duplicate: in
   * effect a member announces each new head, and anti-entropy carries the last one to newcomers.
   */
  private static final Duration BEACON_INTERVAL = Duration.ofSeconds(5);

  /** Commits kept to answer pulls by hash: the newest ones this member saw. */
  private static final int COMMIT_STORE_CAPACITY = 256;

  /** How often a rejoin by external Commit checks on its progress. */
  private static final Duration REJOIN_TICK = Duration.ofMillis(250);

  /** An invitee that has not joined after this long is given up. */
  private static final Duration WELCOME_MAX_AGE = Duration.ofDays(1);

  /** What a group actor is told. */
  public sealed interface Command {}

  /** Encrypts and sends {@code payload}; completes with its message id once gossip has it. */
  public record Send(Bytes payload, CompletableFuture<Bytes> result) implements Command {
    public Send {
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * Commits an Add of {@code keyPackage} (fetched from the directory) for {@code invitee};
   * completes when the Commit is final and its Welcome sent to the invitee.
   */
  public record Invite(Bytes invitee, Bytes keyPackage, CompletableFuture<Void> result)
      implements Command {
    public Invite {
      Objects.requireNonNull(invitee, "invitee");
      Objects.requireNonNull(keyPackage, "keyPackage");
      Objects.requireNonNull(result, "result");
    }
  }

  /** Commits the removal of the member {@code identity}; completes when it is final. */
  public record RemoveMember(Bytes identity, CompletableFuture<Void> result) implements Command {
    public RemoveMember {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * Proposes this member's own removal (RFC 9420 §12.1.3: a member cannot commit its own removal);
   * completes when another member's Commit removed it.
   */
  public record Leave(CompletableFuture<Void> result) implements Command {
    public Leave {
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * Commits an update of this member's own leaf and path (an empty Commit with a path, RFC 9420
   * §12.4); completes when it is final.
   */
  public record Update(CompletableFuture<Void> result) implements Command {
    public Update {
      Objects.requireNonNull(result, "result");
    }
  }

  /** The invitee {@code peer} joined from a Welcome of this group: stop re-sending it. */
  record WelcomeAcknowledged(PeerId peer) implements Command {}

  /**
   * {@code inviter} sent this node a Welcome of this group (or one this node can no longer use,
   * having joined already): tell it this node is a member, if the inviter is one too.
   */
  record AcknowledgeWelcome(PeerId inviter) implements Command {}

  /**
   * A direct message of the fork choice from the peer {@code source}: a pull to answer, a beacon
   * answering our records pull, or a Commit answering our pull (see {@link
   * GroupWire#CONSENSUS_CHANNEL}; {@code body} starts after the channel byte).
   */
  record FromPeer(PeerId source, Bytes body) implements Command {}

  /** Asks for the settle window in force (measured from delivery delays, by default). */
  record GetSettleWindow(CompletableFuture<Long> result) implements Command {}

  /** Asks for the group's {@link GroupStatus}. */
  public record GetStatus(CompletableFuture<GroupStatus> result) implements Command {
    public GetStatus {
      Objects.requireNonNull(result, "result");
    }
  }

  record FromTopic(GossipActor.Delivered delivered) implements Command {}

  private record TimerFired(TimerKey key) implements Command {}

  private enum CommitPending implements Command {
    INSTANCE
  }

  private enum RetryWelcomes implements Command {
    INSTANCE
  }

  private enum BeaconTick implements Command {
    INSTANCE
  }

  private enum RejoinTick implements Command {
    INSTANCE
  }

  /**
   * A rejoin by external Commit in progress (RFC 9420 §12.4.3.2), after our branch lost a partition
   * longer than the settle window: first the contact's GroupInfo, then our Commit on it until a
   * beacon of the surviving branch shows it (final) or a sibling of it (lost: try again).
   */
  private static final class Rejoin {
    LeafIndex contact;
    long requestedAt;
    ExternalCommit pending;
    CommitId commit;
    EpochId parent;
    long parentNumber;
    long createdAt;
    long pulledAt;
  }

  /** What the local member is waiting for on one intent. */
  private static final class Waiting {
    final List<CompletableFuture<Void>> results = new ArrayList<>();
    Optional<PeerId> invitee = Optional.empty();
  }

  private final GroupDeps deps;
  private final TimerScheduler<Command> timers;
  private final Bytes groupId;
  private final String topic;
  private final MlsGroupAdapter adapter;
  private ForkChoice<GroupState> forkChoice;
  private final Deque<Bytes> early = new ArrayDeque<>();
  private final Map<Intent, Waiting> waiting = new LinkedHashMap<>();
  private final Map<CommitId, Intent> ownCommits = new LinkedHashMap<>();
  private final Map<AppMessageId, Bytes> senders = new LinkedHashMap<>();
  private final Map<AppMessageId, Long> sentInEpoch = new LinkedHashMap<>();
  private final LinkedHashMap<CommitId, Bytes> commitStore = new LinkedHashMap<>();
  private final List<CompletableFuture<Void>> leaving = new ArrayList<>();
  private final Map<Bytes, Beacon> lastBeacons = new LinkedHashMap<>();
  private Rejoin rejoin;
  private List<Bytes> members;
  private long delivered;
  private long dropped;
  private boolean removed;
  private boolean welcomesOutstanding;

  private GroupActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      GroupDeps deps,
      GroupState root,
      Optional<LeafIndex> creator,
      boolean restart) {
    super(context);
    this.deps = deps;
    this.timers = timers;
    this.groupId = root.groupId();
    this.topic = GroupWire.topic(groupId);
    this.adapter = new MlsGroupAdapter(root.suite(), deps.clock, true);
    GroupRestore.Result restored;
    if (restart) {
      restored = GroupRestore.restore(deps, adapter, root);
    } else {
      restored =
          new GroupRestore.Result(
              new Step<>(ForkChoice.create(adapter, deps.forkChoice, root, creator), List.of()),
              Set.of(),
              Optional.empty());
    }
    this.forkChoice = restored.step().next();
    this.members = List.of();
    if (restart) {
      this.members = identities(forkChoice.head());
    } else {
      // Created or joined by Welcome: the application learns the group from here, before any
      // event of a later epoch (this actor's own).
      GroupState head = forkChoice.head();
      tellMembers(identities(head));
      deps.listener.onEvent(
          new MlsNodeEvent.EpochChanged(groupId, head.currentEpoch(), head.epochAuthenticator()));
    }
    persistRootSnapshot(creator);
    deps.gossip.tell(
        new GossipActor.Subscribe(
            topic, context.messageAdapter(GossipActor.Delivered.class, FromTopic::new)));
    resendOutbox(restored);
    restored.step().effects().forEach(this::act);
    publishBeacon();
    timers.startTimerWithFixedDelay(BeaconTick.INSTANCE, BeaconTick.INSTANCE, BEACON_INTERVAL);
  }

  /**
   * The actor of a group whose state {@code root} was just stored: created, or joined by Welcome.
   * {@code creator} made the epoch of {@code root}, if known.
   */
  public static Behavior<Command> create(
      GroupDeps deps, GroupState root, Optional<LeafIndex> creator) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new GroupActor(context, timers, deps, root, creator, false)));
  }

  /**
   * The actor of a group loaded at start: {@code head} is its stored head state; the unsettled
   * epochs before it come back from the fork snapshots (see {@link GroupRestore}).
   */
  public static Behavior<Command> restore(GroupDeps deps, GroupState head) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new GroupActor(context, timers, deps, head, Optional.empty(), true)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FromTopic.class, m -> guarded(() -> onTopic(m.delivered())))
        .onMessage(Send.class, m -> guarded(() -> onSend(m)))
        .onMessage(Invite.class, m -> guarded(() -> onInvite(m)))
        .onMessage(RemoveMember.class, m -> guarded(() -> onRemove(m)))
        .onMessage(Leave.class, m -> guarded(() -> onLeave(m)))
        .onMessage(Update.class, m -> guarded(() -> onUpdate(m)))
        .onMessage(WelcomeAcknowledged.class, m -> guarded(() -> acknowledgeWelcomes(m.peer())))
        .onMessage(RetryWelcomes.class, m -> guarded(this::retryWelcomes))
        .onMessage(AcknowledgeWelcome.class, m -> guarded(() -> sendWelcomeAck(m.inviter())))
        .onMessage(FromPeer.class, m -> guarded(() -> onFromPeer(m)))
        .onMessage(BeaconTick.class, m -> guarded(this::publishBeacon))
        .onMessage(RejoinTick.class, m -> guarded(this::onRejoinTick))
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(
            GetSettleWindow.class,
            m -> {
              m.result().complete(forkChoice.settleWindowMillis());
              return this;
            })
        .onMessage(TimerFired.class, m -> guarded(() -> step(new Input.TimerFired(m.key()))))
        .onMessage(CommitPending.class, m -> guarded(this::onCommitPending))
        .build();
  }

  /** Runs {@code work}; a failure is logged and counted, never a crash of the actor. */
  private Behavior<Command> guarded(Work work) {
    if (removed) {
      return Behaviors.stopped();
    }
    try {
      work.run();
    } catch (DecodeException | ValidationException | MeshException e) {
      // Peer input: after a restart, replays of messages already processed land here too.
      dropped++;
      getContext().getLog().debug("group {}: dropped: {}", groupId.toHex(), e.toString());
    } catch (RuntimeException e) {
      dropped++;
      getContext().getLog().warn("group {}: dropped: {}", groupId.toHex(), e.toString());
    }
    return removed ? Behaviors.stopped() : this;
  }

  @FunctionalInterface
  private interface Work {
    void run() throws DecodeException, ValidationException, MeshException;
  }

  // --- Peer input ---

  private void onTopic(GossipActor.Delivered d)
      throws DecodeException, MeshException, ValidationException {
    ByteString payload = d.payload();
    if (payload.isEmpty()) {
      throw new IllegalArgumentException("empty group message from " + d.from());
    }
    byte tag = payload.byteAt(0);
    Bytes wire = Bytes.wrap(payload.substring(1).toByteArray());
    switch (tag) {
      case GroupWire.COMMIT -> onCommit(wire, true);
      case GroupWire.APPLICATION -> onApplication(wire, true);
      case GroupWire.PROPOSAL -> onProposal(wire);
      case GroupWire.BEACON -> {
        if (!(Beacons.decode(wire) instanceof ConsensusMessage.SignedBeacon signed)) {
          throw new MeshException(MeshCode.CONSENSUS_MESSAGE_MALFORMED, "not a beacon");
        }
        onBeacon(signed);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown group message tag " + tag + " from " + d.from());
    }
  }

  /** A Commit from the topic ({@code live}) or answering a pull. */
  private void onCommit(Bytes wire, boolean live) throws DecodeException, MeshException {
    MeshHeader header = MlsGroupAdapter.header(wire);
    EpochId parent = header.epoch();
    CommitId id = adapter.commitId(wire);
    // Measured only when new and staged on a known parent: then its header was authenticated.
    boolean measure = live && !commitStore.containsKey(id) && forkChoice.state(parent).isPresent();
    keepCommit(id, wire);
    List<Effect> effects = step(new Input.CommitReceived(id, parent, wire));
    for (Effect e : effects) {
      if (e instanceof Effect.CommitRejected r && r.commit().equals(id)) {
        measure = false;
      }
    }
    if (measure) {
      measureDelay(header);
    }
  }

  /**
   * Feeds the delay of a message just accepted, sent at its header's send time, to the settle
   * window: clock skew making it negative counts as 0, and a replay is ignored.
   */
  private void measureDelay(MeshHeader header) {
    if (header.sentAtMillis().isEmpty() || removed) {
      return;
    }
    long delay = deps.clock.getAsLong() - header.sentAtMillis().getAsLong();
    if (delay > deps.gossipRetention.toMillis()) {
      return;
    }
    step(new Input.DeliveryDelayMeasured(Math.max(0, delay)));
  }

  private void keepCommit(CommitId id, Bytes wire) {
    commitStore.put(id, wire);
    while (commitStore.size() > COMMIT_STORE_CAPACITY) {
      commitStore.remove(commitStore.keySet().iterator().next());
    }
  }

  /** A beacon from a member of our head epoch: the fork choice pulls what it shows we miss. */
  private void onBeacon(ConsensusMessage.SignedBeacon signed) throws MeshException {
    Beacon beacon;
    try {
      beacon = Beacons.verify(signed, forkChoice.head());
    } catch (MeshException e) {
      if (e.code() == MeshCode.BEACON_SENDER_UNKNOWN) {
        return; // a member of an epoch we do not have yet: its Commits reach us by gossip
      }
      throw e;
    }
    if (beacon.from().equals(forkChoice.head().ownLeaf())) {
      return;
    }
    lastBeacons.put(identityOf(forkChoice.head(), beacon.from()), beacon);
    step(new Input.BeaconReceived(beacon));
    if (rejoin != null && rejoin.pending != null) {
      checkRejoin(beacon);
    }
  }

  private void onFromPeer(FromPeer m) throws DecodeException, MeshException, ValidationException {
    Bytes body = m.body();
    Bytes rest = body.slice(1, body.length());
    if (body.get(0) == GroupWire.PULLED_COMMIT) {
      TlsReader r = TlsReader.of(rest);
      r.vlBytes(); // the group id, which routed the message here
      Bytes wire = r.vlBytes();
      r.finish();
      onCommit(wire, false);
      return;
    }
    if (body.get(0) == GroupWire.GROUP_INFO_REQUEST) {
      answerGroupInfo(m.source());
      return;
    }
    if (body.get(0) == GroupWire.GROUP_INFO) {
      onGroupInfo(m.source(), rest);
      return;
    }
    ConsensusMessage message = Beacons.decode(rest);
    if (message instanceof ConsensusMessage.SignedBeacon signed) {
      onBeacon(signed);
    } else if (message instanceof ConsensusMessage.CommitPull pull) {
      for (CommitId id : pull.commits()) {
        Bytes wire = commitStore.get(id);
        if (wire != null) {
          deps.gossip.tell(
              new GossipActor.SendDirect(m.source(), GroupWire.pulledCommit(groupId, wire)));
        }
      }
    } else if (message instanceof ConsensusMessage.RecordsPull pull) {
      ConsensusMessage.SignedBeacon answer =
          Beacons.sign(
              forkChoice.head(),
              forkChoice.recordsSince(pull.sinceEpoch()),
              deps.keys.mlsSignatureKey());
      deps.gossip.tell(
          new GossipActor.SendDirect(m.source(), GroupWire.consensus(answer.encode())));
    }
  }

  private void publishBeacon() {
    if (forkChoice.rejoinPending()) {
      return;
    }
    ConsensusMessage.SignedBeacon signed =
        Beacons.sign(forkChoice.head(), forkChoice.beacon(), deps.keys.mlsSignatureKey());
    publish(GroupWire.BEACON, signed.encode(), null);
  }

  /** Asks the member at {@code leaf} of our head for {@code message}, directly. */
  private void pullFrom(LeafIndex leaf, ConsensusMessage message) {
    Bytes identity = identityOf(forkChoice.head(), leaf);
    if (identity.length() == PeerId.LENGTH) {
      deps.gossip.tell(
          new GossipActor.SendDirect(
              PeerId.fromBytes(identity.toByteArray()), GroupWire.consensus(message.encode())));
    }
  }

  /** Opens an application message in the epoch its header names, or keeps it until that exists. */
  private void onApplication(Bytes wire, boolean keepIfEarly)
      throws DecodeException, MeshException, ValidationException {
    MeshHeader header = MlsGroupAdapter.header(wire);
    EpochId epoch = header.epoch();
    Optional<GroupState> state = forkChoice.state(epoch);
    if (state.isEmpty() && isPast(epoch, wire)) {
      // A late message of an epoch already final and erased (settled while the message was on its
      // way, or before a restart): the head keeps the past epochs' keys (RFC 9420 §14). One of
      // another branch does not decrypt and is dropped.
      ReceivedApplication late = adapter.openAs(forkChoice.head(), epoch, wire);
      deliverReceived(late, forkChoice.head());
      return;
    }
    if (state.isEmpty()) {
      if (keepIfEarly) {
        early.addLast(wire);
        while (early.size() > MAX_EARLY_MESSAGES) {
          early.removeFirst();
          dropped++;
        }
      }
      return;
    }
    boolean accepted = deliverReceived(adapter.open(state.get(), wire), state.get());
    if (accepted && keepIfEarly) {
      measureDelay(header); // a live arrival, not one kept for its epoch
    }
  }

  /** True when {@code epoch} is final, or numbered before the head (known before a restart). */
  private boolean isPast(EpochId epoch, Bytes wire) throws DecodeException {
    if (forkChoice.isFinal(epoch)) {
      return true;
    }
    MlsMessage message = TlsReader.decodeAll(wire, MlsMessage::decode);
    return message
        .privateMessage()
        .map(m -> m.epoch() < forkChoice.headEpochNumber())
        .orElse(false);
  }

  /** Hands an opened message to the fork choice; false if it was delivered before. */
  private boolean deliverReceived(ReceivedApplication app, GroupState state) {
    AppMessageId id = app.content().id();
    if (deps.storage.inbox().isDelivered(groupId, id.value())) {
      return false;
    }
    Bytes sender = identityOf(state, app.sender());
    senders.put(id, sender);
    if (sender.length() == PeerId.LENGTH && welcomesOutstanding) {
      // The invitee speaks in the group: it has its Welcome.
      acknowledgeWelcomes(PeerId.fromBytes(sender.toByteArray()));
    }
    step(new Input.ApplicationReceived(id, app.content().payload()));
    return true;
  }

  private void retryEarly() {
    int n = early.size();
    for (int i = 0; i < n; i++) {
      Bytes wire = early.removeFirst();
      try {
        EpochId epoch = MlsGroupAdapter.header(wire).epoch();
        if (forkChoice.state(epoch).isEmpty()) {
          early.addLast(wire);
        } else {
          onApplication(wire, false);
        }
      } catch (DecodeException | MeshException | ValidationException | RuntimeException e) {
        dropped++;
        getContext().getLog().debug("group {}: dropped early message: {}", groupId.toHex(), e);
      }
    }
  }

  private void onProposal(Bytes wire) throws DecodeException, ValidationException, MeshException {
    MlsMessage message = TlsReader.decodeAll(wire, MlsMessage::decode);
    if (!MlsGroupAdapter.header(wire).epoch().equals(forkChoice.headEpoch())) {
      throw new MeshException(
          MeshCode.PARENT_EPOCH_MISMATCH, "proposal for another epoch than the head");
    }
    Processed processed = forkChoice.head().process(message, deps.clock.getAsLong());
    if (!(processed instanceof Processed.ProposalQueued)) {
      throw new IllegalArgumentException("expected a proposal, got " + processed);
    }
    persistHead();
    long delay =
        Math.max(MIN_PROPOSAL_COMMIT_DELAY_MILLIS, forkChoice.commitAdvice().delayMillis());
    timers.startSingleTimer(
        CommitPending.INSTANCE, CommitPending.INSTANCE, Duration.ofMillis(delay));
  }

  private void onCommitPending() throws DecodeException, ValidationException {
    if (forkChoice.head().hasPendingProposals()) {
      commit(new GroupIntent(GroupIntent.Kind.COMMIT_PENDING, Bytes.EMPTY), 0);
    }
  }

  // --- Rejoining after a partition longer than the settle window ---

  private void startRejoin(LeafIndex contact) {
    if (rejoin != null) {
      return;
    }
    rejoin = new Rejoin();
    rejoin.contact = contact;
    requestGroupInfo();
    timers.startTimerWithFixedDelay(RejoinTick.INSTANCE, RejoinTick.INSTANCE, REJOIN_TICK);
  }

  /**
   * Asks the contact, a member of the surviving branch, for its signed beacon (so that we know the
   * epoch it is in) and then for the GroupInfo of that epoch.
   */
  private void requestGroupInfo() {
    rejoin.requestedAt = deps.clock.getAsLong();
    pullFrom(
        rejoin.contact,
        new ConsensusMessage.RecordsPull(groupId, rejoin.contact, forkChoice.headEpochNumber()));
    Bytes identity = identityOf(forkChoice.head(), rejoin.contact);
    if (identity.length() == PeerId.LENGTH) {
      deps.gossip.tell(
          new GossipActor.SendDirect(
              PeerId.fromBytes(identity.toByteArray()), GroupWire.groupInfoRequest(groupId)));
    }
  }

  /** A member asks for our head's GroupInfo, to rejoin by external Commit (RFC 9420 §12.4.3.2). */
  private void answerGroupInfo(PeerId source) {
    if (forkChoice.rejoinPending() || rejoin != null) {
      return; // our own branch lost: we are no source of the surviving one
    }
    if (!members.contains(Bytes.wrap(source.toByteArray()))) {
      return;
    }
    GroupState head = forkChoice.head();
    MlsMessage groupInfo = head.groupInfo(true, true);
    deps.gossip.tell(
        new GossipActor.SendDirect(
            source,
            GroupWire.groupInfo(groupId, forkChoice.headEpoch().value(), groupInfo.encoded())));
  }

  /** The contact's GroupInfo: once verified, our external Commit into it (RFC 9420 §12.4.3.2). */
  private void onGroupInfo(PeerId source, Bytes answer)
      throws DecodeException, ValidationException {
    if (rejoin == null || rejoin.pending != null) {
      return;
    }
    GroupState head = forkChoice.head();
    Bytes contact = Bytes.wrap(source.toByteArray());
    Optional<LeafIndex> leaf = leafOf(head, contact);
    if (leaf.isEmpty()) {
      return;
    }
    Bytes contactKey = head.tree().leaf(leaf.get()).orElseThrow().signatureKey();
    GroupInfoCheck.Verified verified;
    try {
      verified =
          GroupInfoCheck.check(
              head.suite(),
              groupId,
              answer,
              contact,
              contactKey,
              Optional.ofNullable(lastBeacons.get(contact)),
              deps.keys.mlsIdentity());
    } catch (RejoinException e) {
      dropped++;
      getContext()
          .getLog()
          .info("group {}: GroupInfo refused: {}", groupId.toHex(), e.getMessage());
      return;
    }
    long now = deps.clock.getAsLong();
    ExternalCommit external =
        ExternalCommit.create(
            deps.env,
            verified.groupInfo(),
            Optional.empty(),
            deps.keys.mlsSignatureKey(),
            deps.keys.credential(),
            verified.ownOldLeaf(),
            new MeshHeader(verified.epoch(), now).encode(),
            now);
    Bytes wire = external.commit().encoded();
    rejoin.pending = external;
    rejoin.commit = adapter.commitId(wire);
    rejoin.parent = verified.epoch();
    rejoin.parentNumber = verified.groupInfo().groupInfo().orElseThrow().groupContext().epoch();
    rejoin.createdAt = now;
    rejoin.pulledAt = now;
    keepCommit(rejoin.commit, wire);
    publish(GroupWire.COMMIT, wire, null);
  }

  /**
   * Re-asks for a GroupInfo that did not come; once our Commit had a settle window to win, asks the
   * contact for its records, whose answer (a beacon) {@link #checkRejoin decides} about it.
   */
  private void onRejoinTick() {
    if (rejoin == null) {
      timers.cancel(RejoinTick.INSTANCE);
      return;
    }
    long now = deps.clock.getAsLong();
    long settle = forkChoice.settleWindowMillis();
    if (rejoin.pending == null) {
      if (now - rejoin.requestedAt > 2 * settle + 1_000) {
        requestGroupInfo();
      }
      return;
    }
    if (now > rejoin.createdAt + 6 * settle + 5_000) {
      retryRejoin(); // never shown by the surviving branch: lost on the way, or to a sibling
    } else if (now >= rejoin.createdAt + settle + 500 && now - rejoin.pulledAt >= 500) {
      rejoin.pulledAt = now;
      pullFrom(
          rejoin.contact,
          new ConsensusMessage.RecordsPull(groupId, rejoin.contact, rejoin.parentNumber));
    }
  }

  /**
   * Our external Commit is final once a beacon sent a settle window after it lists it; it lost if
   * the beacon lists another Commit on its parent: then try again on the newest epoch.
   */
  private void checkRejoin(Beacon beacon) {
    long now = deps.clock.getAsLong();
    if (now < rejoin.createdAt + forkChoice.settleWindowMillis() + 500) {
      return;
    }
    boolean listed = false;
    boolean sibling = false;
    for (CommitRecord r : beacon.recent()) {
      listed |= r.commit().equals(rejoin.commit);
      sibling |= r.parent().equals(rejoin.parent) && !r.commit().equals(rejoin.commit);
    }
    if (listed) {
      rejoined();
    } else if (sibling) {
      retryRejoin();
    }
  }

  private void retryRejoin() {
    rejoin.pending.discard();
    rejoin.pending = null;
    requestGroupInfo();
  }

  /**
   * Our external Commit won: its epoch is our new final root. The fork choice erases the lost
   * branch, re-sends the outbox with the same message ids and hands back the lost intents.
   */
  private void rejoined() {
    GroupState joined = rejoin.pending.join();
    rejoin = null;
    timers.cancel(RejoinTick.INSTANCE);
    lastBeacons.clear();
    EpochId headBefore = forkChoice.headEpoch();
    getContext()
        .getLog()
        .info("group {}: rejoined in epoch {}", groupId.toHex(), joined.currentEpoch());
    carryOut(
        forkChoice.onRejoined(joined, Optional.of(joined.ownLeaf()), deps.clock.getAsLong()),
        headBefore);
    publishBeacon();
  }

  // --- The application's commands ---

  private void onSend(Send m) {
    try {
      GroupState head = forkChoice.head();
      AppMessageId id = AppMessageId.of(Bytes.wrap(deps.env.random().randomBytes(16)));
      Bytes wire = adapter.encrypt(head, new AppContent(id, m.payload()));
      long epoch = head.currentEpoch();
      // The sender ratchet moved: store it with the message before gossip sees the message.
      deps.storage.inTransaction(
          tx -> {
            putHead(tx);
            tx.outbox()
                .enqueue(groupId, id.value(), OutboxKind.APPLICATION, wire, deps.clock.getAsLong());
          });
      sentInEpoch.put(id, epoch);
      step(new Input.ApplicationSent(id, m.payload(), forkChoice.headEpoch()));
      publish(GroupWire.APPLICATION, wire, id.value());
      m.result().complete(id.value());
    } catch (RuntimeException e) {
      m.result().completeExceptionally(e);
      throw e;
    }
  }

  private void onInvite(Invite m) throws DecodeException, ValidationException {
    commitFor(
        new GroupIntent(GroupIntent.Kind.ADD, m.keyPackage()),
        m.result(),
        Optional.of(PeerId.fromBytes(m.invitee().toByteArray())));
  }

  private void onRemove(RemoveMember m) throws DecodeException, ValidationException {
    if (leafOf(forkChoice.head(), m.identity()).isEmpty()) {
      m.result().completeExceptionally(new IllegalArgumentException("not a member"));
      return;
    }
    commitFor(new GroupIntent(GroupIntent.Kind.REMOVE, m.identity()), m.result(), Optional.empty());
  }

  private void onUpdate(Update m) throws DecodeException, ValidationException {
    commitFor(new GroupIntent(GroupIntent.Kind.UPDATE, Bytes.EMPTY), m.result(), Optional.empty());
  }

  /** Commits {@code intent} for the application; {@code result} completes when it is final. */
  private void commitFor(
      GroupIntent intent, CompletableFuture<Void> result, Optional<PeerId> invitee)
      throws DecodeException, ValidationException {
    Waiting w = waiting.computeIfAbsent(intent.toIntent(), k -> new Waiting());
    w.results.add(result);
    if (invitee.isPresent()) {
      w.invitee = invitee;
    }
    try {
      commit(intent, 0);
    } catch (DecodeException | ValidationException | RuntimeException e) {
      waiting.remove(intent.toIntent());
      result.completeExceptionally(e);
      throw e;
    }
  }

  private void onLeave(Leave m) throws DecodeException, ValidationException {
    GroupState head = forkChoice.head();
    if (members.size() == 1) {
      leaving.add(m.result());
      removedFromGroup();
      return;
    }
    MlsMessage proposal = head.proposeRemove(head.ownLeaf());
    persistHead();
    leaving.add(m.result());
    publish(GroupWire.PROPOSAL, proposal.encoded(), null);
  }

  private Behavior<Command> onGetStatus(GetStatus m) {
    GroupState head = forkChoice.head();
    long finalNumber =
        forkChoice.state(forkChoice.finalEpoch()).map(GroupState::currentEpoch).orElse(-1L);
    m.result()
        .complete(
            new GroupStatus(
                groupId,
                head.currentEpoch(),
                finalNumber,
                head.epochAuthenticator(),
                identities(head),
                delivered,
                dropped));
    return this;
  }

  /** Builds {@code intent} as a Commit on the head and hands it to the fork choice and gossip. */
  private void commit(GroupIntent intent, int attempt) throws DecodeException, ValidationException {
    if (forkChoice.rejoinPending()) {
      // Our branch lost a partition: a Commit on it would be lost too (the rejoin hands the lost
      // intents back on the surviving branch).
      throw new IllegalStateException("rejoining the group after a partition; try again later");
    }
    GroupState head = forkChoice.head();
    CommitOptions options = CommitOptions.defaults();
    switch (intent.kind()) {
      case ADD -> {
        KeyPackage kp = TlsReader.decodeAll(intent.argument(), KeyPackage::decode);
        options = options.withProposals(List.<Proposal>of(new Add(kp)));
      }
      case REMOVE -> {
        LeafIndex leaf =
            leafOf(head, intent.argument())
                .orElseThrow(() -> new IllegalArgumentException("not a member"));
        options = options.withProposals(List.<Proposal>of(new Remove(leaf)));
      }
      case COMMIT_PENDING, UPDATE -> {}
    }
    LocalCommit local = adapter.commit(head, options);
    ownCommits.put(local.commit(), intent.toIntent());
    keepCommit(local.commit(), local.wire());
    deps.storage.inTransaction(
        tx -> {
          long now = deps.clock.getAsLong();
          tx.outbox()
              .enqueue(groupId, local.commit().value(), OutboxKind.COMMIT, local.wire(), now);
          if (local.welcome().isPresent()) {
            tx.outbox()
                .enqueue(
                    groupId,
                    welcomeKey(local.commit()),
                    OutboxKind.WELCOME,
                    welcomeEntry(intent, local),
                    now);
          }
        });
    step(
        new Input.LocalCommitCreated(
            local.commit(),
            local.parent(),
            local.wire(),
            intent.toIntent(),
            local.welcome(),
            attempt));
    publish(GroupWire.COMMIT, local.wire(), local.commit().value());
  }

  // --- The fork choice ---

  /**
   * Feeds one input and carries out the step: storage first (one transaction), then the events for
   * the application, then the rest (which may feed further inputs, e.g. a rebuilt Commit).
   */
  private List<Effect> step(Input input) {
    EpochId headBefore = forkChoice.headEpoch();
    return carryOut(forkChoice.onInput(input, deps.clock.getAsLong()), headBefore);
  }

  /** Carries out {@code step} of the fork choice, whose head was {@code headBefore}. */
  private List<Effect> carryOut(Step<GroupState> step, EpochId headBefore) {
    forkChoice = step.next();
    List<Effect> effects = step.effects();
    boolean headMoved = !forkChoice.headEpoch().equals(headBefore);
    List<Effect.Deliver> deliveries = new ArrayList<>();
    if (headMoved || !effects.isEmpty()) {
      deps.storage.inTransaction(
          tx -> {
            if (headMoved) {
              putHead(tx);
            }
            for (Effect e : effects) {
              persist(tx, e, deliveries);
            }
          });
    }
    for (Effect.Deliver d : deliveries) {
      delivered++;
      Bytes sender = senders.remove(d.id());
      deps.listener.onEvent(
          new MlsNodeEvent.MessageReceived(
              groupId, sender == null ? Bytes.EMPTY : sender, d.id().value(), d.payload()));
    }
    // Told before any effect is carried out: carrying one out may step again (a rebuilt Commit),
    // and the application must see this head before the next one.
    if (headMoved) {
      tellHead(effects);
    }
    for (Effect e : effects) {
      act(e);
    }
    if (headMoved) {
      retryEarly();
    }
    return effects;
  }

  /**
   * Tells the application the head moved: each fork resolved on the way (with the version of the
   * epoch that won), the membership changes since what it was told last, then the head's epoch.
   */
  private void tellHead(List<Effect> effects) {
    for (int i = 0; i < effects.size(); i++) {
      if (effects.get(i) instanceof Effect.RolledBack r) {
        for (int j = i + 1; j < effects.size(); j++) {
          if (effects.get(j) instanceof Effect.CommitApplied winner) {
            deps.listener.onEvent(
                new MlsNodeEvent.ForkResolved(
                    groupId,
                    winner.epochNumber(),
                    epochAuthenticator(winner.epoch()),
                    r.dropped().size()));
            break;
          }
        }
      }
    }
    GroupState head = forkChoice.head();
    tellMembers(identities(head));
    deps.listener.onEvent(
        new MlsNodeEvent.EpochChanged(groupId, head.currentEpoch(), head.epochAuthenticator()));
  }

  /** The authenticator of {@code epoch}, retained since the step that applied it just ended. */
  private Bytes epochAuthenticator(EpochId epoch) {
    return forkChoice
        .state(epoch)
        .map(GroupState::epochAuthenticator)
        .orElseThrow(() -> new IllegalStateException("epoch just applied is not retained"));
  }

  /** Tells the application who joined and left since the member list it was told last. */
  private void tellMembers(List<Bytes> now) {
    List<Bytes> told = members;
    members = now;
    for (Bytes m : now) {
      if (!told.contains(m)) {
        deps.listener.onEvent(new MlsNodeEvent.MemberJoined(groupId, m));
      }
    }
    for (Bytes m : told) {
      if (!now.contains(m)) {
        deps.listener.onEvent(new MlsNodeEvent.MemberLeft(groupId, m));
      }
    }
  }

  private void persist(StorageOperations tx, Effect e, List<Effect.Deliver> deliveries) {
    long now = deps.clock.getAsLong();
    if (e instanceof Effect.PersistSnapshot p) {
      forkChoice
          .state(p.epoch())
          .ifPresent(
              s -> {
                putSnapshot(tx, p.epoch(), s, forkChoice.record(p.epoch()), Optional.empty());
              });
    } else if (e instanceof Effect.EraseSnapshot erase) {
      tx.forkSnapshots().delete(groupId, erase.epoch().value());
    } else if (e instanceof Effect.Deliver d) {
      if (tx.inbox().markDelivered(groupId, d.id().value(), now)) {
        deliveries.add(d);
      }
    } else if (e instanceof Effect.EpochFinal f) {
      tx.outbox().remove(groupId, f.commit().value());
      for (OutboxEntry entry : tx.outbox().list(groupId)) {
        Long epoch = sentInEpoch.get(AppMessageId.of(entry.messageId()));
        if (entry.kind() == OutboxKind.APPLICATION && epoch != null && epoch <= f.epochNumber()) {
          tx.outbox().remove(groupId, entry.messageId());
          sentInEpoch.remove(AppMessageId.of(entry.messageId()));
        }
      }
    } else if (e instanceof Effect.RebuildCommit r) {
      tx.outbox().remove(groupId, r.lost().value());
      tx.outbox().remove(groupId, welcomeKey(r.lost()));
    }
  }

  private void act(Effect e) {
    if (e instanceof Effect.SetTimer t) {
      long delay = Math.max(0, t.atMillis() - deps.clock.getAsLong());
      timers.startSingleTimer(t.key(), new TimerFired(t.key()), Duration.ofMillis(delay));
    } else if (e instanceof Effect.ReleaseWelcome r) {
      releaseWelcome(r.commit());
    } else if (e instanceof Effect.EpochFinal f) {
      // A Commit restored after a restart is unknown to the fork choice's outbox: its Welcome is
      // released here, when it is final (RFC 9750 §5.2.3). Released once: see releaseWelcome.
      releaseWelcome(f.commit());
      Intent intent = ownCommits.remove(f.commit());
      if (intent != null) {
        Waiting w = waiting.remove(intent);
        if (w != null) {
          w.results.forEach(r -> r.complete(null));
        }
      }
    } else if (e instanceof Effect.ResendApplication r) {
      resend(r);
    } else if (e instanceof Effect.RebuildCommit r) {
      rebuild(r);
    } else if (e instanceof Effect.IntentAbandoned a) {
      Waiting w = waiting.remove(a.intent());
      if (w != null) {
        w.results.forEach(
            r -> r.completeExceptionally(new IllegalStateException("lost every commit race")));
      }
    } else if (e instanceof Effect.CommitRejected r) {
      if ("LOCAL_MEMBER_REMOVED".equals(r.code())) {
        removedFromGroup();
      } else {
        dropped++;
        getContext()
            .getLog()
            .info(
                "group {}: rejected {}: {} {}", groupId.toHex(), r.commit(), r.code(), r.reason());
      }
    } else if (e instanceof Effect.CommitDropped d) {
      adapter.discardOwn(d.commit());
      getContext().getLog().debug("group {}: {}", groupId.toHex(), d);
    } else if (e instanceof Effect.RequestCommits r) {
      List<CommitId> ids = r.commits();
      pullFrom(
          r.from(),
          new ConsensusMessage.CommitPull(
              groupId, r.from(), ids.subList(0, Math.min(ids.size(), ConsensusMessage.MAX_PULL))));
    } else if (e instanceof Effect.RequestRecords r) {
      pullFrom(r.from(), new ConsensusMessage.RecordsPull(groupId, r.from(), r.sinceEpochNumber()));
    } else if (e instanceof Effect.ApplicationAbandoned
        || e instanceof Effect.FlagEquivocation
        || e instanceof Effect.FollowsInvalidCommit
        || e instanceof Effect.PartitionDetected) {
      getContext().getLog().warn("group {}: {}", groupId.toHex(), e);
    } else if (e instanceof Effect.RejoinByExternalCommit r) {
      getContext().getLog().warn("group {}: {}", groupId.toHex(), e);
      startRejoin(r.contact());
    }
  }

  /**
   * Sends the stored Welcome of the final Commit {@code commit}, once: later sends are retries (see
   * {@link #retryWelcomes}) until the invitee acknowledges it.
   */
  private void releaseWelcome(CommitId commit) {
    Optional<OutboxEntry> entry = deps.storage.outbox().get(groupId, welcomeKey(commit));
    if (entry.isPresent() && entry.get().status() == OutboxStatus.PENDING) {
      sendWelcome(entry.get());
    }
  }

  private void sendWelcome(OutboxEntry entry) {
    Bytes payload = entry.payload();
    PeerId invitee = PeerId.fromBytes(payload.slice(0, PeerId.LENGTH).toByteArray());
    Bytes welcome = payload.slice(PeerId.LENGTH, payload.length());
    deps.gossip.tell(
        new GossipActor.SendDirect(invitee, GroupWire.frame(GroupWire.WELCOME_CHANNEL, welcome)));
    deps.storage.outbox().markAttempt(groupId, entry.messageId(), deps.clock.getAsLong());
    if (!welcomesOutstanding) {
      welcomesOutstanding = true;
      timers.startTimerWithFixedDelay(
          RetryWelcomes.INSTANCE, RetryWelcomes.INSTANCE, WELCOME_RETRY_TICK);
    }
  }

  /**
   * Durable Welcomes: a released Welcome goes again, with exponential backoff up to {@link
   * #WELCOME_RETRY_MAX}, until the invitee acknowledges it (a direct acknowledgement when it joins,
   * or any message of its in the group) or {@link #WELCOME_MAX_AGE} passed. So an invitee that was
   * offline when its Welcome was released receives it when it comes online.
   */
  private void retryWelcomes() {
    long now = deps.clock.getAsLong();
    boolean any = false;
    for (OutboxEntry entry : deps.storage.outbox().list(groupId)) {
      if (entry.kind() != OutboxKind.WELCOME || entry.status() != OutboxStatus.SENT) {
        continue;
      }
      if (now - entry.createdAtMillis() > WELCOME_MAX_AGE.toMillis()) {
        deps.storage.outbox().remove(groupId, entry.messageId());
        getContext()
            .getLog()
            .warn("group {}: gave up a Welcome never acknowledged", groupId.toHex());
        continue;
      }
      any = true;
      long backoff =
          Math.min(
              WELCOME_RETRY_MAX.toMillis(),
              WELCOME_RETRY_FIRST.toMillis() << Math.min(16, Math.max(0, entry.attempts() - 1)));
      if (now >= entry.lastAttemptAtMillis().orElse(0) + backoff) {
        sendWelcome(entry);
      }
    }
    if (!any) {
      welcomesOutstanding = false;
      timers.cancel(RetryWelcomes.INSTANCE);
    }
  }

  private void sendWelcomeAck(PeerId inviter) {
    if (members.contains(Bytes.wrap(inviter.toByteArray()))) {
      deps.gossip.tell(
          new GossipActor.SendDirect(
              inviter, GroupWire.frame(GroupWire.WELCOME_ACK_CHANNEL, groupId)));
    }
  }

  /** The invitee {@code peer} has its Welcome: forget every stored Welcome for it. */
  private void acknowledgeWelcomes(PeerId peer) {
    Bytes id = Bytes.wrap(peer.toByteArray());
    for (OutboxEntry entry : deps.storage.outbox().list(groupId)) {
      if (entry.kind() == OutboxKind.WELCOME
          && entry.status() == OutboxStatus.SENT
          && entry.payload().slice(0, PeerId.LENGTH).equals(id)) {
        deps.storage.outbox().remove(groupId, entry.messageId());
      }
    }
  }

  private void resend(Effect.ResendApplication r) {
    Optional<GroupState> state = forkChoice.state(r.onEpoch());
    if (state.isEmpty()) {
      return;
    }
    Bytes wire = adapter.encrypt(state.get(), new AppContent(r.id(), r.payload()));
    sentInEpoch.put(r.id(), state.get().currentEpoch());
    deps.storage.inTransaction(
        tx -> {
          putHead(tx);
          if (!tx.outbox().replacePayload(groupId, r.id().value(), wire)) {
            tx.outbox()
                .enqueue(
                    groupId, r.id().value(), OutboxKind.APPLICATION, wire, deps.clock.getAsLong());
          }
        });
    publish(GroupWire.APPLICATION, wire, r.id().value());
  }

  private void rebuild(Effect.RebuildCommit r) {
    ownCommits.remove(r.lost());
    try {
      GroupIntent intent = GroupIntent.of(r.intent());
      GroupState head = forkChoice.head();
      boolean done =
          switch (intent.kind()) {
            case ADD -> {
              KeyPackage kp = TlsReader.decodeAll(intent.argument(), KeyPackage::decode);
              Bytes who = ((BasicCredential) kp.leafNode().credential()).identity();
              yield identities(head).contains(who);
            }
            case REMOVE -> leafOf(head, intent.argument()).isEmpty();
            case COMMIT_PENDING -> !head.hasPendingProposals();
            case UPDATE -> false;
          };
      if (done) {
        Waiting w = waiting.remove(r.intent());
        if (w != null) {
          w.results.forEach(f -> f.complete(null));
        }
      } else {
        commit(intent, r.attempt());
      }
    } catch (DecodeException | ValidationException | RuntimeException e) {
      Waiting w = waiting.remove(r.intent());
      if (w != null) {
        w.results.forEach(f -> f.completeExceptionally(e));
      }
      getContext().getLog().warn("group {}: cannot rebuild: {}", groupId.toHex(), e.toString());
    }
  }

  /**
   * A Commit removed this member: forget the group everywhere (storage drops its snapshots too).
   */
  private void removedFromGroup() {
    removed = true;
    deps.storage.groupStates().remove(groupId);
    deps.listener.onEvent(new MlsNodeEvent.MemberLeft(groupId, deps.keys.mlsIdentity()));
    leaving.forEach(f -> f.complete(null));
    waiting
        .values()
        .forEach(
            w ->
                w.results.forEach(
                    f -> f.completeExceptionally(new IllegalStateException("removed"))));
  }

  // --- Helpers ---

  /**
   * Hands what storage still must send to gossip again (gossip drops what peers already have). An
   * own Commit off the restored chain was never published (the crash came between storing it and
   * applying it) or lost: it goes, with its Welcome. A Welcome already released goes again; one
   * whose Commit became final just before the crash is released now.
   */
  private void resendOutbox(GroupRestore.Result restored) {
    List<OutboxEntry> entries = deps.storage.outbox().list(groupId);
    for (OutboxEntry entry : entries) {
      if (entry.status() == OutboxStatus.ACKNOWLEDGED) {
        continue;
      }
      switch (entry.kind()) {
        case COMMIT -> {
          CommitId commit = CommitId.of(entry.messageId());
          if (restored.chainCommits().contains(commit)) {
            keepCommit(commit, entry.payload());
            publish(GroupWire.COMMIT, entry.payload(), entry.messageId());
          } else {
            deps.storage.outbox().remove(groupId, entry.messageId());
            deps.storage.outbox().remove(groupId, welcomeKey(commit));
          }
        }
        case APPLICATION -> {
          publish(GroupWire.APPLICATION, entry.payload(), entry.messageId());
          // Its epoch is the restored head or older; nothing will settle it for us any more.
          deps.storage.outbox().remove(groupId, entry.messageId());
        }
        case WELCOME -> {
          CommitId commit = CommitId.of(entry.messageId().slice(1, entry.messageId().length()));
          if (entry.status() == OutboxStatus.SENT) {
            sendWelcome(entry);
          } else if (restored.rootCommit().filter(commit::equals).isPresent()) {
            sendWelcome(entry);
          }
        }
        default -> {}
      }
    }
  }

  /** The final epoch's snapshot, the first rollback target after a restart, if not stored yet. */
  private void persistRootSnapshot(Optional<LeafIndex> creator) {
    EpochId root = forkChoice.finalEpoch();
    if (deps.storage.forkSnapshots().get(groupId, root.value()).isPresent()) {
      return;
    }
    GroupState state = forkChoice.state(root).orElseThrow();
    deps.storage.inTransaction(
        tx -> putSnapshot(tx, root, state, forkChoice.record(root), creator));
  }

  private void putSnapshot(
      StorageOperations tx,
      EpochId epoch,
      GroupState state,
      Optional<CommitRecord> record,
      Optional<LeafIndex> creator) {
    Secret saved = saved(state);
    Secret payload = new SnapshotPayload(record, creator, saved).encode();
    try {
      tx.forkSnapshots()
          .put(
              new StoredForkSnapshot(
                  groupId, epoch.value(), state.currentEpoch(), payload, deps.clock.getAsLong()));
    } finally {
      saved.destroy();
      payload.destroy();
    }
  }

  private void publish(byte tag, Bytes wire, Bytes outboxId) {
    deps.gossip.tell(new GossipActor.Publish(topic, GroupWire.frame(tag, wire)));
    if (outboxId != null) {
      deps.storage.outbox().markAttempt(groupId, outboxId, deps.clock.getAsLong());
    }
  }

  private void persistHead() {
    deps.storage.inTransaction(this::putHead);
  }

  private void putHead(StorageOperations tx) {
    GroupState head = forkChoice.head();
    Secret saved = saved(head);
    try {
      tx.groupStates()
          .put(new StoredGroupState(groupId, head.currentEpoch(), saved, deps.clock.getAsLong()));
    } finally {
      saved.destroy();
    }
  }

  private static Secret saved(GroupState state) {
    SavedGroupState saved = state.save();
    try {
      return Secret.wrap(saved.exposeBytes());
    } finally {
      saved.destroy();
    }
  }

  private static Bytes welcomeKey(CommitId commit) {
    return Bytes.concat(Bytes.of(new byte[] {'w'}), commit.value());
  }

  /** A stored Welcome entry: the invitee's peer id, then the Welcome. */
  private Bytes welcomeEntry(GroupIntent intent, LocalCommit local) {
    Waiting w = waiting.get(intent.toIntent());
    Bytes peer =
        w == null || w.invitee.isEmpty()
            ? Bytes.wrap(new byte[PeerId.LENGTH])
            : Bytes.wrap(w.invitee.get().toByteArray());
    return Bytes.concat(peer, local.welcome().orElseThrow());
  }

  static List<Bytes> identities(GroupState state) {
    List<Bytes> out = new ArrayList<>();
    for (Member m : state.members()) {
      out.add(identity(m));
    }
    return out;
  }

  private static Bytes identity(Member m) {
    return m.leafNode().credential() instanceof BasicCredential b ? b.identity() : Bytes.EMPTY;
  }

  private static Bytes identityOf(GroupState state, LeafIndex leaf) {
    return state
        .tree()
        .leaf(leaf)
        .map(l -> l.credential())
        .filter(c -> c instanceof BasicCredential)
        .map(c -> ((BasicCredential) c).identity())
        .orElse(Bytes.EMPTY);
  }

  private static Optional<LeafIndex> leafOf(GroupState state, Bytes identity) {
    for (Member m : state.members()) {
      if (identity(m).equals(identity)) {
        return Optional.of(m.index());
      }
    }
    return Optional.empty();
  }
}
