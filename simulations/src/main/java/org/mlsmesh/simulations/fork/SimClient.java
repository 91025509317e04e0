package org.mlsmesh.simulations.fork;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.group.EngineTimer;
import org.mlsmesh.consensus.group.GroupEffect;
import org.mlsmesh.consensus.group.GroupEngine;
import org.mlsmesh.consensus.group.GroupEngineSettings;
import org.mlsmesh.consensus.group.GroupEvent;
import org.mlsmesh.consensus.group.GroupFrame;
import org.mlsmesh.consensus.group.GroupInput;
import org.mlsmesh.consensus.group.GroupTopicException;
import org.mlsmesh.consensus.group.GroupWire;
import org.mlsmesh.consensus.group.MemoryGroupStore;
import org.mlsmesh.consensus.group.StoredGroup;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.StagedWelcome;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.simulations.report.RunRecord;

/**
 * One simulated client: the shell around a {@link GroupEngine} that a node's group actor is, on
 * virtual time. It feeds the engine frames, commands and timers, carries out its effects (persist
 * first, into its {@link MemoryGroupStore}; publish and direct sends through the simulation's
 * transport; timers on the agenda) and reports what happened to the {@link ForkTruth}. The client's
 * identity is its gossip peer id, as in the node.
 */
final class SimClient {
  /** What the simulation gives a client: transport, timers, the clock and the ground truth. */
  interface Link {
    /** Virtual now. */
    long now();

    ForkTruth truth();

    /** Publishes a frame of the group wire on the group topic. */
    void publish(SimClient from, Bytes payload);

    /** Sends a direct message of the group wire to the client whose identity is {@code to}. */
    void direct(SimClient from, Bytes to, Bytes payload);

    /** Fires {@code timer} of {@code client} at virtual time {@code atMillis}. */
    void timer(SimClient client, EngineTimer timer, long atMillis);

    /** The client whose identity is {@code identity}, or -1. */
    int clientOf(Bytes identity);

    /** The client runs an engine now: it wants the group topic's frames (what gossip retained). */
    void subscribe(SimClient client);

    /** The client stopped running its engine (crash, left): its topic frames are dropped. */
    void unsubscribe(SimClient client);

    void trace(long a, long b, long c);
  }

  final int index;
  final String name;
  final Bytes identity;
  final SignatureKeyPair signer;
  final KeyPackageBundle keyPackage;
  final GroupEngineSettings settings;
  final MemoryGroupStore store = new MemoryGroupStore();
  private final GroupEnvironment env;
  private final Link link;
  private final long epochZero;

  GroupEngine engine;
  boolean leaving;
  boolean gone;
  boolean crashed;
  long joinedAt = -1;
  long rejoinedAt = -1;

  private final Map<EngineTimer, Long> timers = new LinkedHashMap<>();
  private long requests;
  private long sendRequest = -1;
  private Set<Integer> sendRecipients = Set.of();
  private EpochId lastHead;
  private GroupState lastHeadState;
  private long widestSettleWindow;

  /** This member's Commits not final yet, with when it created them. */
  private final Map<CommitId, Long> ownCommits = new LinkedHashMap<>();

  private final Map<EpochId, GroupState> snapshots = new LinkedHashMap<>();
  private final IdentityHashMap<GroupState, Long> obsolete = new IdentityHashMap<>();
  private final List<GroupState> obsoleteOrder = new ArrayList<>();

  SimClient(
      int index,
      String name,
      Bytes identity,
      SignatureKeyPair signer,
      KeyPackageBundle keyPackage,
      GroupEngineSettings settings,
      GroupEnvironment env,
      Link link,
      long epochZero) {
    this.index = index;
    this.name = name;
    this.identity = identity;
    this.signer = signer;
    this.keyPackage = keyPackage;
    this.settings = settings;
    this.env = env;
    this.link = link;
    this.epochZero = epochZero;
  }

  /** Runs an engine (in the group, not crashed). */
  boolean active() {
    return engine != null;
  }

  /** Honest and staying: the members the invariants speak about. */
  boolean staying() {
    return active() && !leaving;
  }

  private long engineNow() {
    return epochZero + link.now();
  }

  // --- Starting ---

  /** Starts the engine of a group this client created or joined. */
  void start(GroupEngine.Started started) {
    engine = started.engine();
    if (joinedAt < 0) {
      joinedAt = link.now();
    }
    perform(started.effects());
    link.subscribe(this);
  }

  /** A Welcome for a client that is in no group: joins from it. */
  private void onWelcome(Bytes from, Bytes payload) {
    ForkTruth truth = link.truth();
    GroupFrame.Welcome welcome;
    try {
      welcome = (GroupFrame.Welcome) GroupWire.parseDirect(Bytes.EMPTY, payload);
    } catch (GroupTopicException e) {
      truth.violation(name + " got a Welcome it cannot parse: " + e);
      return;
    }
    CommitId commit = truth.welcomeCommits.get(welcome.wire());
    try {
      StagedWelcome staged =
          GroupState.stageWelcome(
              env, welcome.message(), keyPackage, signer, Optional.empty(), engineNow());
      if (commit == null) {
        truth.violation(name + " got a Welcome no member created");
      } else {
        truth.welcomes.put(index, commit);
      }
      start(
          GroupEngine.create(
              settings,
              staged.join(),
              Optional.of(staged.sender().index()),
              Optional.of(from),
              welcome.inviterRecords(),
              engineNow()));
    } catch (DecodeException | ValidationException e) {
      truth.violation(name + " could not join from the Welcome of " + commit + ": " + e);
    }
  }

  // --- Crash and restart ---

  /** Drops the engine and its timers; what it stored stays. */
  void crash() {
    engine = null;
    crashed = true;
    timers.clear();
    sendRequest = -1;
    // The process's memory is gone: its states are not this client's any more.
    snapshots.clear();
    obsolete.clear();
    obsoleteOrder.clear();
    lastHead = null;
    lastHeadState = null;
    link.unsubscribe(this);
  }

  /** Restarts the engine from what the client stored. */
  void restart() {
    crashed = false;
    Optional<StoredGroup> stored = store.load();
    if (stored.isEmpty()) {
      gone = true; // it forgot the group before the crash
      return;
    }
    try {
      start(GroupEngine.restore(settings, stored.get(), engineNow()));
      link.truth().restarts++;
    } catch (DecodeException e) {
      link.truth().violation(name + " could not restart from its store: " + e);
    }
  }

  // --- Inputs ---

  void topicFrame(Bytes payload) {
    if (active()) {
      input(new GroupInput.TopicFrame(payload));
    }
  }

  void directFrame(Bytes from, Bytes payload) {
    if (crashed || gone) {
      return;
    }
    if (!active()) {
      if (!payload.isEmpty()
          && payload.get(0) == GroupWire.WELCOME_CHANNEL
          && joinedAt < 0
          && !store.holdsGroup()) {
        onWelcome(from, payload);
      }
      return;
    }
    input(new GroupInput.DirectFrame(from, payload));
  }

  void timerFired(EngineTimer timer, long atMillis) {
    Long at = timers.get(timer);
    if (active() && at != null && at == atMillis) {
      timers.remove(timer);
      input(new GroupInput.TimerFired(timer));
    }
  }

  /** Sends an application message; records it, with its recipients, once the engine named it. */
  void send(Bytes payload) {
    if (!staying() || engine.rejoinPending()) {
      return;
    }
    Set<Integer> recipients = new LinkedHashSet<>();
    for (Bytes member : engine.members()) {
      int c = link.clientOf(member);
      if (c >= 0 && c != index) {
        recipients.add(c);
      }
    }
    sendRequest = ++requests;
    sendRecipients = recipients;
    input(new GroupInput.Send(sendRequest, payload));
    sendRequest = -1;
  }

  void update() {
    if (staying() && !engine.rejoinPending()) {
      input(new GroupInput.Update(++requests));
    }
  }

  void invite(SimClient invitee) {
    if (staying() && !engine.rejoinPending()) {
      input(
          new GroupInput.Invite(
              ++requests, invitee.identity, invitee.keyPackage.keyPackage().encoded()));
    }
  }

  void remove(SimClient member) {
    if (staying() && !engine.rejoinPending()) {
      input(new GroupInput.Remove(++requests, member.identity));
    }
  }

  void leave() {
    if (active()) {
      input(new GroupInput.Leave(++requests));
    }
  }

  /**
   * Debugging aid: with {@code -Dmlsmesh.sim.trace=true} every effect of every engine but storage
   * and timers goes to stderr, with the virtual time and the member.
   */
  private static final boolean TRACE = Boolean.getBoolean("mlsmesh.sim.trace");

  void input(GroupInput in) {
    perform(engine.onInput(in, engineNow()));
  }

  // --- Effects ---

  private void perform(List<GroupEffect> effects) {
    ForkTruth truth = link.truth();
    GroupEngine current = engine;
    for (GroupEffect e : effects) {
      if (TRACE && !(e instanceof GroupEffect.Persist || e instanceof GroupEffect.SetTimer)) {
        System.err.printf("%8d %s %s%n", link.now(), name, e);
      }
      if (e instanceof GroupEffect.Persist p) {
        store.apply(p.transaction());
      } else if (e instanceof GroupEffect.Publish p) {
        link.publish(this, p.payload());
      } else if (e instanceof GroupEffect.SendDirect d) {
        link.direct(this, d.to(), d.payload());
      } else if (e instanceof GroupEffect.Notify n) {
        notified(n.event());
      } else if (e instanceof GroupEffect.Completed c) {
        if (c.request() == sendRequest) {
          truth.sent(AppMessageId.of(c.value()), index, link.now(), sendRecipients);
        }
      } else if (e instanceof GroupEffect.Failed f) {
        truth.requestsFailed++;
      } else if (e instanceof GroupEffect.SetTimer t) {
        long at = Math.max(link.now(), t.atMillis() - epochZero);
        timers.put(t.timer(), at);
        link.timer(this, t.timer(), at);
      } else if (e instanceof GroupEffect.Refused) {
        truth.refused++;
      } else if (e instanceof GroupEffect.Warn) {
        truth.warnings++;
      } else if (e instanceof GroupEffect.Observed o) {
        observed(current, o.effect());
      } else if (e instanceof GroupEffect.Stopped) {
        stopped();
      }
    }
    if (engine != null) {
      afterStep();
    }
  }

  private void notified(GroupEvent event) {
    ForkTruth truth = link.truth();
    if (event instanceof GroupEvent.MessageReceived m) {
      truth.delivered(AppMessageId.of(m.messageId()), index, link.now());
    } else if (event instanceof GroupEvent.CommitCreated c) {
      truth.commitCreated(c.commit(), c.parent());
      ownCommits.put(c.commit(), link.now());
      c.welcome().ifPresent(w -> truth.welcomeCommits.put(w, c.commit()));
    } else if (event instanceof GroupEvent.Rejoined) {
      truth.rejoins++;
      rejoinedAt = link.now();
    }
  }

  private void observed(GroupEngine current, Effect e) {
    ForkTruth truth = link.truth();
    long now = link.now();
    if (e instanceof Effect.RolledBack r) {
      truth.forkEvents.add(
          new RunRecord.ForkEvent(
              now,
              name,
              RunRecord.ForkEvent.Type.ROLLBACK,
              current.retained(r.to()).map(GroupState::currentEpoch).orElse(-1L)));
      for (CommitId dropped : r.dropped()) {
        link.trace(index, 1, dropped.value().hashCode());
      }
    } else if (e instanceof Effect.CommitOutranked) {
      truth.forkEvents.add(
          new RunRecord.ForkEvent(
              now, name, RunRecord.ForkEvent.Type.FORK_DETECTED, current.headEpochNumber()));
    } else if (e instanceof Effect.CommitRejected r) {
      if (!r.code().equals("LOCAL_MEMBER_REMOVED")) {
        truth.commitsRejected++;
        truth.violation(name + " rejected " + r.commit() + ": " + r.code() + " " + r.reason());
      }
    } else if (e instanceof Effect.FollowsInvalidCommit f) {
      truth.violation(name + ": member " + f.member() + " follows invalid " + f.commit());
    } else if (e instanceof Effect.ApplicationAbandoned a) {
      truth.abandoned++;
      truth.violation(name + " abandoned " + a.id());
    } else if (e instanceof Effect.IntentAbandoned) {
      truth.intentsAbandoned++;
    } else if (e instanceof Effect.ResendApplication) {
      truth.resent++;
    } else if (e instanceof Effect.EpochFinal f && ownCommits.containsKey(f.commit())) {
      long created = ownCommits.remove(f.commit());
      truth.finality.add(new long[] {created, now - created});
    } else if (e instanceof Effect.PersistSnapshot p) {
      current.retained(p.epoch()).ifPresent(s -> snapshots.put(p.epoch(), s));
    } else if (e instanceof Effect.EraseSnapshot x) {
      GroupState s = snapshots.remove(x.epoch());
      if (s != null && !s.isDestroyed()) {
        truth.violation(name + " erased " + x.epoch() + " but its secrets remain");
      }
      if (store.snapshotEpochs().contains(x.epoch().value())) {
        truth.violation(name + " erased " + x.epoch() + " but its store keeps it");
      }
    }
  }

  /** The engine stopped: the member left or was removed; its store forgot the group. */
  private void stopped() {
    engine = null;
    gone = true;
    timers.clear();
    link.unsubscribe(this);
    if (store.holdsGroup()) {
      link.truth().violation(name + " left the group but its store still holds it");
    }
  }

  // --- Observations ---

  /** The member's settle window now. */
  long settleWindowMillis() {
    return engine.settleWindowMillis();
  }

  /** The widest settle window this member has had (its erasure bound). */
  long widestSettleWindowMillis() {
    return engine == null
        ? widestSettleWindow
        : Math.max(widestSettleWindow, engine.settleWindowMillis());
  }

  private void afterStep() {
    widestSettleWindow = Math.max(widestSettleWindow, engine.settleWindowMillis());
    EpochId head = engine.headEpoch();
    if (!head.equals(lastHead)) {
      if (lastHeadState != null) {
        markObsolete(lastHeadState);
      }
      lastHead = head;
      lastHeadState = engine.head();
      obsolete.remove(lastHeadState);
      ForkTruth truth = link.truth();
      truth.head(index, link.now(), head);
      truth.epochs.add(
          new RunRecord.EpochSample(
              link.now(), name, engine.headEpochNumber(), head.value().toHex()));
      link.trace(index, engine.headEpochNumber(), head.value().hashCode());
    }
  }

  private void markObsolete(GroupState s) {
    if (!obsolete.containsKey(s)) {
      obsolete.put(s, link.now());
      obsoleteOrder.add(s);
    }
  }

  /**
   * States that stopped being the head more than {@code boundMillis} ago and still hold secrets:
   * each one breaks the erasure invariant.
   */
  List<String> auditErasure(long boundMillis) {
    List<String> late = new ArrayList<>();
    Iterator<GroupState> it = obsoleteOrder.iterator();
    while (it.hasNext()) {
      GroupState s = it.next();
      Long since = obsolete.get(s);
      if (since == null || s.isDestroyed() || (engine != null && s == engine.head())) {
        obsolete.remove(s);
        it.remove();
      } else if (link.now() - since > boundMillis) {
        late.add(
            name
                + " still holds the secrets of epoch "
                + s.currentEpoch()
                + " "
                + (link.now() - since)
                + " ms after leaving it");
        obsolete.remove(s);
        it.remove();
      }
    }
    return late;
  }
}
