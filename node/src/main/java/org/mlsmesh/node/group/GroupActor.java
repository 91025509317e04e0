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
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.ForkChoice;
import org.mlsmesh.consensus.Input;
import org.mlsmesh.consensus.Intent;
import org.mlsmesh.consensus.Step;
import org.mlsmesh.consensus.TimerKey;
import org.mlsmesh.consensus.mls.AppContent;
import org.mlsmesh.consensus.mls.LocalCommit;
import org.mlsmesh.consensus.mls.MeshException;
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
  private final List<CompletableFuture<Void>> leaving = new ArrayList<>();
  private List<Bytes> members;
  private long delivered;
  private long dropped;
  private boolean removed;

  private GroupActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      GroupDeps deps,
      GroupState root,
      Optional<LeafIndex> creator) {
    super(context);
    this.deps = deps;
    this.timers = timers;
    this.groupId = root.groupId();
    this.topic = GroupWire.topic(groupId);
    this.adapter = new MlsGroupAdapter(root.suite(), deps.clock);
    this.forkChoice = ForkChoice.create(adapter, deps.forkChoice, root, creator);
    this.members = identities(root);
    deps.gossip.tell(
        new GossipActor.Subscribe(
            topic, context.messageAdapter(GossipActor.Delivered.class, FromTopic::new)));
    resendOutbox();
  }

  /**
   * The actor of a group whose state {@code root} is already stored: created, joined by Welcome, or
   * loaded at start. {@code creator} made the epoch of {@code root}, if known.
   */
  public static Behavior<Command> create(
      GroupDeps deps, GroupState root, Optional<LeafIndex> creator) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(timers -> new GroupActor(context, timers, deps, root, creator)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(FromTopic.class, m -> guarded(() -> onTopic(m.delivered())))
        .onMessage(Send.class, m -> guarded(() -> onSend(m)))
        .onMessage(Invite.class, m -> guarded(() -> onInvite(m)))
        .onMessage(RemoveMember.class, m -> guarded(() -> onRemove(m)))
        .onMessage(Leave.class, m -> guarded(() -> onLeave(m)))
        .onMessage(GetStatus.class, this::onGetStatus)
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
      case GroupWire.COMMIT -> {
        EpochId parent = MlsGroupAdapter.header(wire).epoch();
        step(new Input.CommitReceived(adapter.commitId(wire), parent, wire));
      }
      case GroupWire.APPLICATION -> onApplication(wire, true);
      case GroupWire.PROPOSAL -> onProposal(wire);
      default ->
          throw new IllegalArgumentException(
              "unknown group message tag " + tag + " from " + d.from());
    }
  }

  /** Opens an application message in the epoch its header names, or keeps it until that exists. */
  private void onApplication(Bytes wire, boolean keepIfEarly)
      throws DecodeException, MeshException, ValidationException {
    EpochId epoch = MlsGroupAdapter.header(wire).epoch();
    Optional<GroupState> state = forkChoice.state(epoch);
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
    ReceivedApplication app = adapter.open(state.get(), wire);
    AppMessageId id = app.content().id();
    if (deps.storage.inbox().isDelivered(groupId, id.value())) {
      return;
    }
    senders.put(id, identityOf(state.get(), app.sender()));
    step(new Input.ApplicationReceived(id, app.content().payload()));
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
          org.mlsmesh.consensus.mls.MeshCode.PARENT_EPOCH_MISMATCH,
          "proposal for another epoch than the head");
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
    GroupIntent intent = new GroupIntent(GroupIntent.Kind.ADD, m.keyPackage());
    Waiting w = waiting.computeIfAbsent(intent.toIntent(), k -> new Waiting());
    w.results.add(m.result());
    w.invitee = Optional.of(PeerId.fromBytes(m.invitee().toByteArray()));
    try {
      commit(intent, 0);
    } catch (DecodeException | ValidationException | RuntimeException e) {
      waiting.remove(intent.toIntent());
      m.result().completeExceptionally(e);
      throw e;
    }
  }

  private void onRemove(RemoveMember m) throws DecodeException, ValidationException {
    GroupIntent intent = new GroupIntent(GroupIntent.Kind.REMOVE, m.identity());
    if (leafOf(forkChoice.head(), m.identity()).isEmpty()) {
      m.result().completeExceptionally(new IllegalArgumentException("not a member"));
      return;
    }
    waiting.computeIfAbsent(intent.toIntent(), k -> new Waiting()).results.add(m.result());
    commit(intent, 0);
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
      case COMMIT_PENDING -> {}
    }
    LocalCommit local = adapter.commit(head, options);
    ownCommits.put(local.commit(), intent.toIntent());
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

  /** Feeds one input and carries out the step: storage first (one transaction), then the rest. */
  private void step(Input input) {
    List<Bytes> before = members;
    EpochId headBefore = forkChoice.headEpoch();
    Step<GroupState> step = forkChoice.onInput(input, deps.clock.getAsLong());
    forkChoice = step.next();
    List<Effect> effects = step.effects();
    boolean headMoved = !forkChoice.headEpoch().equals(headBefore);
    List<Effect.Deliver> deliveries = new ArrayList<>();
    deps.storage.inTransaction(
        tx -> {
          if (headMoved) {
            putHead(tx);
          }
          for (Effect e : effects) {
            persist(tx, e, deliveries);
          }
        });
    for (Effect.Deliver d : deliveries) {
      delivered++;
      Bytes sender = senders.remove(d.id());
      deps.listener.onEvent(
          new MlsNodeEvent.MessageReceived(
              groupId, sender == null ? Bytes.EMPTY : sender, d.id().value(), d.payload()));
    }
    for (Effect e : effects) {
      act(e);
    }
    if (headMoved) {
      GroupState head = forkChoice.head();
      members = identities(head);
      for (Bytes m : members) {
        if (!before.contains(m)) {
          deps.listener.onEvent(new MlsNodeEvent.MemberJoined(groupId, m));
        }
      }
      for (Bytes m : before) {
        if (!members.contains(m)) {
          deps.listener.onEvent(new MlsNodeEvent.MemberLeft(groupId, m));
        }
      }
      deps.listener.onEvent(
          new MlsNodeEvent.EpochChanged(groupId, head.currentEpoch(), head.epochAuthenticator()));
      retryEarly();
    }
  }

  private void persist(StorageOperations tx, Effect e, List<Effect.Deliver> deliveries) {
    long now = deps.clock.getAsLong();
    if (e instanceof Effect.PersistSnapshot p) {
      forkChoice
          .state(p.epoch())
          .ifPresent(
              s -> {
                Secret saved = saved(s);
                try {
                  tx.forkSnapshots()
                      .put(
                          new StoredForkSnapshot(
                              groupId, p.epoch().value(), s.currentEpoch(), saved, now));
                } finally {
                  saved.destroy();
                }
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
    } else if (e instanceof Effect.ReleaseWelcome r) {
      tx.outbox().markAcknowledged(groupId, welcomeKey(r.commit()));
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
      releaseWelcome(r);
    } else if (e instanceof Effect.EpochFinal f) {
      Intent intent = ownCommits.remove(f.commit());
      if (intent != null) {
        Waiting w = waiting.remove(intent);
        if (w != null) {
          w.results.forEach(r -> r.complete(null));
        }
      }
    } else if (e instanceof Effect.RolledBack r) {
      deps.listener.onEvent(
          new MlsNodeEvent.ForkResolved(groupId, forkChoice.headEpochNumber(), r.dropped().size()));
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
    } else if (e instanceof Effect.ApplicationAbandoned
        || e instanceof Effect.FlagEquivocation
        || e instanceof Effect.FollowsInvalidCommit
        || e instanceof Effect.PartitionDetected
        || e instanceof Effect.RejoinByExternalCommit) {
      getContext().getLog().warn("group {}: {}", groupId.toHex(), e);
    }
  }

  private void releaseWelcome(Effect.ReleaseWelcome r) {
    Intent intent = ownCommits.get(r.commit());
    Optional<PeerId> invitee =
        Optional.ofNullable(intent).map(waiting::get).flatMap(w -> w.invitee);
    if (invitee.isEmpty()) {
      // Restarted since: the invitee is in the stored Welcome entry.
      invitee =
          deps.storage
              .outbox()
              .get(groupId, welcomeKey(r.commit()))
              .map(
                  entry -> PeerId.fromBytes(entry.payload().slice(0, PeerId.LENGTH).toByteArray()));
    }
    invitee.ifPresent(
        peer ->
            deps.gossip.tell(
                new GossipActor.SendDirect(
                    peer, GroupWire.frame(GroupWire.WELCOME_CHANNEL, r.welcome()))));
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

  /** A Commit removed this member: forget the group everywhere. */
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

  /** Hands what storage still must send to gossip again (gossip drops what peers already have). */
  private void resendOutbox() {
    for (OutboxEntry entry : deps.storage.outbox().list(groupId)) {
      if (entry.status() == OutboxStatus.ACKNOWLEDGED) {
        continue;
      }
      switch (entry.kind()) {
        case COMMIT -> publish(GroupWire.COMMIT, entry.payload(), entry.messageId());
        case APPLICATION -> {
          publish(GroupWire.APPLICATION, entry.payload(), entry.messageId());
          // Its epoch is the restored head or older; nothing will settle it for us any more.
          deps.storage.outbox().remove(groupId, entry.messageId());
        }
        default -> {}
      }
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
