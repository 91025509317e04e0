package org.mlsmesh.node.internal.group;

import com.google.protobuf.UnsafeByteOperations;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.consensus.group.EngineTimer;
import org.mlsmesh.consensus.group.GroupEffect;
import org.mlsmesh.consensus.group.GroupEngine;
import org.mlsmesh.consensus.group.GroupEvent;
import org.mlsmesh.consensus.group.GroupInput;
import org.mlsmesh.consensus.group.GroupWire;
import org.mlsmesh.consensus.group.StoredGroup;
import org.mlsmesh.consensus.mls.ConsensusMessage;
import org.mlsmesh.gossip.PeerId;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.internal.gossip.GossipActor;
import org.mlsmesh.node.internal.metrics.GroupMeters;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * One group of the node: the Pekko shell of its {@link GroupEngine}. It feeds the engine (the
 * application's commands, deliveries on the group's topic and direct messages, timers, the clock as
 * a value) and carries out its effects: the storage transaction first ({@link GroupStore}), then
 * gossip, timers, the listener and the commands' futures; every effect also goes to the node's
 * meters ({@link GroupMeters}). All group behaviour is in the engine, which the simulator drives
 * too.
 *
 * <p>The transaction is committed by the node's {@link GroupCommitter}. Over SQLite it commits the
 * transactions of several inputs (of this group and the node's others) together, with one sync, on
 * its own thread: meanwhile this actor goes on feeding the engine, and keeps the effects of every
 * input in order behind the first transaction not yet committed. Nothing that depends on an input
 * (a frame sent, an event told, a future completed, a status answered) is carried out before that
 * input's transaction and all those before it are committed.
 */
public final class GroupActor extends AbstractBehavior<GroupActor.Command> {
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
   * completes when the invitee joined (see {@link MembershipRequests}); {@code progress} tells what
   * it waits for.
   */
  public record Invite(
      Bytes invitee,
      Bytes keyPackage,
      CompletableFuture<MembershipChange> result,
      Progress progress)
      implements Command {
    public Invite {
      Objects.requireNonNull(invitee, "invitee");
      Objects.requireNonNull(keyPackage, "keyPackage");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(progress, "progress");
    }
  }

  /** What a request waits for now, in words, for the message of its timeout. */
  public static final class Progress {
    private volatile String waitingFor;

    public Progress(String waitingFor) {
      this.waitingFor = Objects.requireNonNull(waitingFor, "waitingFor");
    }

    public void now(String waitingFor) {
      this.waitingFor = Objects.requireNonNull(waitingFor, "waitingFor");
    }

    @Override
    public String toString() {
      return waitingFor;
    }
  }

  /** Commits the removal of the member {@code identity}; completes when it is final. */
  public record RemoveMember(Bytes identity, CompletableFuture<MembershipChange> result)
      implements Command {
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

  /** Commits an update of this member's own leaf and path; completes when it is final. */
  public record Update(CompletableFuture<Void> result) implements Command {
    public Update {
      Objects.requireNonNull(result, "result");
    }
  }

  /** Asks for the group's {@link GroupStatus}. */
  public record GetStatus(CompletableFuture<GroupStatus> result) implements Command {
    public GetStatus {
      Objects.requireNonNull(result, "result");
    }
  }

  /** Asks for the settle window in force (measured from delivery delays, by default). */
  record GetSettleWindow(CompletableFuture<Long> result) implements Command {}

  /** A direct message of the group wire from the peer {@code source}. */
  record FromPeer(PeerId source, Bytes payload) implements Command {}

  /** A Welcome of this group reached the node again from {@code inviter}. */
  record WelcomeRepeated(PeerId inviter) implements Command {}

  record FromTopic(GossipActor.Delivered delivered) implements Command {}

  private record TimerFired(EngineTimer timer) implements Command {}

  /** The transaction number {@code seq} is committed, or failed (then rolled back). */
  private record Committed(long seq, RuntimeException failure) implements Command {}

  /**
   * What waits to be carried out: the effects of one input after its transaction number {@code seq}
   * (0: none of its own), or a reply to give in order.
   */
  private record Pending(long seq, List<GroupEffect> effects, Runnable reply) {}

  private final GroupDeps deps;
  private final TimerScheduler<Command> timers;
  private final GroupStore store;
  private final String topic;
  private final GroupEngine engine;
  private final Map<Long, CompletableFuture<?>> requests = new LinkedHashMap<>();
  private final MembershipRequests membership;
  private final GroupMeters meters;
  private final GroupRoster roster = new GroupRoster();
  private final ActorRef<GossipActor.Delivered> fromTopic;
  private long nextRequest;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();

  /** The last transaction submitted, and the last committed (they are committed in order). */
  private long submitted;

  private long committed;

  /** The engine stopped: its last effects wait for their commit, and no input is fed any more. */
  private boolean stopping;

  /** Requests made after the engine stopped are failed when the actor stops. */
  private long lastRequestBeforeStop = Long.MAX_VALUE;

  private GroupActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      GroupDeps deps,
      GroupEngine.Started started) {
    super(context);
    this.deps = deps;
    this.timers = timers;
    this.engine = started.engine();
    this.store = new GroupStore(deps.storage, engine.groupId());
    this.topic = GroupWire.topic(engine.groupId());
    this.membership = new MembershipRequests(engine.groupId());
    this.meters = GroupMeters.of(deps.metrics);
    this.fromTopic = context.messageAdapter(GossipActor.Delivered.class, FromTopic::new);
    // The roster first: a topic subscribed to before it is known as a group's would be a topic of
    // the global overlay for a moment (its digests would go to any peer).
    declareRoster();
    deps.gossip.tell(new GossipActor.Subscribe(topic, fromTopic));
    carryOut(started.effects());
  }

  /**
   * The actor of a group whose state {@code root} was just stored: created, or joined by a Welcome
   * from {@code inviter}. {@code creator} made the epoch of {@code root}, if known.
   */
  public static Behavior<Command> create(
      GroupDeps deps, GroupState root, Optional<LeafIndex> creator, Optional<PeerId> inviter) {
    return create(deps, root, creator, inviter, Optional.empty());
  }

  /**
   * {@link #create(GroupDeps, GroupState, Optional, Optional)} for a Welcome that came with its
   * inviter's records (see {@code GroupEngine.create}).
   */
  public static Behavior<Command> create(
      GroupDeps deps,
      GroupState root,
      Optional<LeafIndex> creator,
      Optional<PeerId> inviter,
      Optional<ConsensusMessage.SignedBeacon> inviterRecords) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new GroupActor(
                        context,
                        timers,
                        deps,
                        GroupEngine.create(
                            deps.settings,
                            root,
                            creator,
                            inviter.map(p -> Bytes.wrap(p.toByteArray())),
                            inviterRecords,
                            deps.clock.getAsLong()))));
  }

  /** The actor of a group loaded at start from what storage holds of it. */
  public static Behavior<Command> restore(GroupDeps deps, StoredGroup stored)
      throws DecodeException {
    GroupEngine.Started started =
        GroupEngine.restore(deps.settings, stored, deps.clock.getAsLong());
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new GroupActor(context, timers, deps, started)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(
            FromTopic.class,
            m -> feed(new GroupInput.TopicFrame(Bytes.wrap(m.delivered().payload().toByteArray()))))
        .onMessage(FromPeer.class, this::onFromPeer)
        .onMessage(
            WelcomeRepeated.class,
            m -> feed(new GroupInput.WelcomeRepeated(Bytes.wrap(m.inviter().toByteArray()))))
        .onMessage(Send.class, m -> feed(new GroupInput.Send(request(m.result()), m.payload())))
        .onMessage(Invite.class, this::onInvite)
        .onMessage(RemoveMember.class, this::onRemove)
        .onMessage(Update.class, m -> feed(new GroupInput.Update(request(m.result()))))
        .onMessage(Leave.class, m -> feed(new GroupInput.Leave(request(m.result()))))
        .onMessage(TimerFired.class, m -> feed(new GroupInput.TimerFired(m.timer())))
        .onMessage(Committed.class, this::onCommitted)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(
            GetSettleWindow.class,
            m -> {
              long window = engine.settleWindowMillis();
              return then(() -> m.result().complete(window));
            })
        .build();
  }

  private long request(CompletableFuture<?> future) {
    long id = ++nextRequest;
    requests.put(id, future);
    return id;
  }

  private Behavior<Command> onFromPeer(FromPeer m) {
    Bytes source = Bytes.wrap(m.source().toByteArray());
    Behavior<Command> next = feed(new GroupInput.DirectFrame(source, m.payload()));
    if (next == this
        && !m.payload().isEmpty()
        && m.payload().get(0) == GroupWire.WELCOME_ACK_CHANNEL) {
      // An invitee acknowledged its Welcome to this group (routed here by its group id; only the
      // invitee's own node sends as its peer id): it joined.
      return then(() -> membership.heardFrom(source));
    }
    return next;
  }

  private Behavior<Command> onInvite(Invite m) {
    long request = request(m.result());
    membership.invite(request, m.invitee(), m.result(), m.progress());
    return feed(new GroupInput.Invite(request, m.invitee(), m.keyPackage()), request);
  }

  private Behavior<Command> onRemove(RemoveMember m) {
    long request = request(m.result());
    membership.remove(request, m.identity(), m.result());
    return feed(new GroupInput.Remove(request, m.identity()), request);
  }

  private Behavior<Command> feed(GroupInput input) {
    return feed(input, -1);
  }

  /** Feeds {@code input}, the command of the membership request {@code request} (-1: none). */
  private Behavior<Command> feed(GroupInput input, long request) {
    if (stopping) {
      // The engine stopped; its actor stops once its last transaction is committed.
      return this;
    }
    membership.feeding(request);
    return carryOut(engine.onInput(input, deps.clock.getAsLong()));
  }

  /**
   * Hands the engine's transaction (first in {@code effects}, if any) to the committer and carries
   * out the rest once it and every transaction before it are committed.
   */
  private Behavior<Command> carryOut(List<GroupEffect> effects) {
    long seq = 0;
    List<GroupEffect> rest = effects;
    if (!effects.isEmpty() && effects.get(0) instanceof GroupEffect.Persist p) {
      meters.observe(p, deps.clock.getAsLong());
      rest = effects.subList(1, effects.size());
      seq = ++submitted;
      long s = seq;
      ActorRef<Command> self = getContext().getSelf();
      if (deps.committer.submit(
          store, p.transaction(), failure -> self.tell(new Committed(s, failure)))) {
        committed = s;
      }
    }
    for (GroupEffect e : rest) {
      if (e instanceof GroupEffect.Stopped) {
        stopping = true;
        lastRequestBeforeStop = nextRequest;
      }
    }
    // Even with no effects: the input may have changed what the invitees' beacons show.
    pending.add(new Pending(seq, rest, null));
    return drain();
  }

  /** Gives {@code reply} after everything that waits, or now if nothing does. */
  private Behavior<Command> then(Runnable reply) {
    pending.add(new Pending(0, List.of(), reply));
    return drain();
  }

  private Behavior<Command> onCommitted(Committed m) {
    if (m.failure() != null) {
      throw m.failure(); // as a failed synchronous commit would: the group actor stops
    }
    committed = m.seq();
    return drain();
  }

  /**
   * Carries out, in order, what waits and no longer waits for a commit; then follows the invitees'
   * beacons and the roster, also while later inputs still wait (under a steady load some always
   * do).
   */
  private Behavior<Command> drain() {
    boolean carried = false;
    while (!pending.isEmpty() && pending.peek().seq() <= committed) {
      Pending next = pending.poll();
      carried = true;
      if (next.reply() != null) {
        next.reply().run();
      } else if (perform(next.effects())) {
        return stop();
      }
    }
    if (carried) {
      membership.beacons(engine::beaconEpoch);
      declareRoster();
    }
    return this;
  }

  private Behavior<Command> stop() {
    membership.stopped();
    deps.gossip.tell(new GossipActor.Unsubscribe(topic, fromTopic));
    requests.forEach(
        (id, future) -> {
          if (id > lastRequestBeforeStop) {
            future.completeExceptionally(new IllegalStateException("the group stopped"));
          }
        });
    return Behaviors.stopped();
  }

  /** Carries out effects whose transaction is committed, in order; true when the engine stopped. */
  private boolean perform(List<GroupEffect> effects) {
    boolean stop = false;
    boolean removed = false;
    long now = deps.clock.getAsLong();
    for (GroupEffect e : effects) {
      meters.observe(e, now);
      if (e instanceof GroupEffect.Persist) {
        throw new IllegalStateException("a second transaction for one input");
      } else if (e instanceof GroupEffect.Publish p) {
        // toByteArray() is a copy of our own: wrapped, not copied a second time.
        deps.gossip.tell(
            new GossipActor.Publish(
                topic, UnsafeByteOperations.unsafeWrap(p.payload().toByteArray())));
      } else if (e instanceof GroupEffect.SendDirect d) {
        sendDirect(d);
      } else if (e instanceof GroupEffect.Notify n) {
        removed |= follow(n.event());
        NodeEvents.of(engine.groupId(), n.event()).ifPresent(deps.listener::onEvent);
      } else if (e instanceof GroupEffect.Observed o) {
        follow(o.effect());
      } else if (e instanceof GroupEffect.Completed c) {
        complete(c.request(), c.value());
      } else if (e instanceof GroupEffect.Failed f) {
        CompletableFuture<?> future = requests.remove(f.request());
        if (membership.isTracked(f.request())) {
          membership.failed(f.request(), f.reason(), removed);
        } else if (future != null) {
          future.completeExceptionally(new IllegalStateException(f.reason()));
        }
      } else if (e instanceof GroupEffect.SetTimer t) {
        long delay = Math.max(0, t.atMillis() - deps.clock.getAsLong());
        timers.startSingleTimer(t.timer(), new TimerFired(t.timer()), Duration.ofMillis(delay));
      } else if (e instanceof GroupEffect.Refused r) {
        getContext().getLog().debug("group {}: refused: {}", engine.groupId().toHex(), r.what());
      } else if (e instanceof GroupEffect.Warn w) {
        getContext().getLog().warn("group {}: {}", engine.groupId().toHex(), w.what());
      } else if (e instanceof GroupEffect.Stopped) {
        stop = true;
      }
    }
    return stop;
  }

  /**
   * Tells gossip the group's roster when it changed (a new head or final epoch: a Commit, a
   * rollback, a rejoin; and at start, after a Welcome or from storage), so that the group's topic
   * travels among its members only.
   */
  private void declareRoster() {
    roster
        .changed(engine)
        .ifPresent(peers -> deps.gossip.tell(new GossipActor.SetGroup(topic, peers)));
  }

  /** Follows an event for the membership requests; true when this member is out of the group. */
  private boolean follow(GroupEvent event) {
    if (event instanceof GroupEvent.CommitCreated c) {
      membership.commitCreated(c.commit());
    } else if (event instanceof GroupEvent.MessageReceived m) {
      membership.heardFrom(m.sender());
    } else if (event instanceof GroupEvent.MemberJoined j) {
      membership.memberJoined(j.identity());
    } else if (event instanceof GroupEvent.MemberLeft l) {
      membership.memberLeft(l.identity());
      return l.identity().equals(deps.keys.mlsIdentity());
    }
    return false;
  }

  private void follow(Effect effect) {
    if (effect instanceof Effect.RebuildCommit r) {
      membership.commitLost(r.lost());
    } else if (effect instanceof Effect.EpochFinal f) {
      membership.commitFinal(f.commit());
    }
  }

  @SuppressWarnings("unchecked")
  private void complete(long request, Bytes value) {
    CompletableFuture<?> future = requests.remove(request);
    if (membership.isTracked(request)) {
      membership.completed(request, engine.finalEpochNumber());
    } else if (future != null) {
      // Send completes with the message id; the membership commands complete with nothing.
      ((CompletableFuture<Object>) future).complete(value.isEmpty() ? null : value);
    }
  }

  private void sendDirect(GroupEffect.SendDirect d) {
    if (d.to().length() != PeerId.LENGTH) {
      getContext().getLog().debug("group {}: no peer id {}", engine.groupId().toHex(), d.to());
      return;
    }
    deps.gossip.tell(
        new GossipActor.SendDirect(
            PeerId.fromBytes(d.to().toByteArray()),
            UnsafeByteOperations.unsafeWrap(d.payload().toByteArray())));
  }

  private Behavior<Command> onGetStatus(GetStatus m) {
    GroupStatus status = status(); // as of now, told once what it shows is committed
    return then(() -> m.result().complete(status));
  }

  private GroupStatus status() {
    return new GroupStatus(
        GroupId.of(engine.groupId()),
        engine.headEpochNumber(),
        engine.finalEpochNumber(),
        engine.head().epochAuthenticator(),
        NodeEvents.members(engine.members()),
        engine.delivered(),
        engine.refused(),
        engine.settleWindowMillis());
  }
}
