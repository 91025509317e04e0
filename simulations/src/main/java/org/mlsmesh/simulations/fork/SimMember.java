package org.mlsmesh.simulations.fork;

import java.nio.charset.StandardCharsets;
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
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.ForkChoice;
import org.mlsmesh.consensus.ForkChoiceConfig;
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
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.ExternalCommit;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Member;
import org.mlsmesh.protocol.group.StagedWelcome;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.simulations.report.RunRecord;

/**
 * One simulated member: a real {@link GroupState} behind a {@link ForkChoice} and an {@link
 * MlsGroupAdapter}, the thin shell a node's group actor would be. It turns frames into fork-choice
 * inputs and effects into frames, and reports what happened to the {@link ForkTruth}.
 */
final class SimMember {
  private static final int INTENT_UPDATE = 0;
  private static final int INTENT_ADD = 1;
  private static final int INTENT_REMOVE = 2;

  final int index;
  final String name;
  final SignatureKeyPair signer;
  final BasicCredential credential;
  final KeyPackageBundle keyPackage;
  private final MemberLink link;
  private final ForkChoiceConfig config;
  final MlsGroupAdapter adapter;

  ForkChoice<GroupState> fc;
  boolean leaving;
  boolean gone;
  long joinedAt = -1;

  private long appSeq;
  private EpochId lastHead;
  private final Map<CommitId, Bytes> commitStore = new LinkedHashMap<>();
  private final Map<EpochId, List<Waiting>> waiting = new LinkedHashMap<>();
  private final Map<EpochId, GroupState> retained = new LinkedHashMap<>();
  private final IdentityHashMap<GroupState, Long> obsolete = new IdentityHashMap<>();
  private final List<GroupState> obsoleteOrder = new ArrayList<>();

  private record Waiting(Bytes wire, long arrivedAt) {}

  /** A rejoin by external Commit in progress (RFC 9420 §12.4.3.2). */
  private static final class Rejoin {
    int contact;
    long requestedAt;
    ExternalCommit pending;
    CommitId commit;
    EpochId parent;
    long createdAt;
  }

  private final Map<LeafIndex, Integer> beaconSenders = new LinkedHashMap<>();
  private Rejoin rejoin;
  long rejoinedAt = -1;

  SimMember(
      int index,
      SignatureKeyPair signer,
      KeyPackageBundle keyPackage,
      MemberLink link,
      ForkChoiceConfig config,
      MlsGroupAdapter adapter) {
    this.index = index;
    this.name = nameOf(index);
    this.signer = signer;
    this.credential = credentialOf(index);
    this.keyPackage = keyPackage;
    this.link = link;
    this.config = config;
    this.adapter = adapter;
  }

  static String nameOf(int index) {
    return "m" + index;
  }

  static BasicCredential credentialOf(int index) {
    return new BasicCredential(Bytes.of(nameOf(index).getBytes(StandardCharsets.UTF_8)));
  }

  boolean active() {
    return fc != null && !gone;
  }

  /** Honest and staying: the members the invariants speak about. */
  boolean staying() {
    return active() && !leaving;
  }

  // --- Joining ---

  void start(GroupState state, Optional<LeafIndex> creator) {
    fc = ForkChoice.create(adapter, config, state, creator);
    joinedAt = link.now();
    afterStep();
  }

  void onWelcome(CommitId commit, Bytes welcome) {
    if (fc != null || gone) {
      return;
    }
    try {
      MlsMessage message = TlsReader.decodeAll(welcome, MlsMessage::decode);
      StagedWelcome staged =
          GroupState.stageWelcome(
              link.environment(), message, keyPackage, signer, Optional.empty(), link.mlsNow());
      LeafIndex sender = staged.sender().index();
      link.truth().welcomes.put(index, commit);
      start(staged.join(), Optional.of(sender));
    } catch (DecodeException | ValidationException e) {
      link.truth().violation(name + " could not join from the Welcome of " + commit + ": " + e);
    }
  }

  // --- Frames in ---

  /**
   * A frame from member {@code from}, which sent it at {@code sentAt} (the send time a real member
   * would put in the message): Commits and application messages also feed the measured settle
   * window with their delivery delay.
   */
  void onFrame(MemberLink.Kind kind, int from, Bytes payload, long sentAt) {
    if (!active()) {
      return;
    }
    if (fc.config().settleWindow() == ForkChoiceConfig.SettleWindowMode.MEASURED
        && (kind == MemberLink.Kind.COMMIT || kind == MemberLink.Kind.APPLICATION)) {
      step(new Input.DeliveryDelayMeasured(Math.max(0, link.now() - sentAt)));
    }
    switch (kind) {
      case COMMIT, PULLED_COMMIT -> onCommit(payload);
      case APPLICATION -> onApplication(payload, link.now());
      case BEACON -> onBeacon(from, payload);
      case COMMIT_PULL, RECORDS_PULL -> onPull(from, payload);
      case GROUP_INFO_REQUEST -> onGroupInfoRequest(from);
      case GROUP_INFO -> onGroupInfo(payload);
      case WELCOME -> {}
    }
  }

  private void onCommit(Bytes wire) {
    EpochId parent;
    try {
      parent = MlsGroupAdapter.header(wire).epoch();
    } catch (DecodeException | MeshException e) {
      link.truth().violation(name + " got a Commit without a valid header: " + e.getMessage());
      return;
    }
    CommitId id = adapter.commitId(wire);
    commitStore.putIfAbsent(id, wire);
    step(new Input.CommitReceived(id, parent, wire));
  }

  private void onApplication(Bytes wire, long arrivedAt) {
    EpochId epoch;
    try {
      epoch = MlsGroupAdapter.header(wire).epoch();
    } catch (DecodeException | MeshException e) {
      link.truth().violation(name + " got an application message without a header: " + e);
      return;
    }
    Optional<GroupState> state = fc.state(epoch);
    GroupState decryptor;
    if (state.isPresent()) {
      decryptor = state.get();
    } else if (fc.isFinal(epoch)) {
      decryptor = fc.head();
      link.truth().lateApplications++;
    } else {
      waiting.computeIfAbsent(epoch, e -> new ArrayList<>()).add(new Waiting(wire, arrivedAt));
      return;
    }
    ReceivedApplication app;
    try {
      app = adapter.openAs(decryptor, epoch, wire);
    } catch (DecodeException | ValidationException | MeshException e) {
      // A copy already opened on another branch, or keys gone: the id decides delivery.
      link.truth().undecryptable++;
      return;
    }
    step(new Input.ApplicationReceived(app.content().id(), app.content().payload()));
  }

  private void onBeacon(int from, Bytes wire) {
    try {
      ConsensusMessage message = Beacons.decode(wire);
      if (!(message instanceof ConsensusMessage.SignedBeacon signed)) {
        throw new MeshException(MeshCode.CONSENSUS_MESSAGE_MALFORMED, "not a beacon");
      }
      Beacon beacon = Beacons.verify(signed, fc.head());
      beaconSenders.put(beacon.from(), from);
      step(new Input.BeaconReceived(beacon));
      if (rejoin != null) {
        checkRejoin(beacon, from);
      }
    } catch (MeshException e) {
      link.truth().beaconsRejected++;
    }
  }

  private void onPull(int from, Bytes wire) {
    try {
      ConsensusMessage message = Beacons.decode(wire);
      if (message instanceof ConsensusMessage.CommitPull pull) {
        for (CommitId id : pull.commits()) {
          Bytes commit = commitStore.get(id);
          if (commit != null) {
            link.direct(this, from, MemberLink.Kind.PULLED_COMMIT, commit, false);
          }
        }
      } else if (message instanceof ConsensusMessage.RecordsPull pull) {
        ConsensusMessage.SignedBeacon answer =
            Beacons.sign(fc.head(), fc.recordsSince(pull.sinceEpoch()), signer);
        link.direct(this, from, MemberLink.Kind.BEACON, answer.encode(), false);
      }
    } catch (MeshException e) {
      link.truth().beaconsRejected++;
    }
  }

  // --- Rejoining after a partition longer than the settle window ---

  private void requestGroupInfo(int contact) {
    rejoin.contact = contact;
    rejoin.requestedAt = link.now();
    link.direct(this, contact, MemberLink.Kind.GROUP_INFO_REQUEST, Bytes.EMPTY, false);
  }

  private void onGroupInfoRequest(int from) {
    if (!staying() || fc.rejoinPending() || rejoin != null) {
      return;
    }
    Bytes groupInfo = fc.head().groupInfo(true, true).encoded();
    Bytes payload = new TlsWriter().vlBytes(fc.headEpoch().value()).vlBytes(groupInfo).toBytes();
    link.direct(this, from, MemberLink.Kind.GROUP_INFO, payload, false);
  }

  private void onGroupInfo(Bytes payload) {
    if (rejoin == null || rejoin.pending != null) {
      return;
    }
    try {
      TlsReader r = TlsReader.of(payload);
      EpochId epoch = EpochId.of(r.vlBytes());
      MlsMessage groupInfo = TlsReader.decodeAll(r.vlBytes(), MlsMessage::decode);
      r.finish();
      ExternalCommit external =
          ExternalCommit.create(
              link.environment(),
              groupInfo,
              Optional.empty(),
              signer,
              credential,
              Optional.of(fc.head().ownLeaf()),
              new MeshHeader(epoch).encode(),
              link.mlsNow());
      Bytes wire = external.commit().encoded();
      rejoin.pending = external;
      rejoin.commit = adapter.commitId(wire);
      rejoin.parent = epoch;
      rejoin.createdAt = link.now();
      commitStore.put(rejoin.commit, wire);
      link.truth().commitCreated(rejoin.commit, epoch);
      link.publish(this, MemberLink.Kind.COMMIT, wire);
    } catch (DecodeException | ValidationException e) {
      link.truth().rejoinAttemptsFailed++;
    }
  }

  /**
   * Our external Commit is final once a beacon sent a settle window after it still lists it; it
   * lost if the beacon lists another Commit on its parent, or never shows up: then try again on the
   * newest epoch.
   */
  private void checkRejoin(Beacon beacon, int from) {
    long now = link.now();
    long settle = fc.settleWindowMillis();
    if (rejoin.pending == null) {
      if (now - rejoin.requestedAt > 2 * settle) {
        requestGroupInfo(from);
      }
      return;
    }
    if (now < rejoin.createdAt + settle + 500) {
      return;
    }
    boolean listed = false;
    boolean sibling = false;
    for (CommitRecord r : beacon.recent()) {
      listed |= r.commit().equals(rejoin.commit);
      sibling |= r.parent().equals(rejoin.parent) && !r.commit().equals(rejoin.commit);
    }
    if (listed) {
      GroupState joined = rejoin.pending.join();
      rejoin = null;
      rejoinedAt = now;
      link.truth().rejoins++;
      Step<GroupState> s = fc.onRejoined(joined, Optional.of(joined.ownLeaf()), now);
      fc = s.next();
      for (Effect e : s.effects()) {
        perform(e);
      }
      afterStep();
    } else if (sibling || now > rejoin.createdAt + 6 * settle) {
      rejoin.pending.discard();
      rejoin.pending = null;
      link.truth().rejoinAttemptsFailed++;
      requestGroupInfo(from);
    }
  }

  // --- Actions ---

  void sendApplication(Bytes payload) {
    if (!staying() || fc.rejoinPending()) {
      return;
    }
    AppMessageId id =
        AppMessageId.of(Bytes.of((name + "#" + appSeq++).getBytes(StandardCharsets.UTF_8)));
    GroupState head = fc.head();
    Set<Integer> recipients = new LinkedHashSet<>();
    for (Member m : head.members()) {
      int member = link.memberByKey(m.leafNode().signatureKey());
      if (member >= 0 && member != index) {
        recipients.add(member);
      }
    }
    Bytes wire = adapter.encrypt(head, new AppContent(id, payload));
    link.truth().sent(id, index, link.now(), recipients);
    step(new Input.ApplicationSent(id, payload, fc.headEpoch()));
    link.publish(this, MemberLink.Kind.APPLICATION, wire);
  }

  void commitUpdate() {
    if (staying()) {
      commit(intent(INTENT_UPDATE, 0), List.of(), 0);
    }
  }

  void commitAdd(SimMember joiner) {
    if (staying()) {
      commit(intent(INTENT_ADD, joiner.index), List.of(new Add(joiner.keyPackage.keyPackage())), 0);
    }
  }

  /** Commits the removal of {@code leaver}; false when it is not a member in our head. */
  boolean commitRemove(SimMember leaver) {
    Optional<LeafIndex> leaf = leafOf(leaver.index);
    if (!staying() || leaf.isEmpty()) {
      return false;
    }
    commit(intent(INTENT_REMOVE, leaver.index), List.of(new Remove(leaf.get())), 0);
    return true;
  }

  private void commit(Intent intent, List<Proposal> proposals, int attempt) {
    if (fc.rejoinPending()) {
      return;
    }
    LocalCommit c;
    try {
      c = adapter.commit(fc.head(), CommitOptions.defaults().withProposals(proposals));
    } catch (DecodeException | ValidationException e) {
      link.truth().violation(name + " could not build a Commit: " + e.getMessage());
      return;
    }
    commitStore.put(c.commit(), c.wire());
    link.truth().commitCreated(c.commit(), c.parent());
    Bytes type = intent.value();
    if (type.get(0) == INTENT_ADD) {
      link.addCreated(c.commit(), intentMember(intent));
    }
    link.publish(this, MemberLink.Kind.COMMIT, c.wire());
    step(
        new Input.LocalCommitCreated(
            c.commit(), c.parent(), c.wire(), intent, c.welcome(), attempt));
  }

  void beacon(List<Integer> to) {
    if (!staying() || rejoin != null) {
      return;
    }
    Bytes wire = Beacons.sign(fc.head(), fc.beacon(), signer).encode();
    for (int peer : to) {
      link.direct(this, peer, MemberLink.Kind.BEACON, wire, false);
    }
  }

  void timer() {
    if (active()) {
      step(new Input.TimerFired(TimerKey.SETTLE));
    }
  }

  Optional<LeafIndex> leafOf(int member) {
    for (Member m : fc.head().members()) {
      if (link.memberByKey(m.leafNode().signatureKey()) == member) {
        return Optional.of(m.index());
      }
    }
    return Optional.empty();
  }

  // --- The fork choice ---

  private long widestSettleWindow;

  private void step(Input input) {
    Step<GroupState> s = fc.onInput(input, link.now());
    fc = s.next();
    for (Effect e : s.effects()) {
      perform(e);
    }
    afterStep();
  }

  /** The widest settle window this member has had (its erasure bound). */
  long widestSettleWindowMillis() {
    return Math.max(widestSettleWindow, fc.settleWindowMillis());
  }

  private void afterStep() {
    widestSettleWindow = Math.max(widestSettleWindow, fc.settleWindowMillis());
    EpochId head = fc.headEpoch();
    if (!head.equals(lastHead)) {
      if (lastHead != null) {
        fc.state(lastHead).ifPresent(s -> markObsolete(s));
      }
      lastHead = head;
      obsolete.remove(fc.head());
      link.truth().head(index, link.now(), head);
      link.truth()
          .epochs
          .add(
              new RunRecord.EpochSample(
                  link.now(), name, fc.headEpochNumber(), head.value().toHex()));
      link.trace(index, fc.headEpochNumber(), head.value().hashCode());
      retryWaiting();
    }
  }

  private void markObsolete(GroupState s) {
    if (!obsolete.containsKey(s)) {
      obsolete.put(s, link.now());
      obsoleteOrder.add(s);
    }
  }

  private void retryWaiting() {
    Iterator<Map.Entry<EpochId, List<Waiting>>> it = waiting.entrySet().iterator();
    List<Waiting> ready = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<EpochId, List<Waiting>> e = it.next();
      if (fc.state(e.getKey()).isPresent() || fc.isFinal(e.getKey())) {
        ready.addAll(e.getValue());
        it.remove();
      }
    }
    for (Waiting w : ready) {
      onApplication(w.wire(), w.arrivedAt());
    }
  }

  /** Drops messages that waited for an epoch longer than {@code ttlMillis}: it lost. */
  void expireWaiting(long ttlMillis) {
    waiting
        .values()
        .removeIf(
            list -> {
              list.removeIf(w -> link.now() - w.arrivedAt() > ttlMillis);
              return list.isEmpty();
            });
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
      if (since == null || s.isDestroyed()) {
        obsolete.remove(s);
        it.remove();
      } else if (s == fc.head()) {
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

  private void perform(Effect e) {
    ForkTruth truth = link.truth();
    long now = link.now();
    if (e instanceof Effect.RolledBack r) {
      truth.forkEvents.add(
          new RunRecord.ForkEvent(
              now,
              name,
              RunRecord.ForkEvent.Type.ROLLBACK,
              fc.state(r.to()).map(GroupState::currentEpoch).orElse(-1L)));
      for (CommitId dropped : r.dropped()) {
        link.trace(index, 1, dropped.value().hashCode());
      }
    } else if (e instanceof Effect.CommitOutranked o) {
      truth.forkEvents.add(
          new RunRecord.ForkEvent(
              now, name, RunRecord.ForkEvent.Type.FORK_DETECTED, fc.headEpochNumber()));
    } else if (e instanceof Effect.CommitRejected r) {
      if (!r.code().equals("LOCAL_MEMBER_REMOVED")) {
        truth.commitsRejected++;
        truth.violation(name + " rejected " + r.commit() + ": " + r.code() + " " + r.reason());
      }
    } else if (e instanceof Effect.CommitDropped d) {
      adapter.discardOwn(d.commit());
    } else if (e instanceof Effect.Deliver d) {
      truth.delivered(d.id(), index, now);
    } else if (e instanceof Effect.FollowsInvalidCommit f) {
      truth.violation(name + ": member " + f.member() + " follows invalid " + f.commit());
    } else if (e instanceof Effect.PersistSnapshot p) {
      fc.state(p.epoch()).ifPresent(s -> retained.put(p.epoch(), s));
    } else if (e instanceof Effect.EraseSnapshot x) {
      GroupState s = retained.remove(x.epoch());
      if (s != null && !s.isDestroyed()) {
        truth.violation(name + " erased " + x.epoch() + " but its secrets remain");
      }
    } else if (e instanceof Effect.ReleaseWelcome w) {
      link.welcomeReleased(this, w.commit(), w.welcome());
    } else if (e instanceof Effect.ResendApplication r) {
      truth.resent++;
      Bytes wire = adapter.encrypt(fc.head(), new AppContent(r.id(), r.payload()));
      link.publish(this, MemberLink.Kind.APPLICATION, wire);
    } else if (e instanceof Effect.RebuildCommit r) {
      rebuild(r.intent(), r.attempt());
    } else if (e instanceof Effect.ApplicationAbandoned a) {
      truth.abandoned++;
      truth.violation(name + " abandoned " + a.id());
    } else if (e instanceof Effect.IntentAbandoned a) {
      truth.intentsAbandoned++;
    } else if (e instanceof Effect.RequestCommits r) {
      pull(r.from(), new ConsensusMessage.CommitPull(fc.head().groupId(), r.from(), limit(r)));
    } else if (e instanceof Effect.RequestRecords r) {
      pull(
          r.from(),
          new ConsensusMessage.RecordsPull(fc.head().groupId(), r.from(), r.sinceEpochNumber()));
    } else if (e instanceof Effect.SetTimer t) {
      link.timer(this, t.atMillis());
    } else if (e instanceof Effect.RejoinByExternalCommit r) {
      rejoin = new Rejoin();
      requestGroupInfo(beaconSenders.getOrDefault(r.contact(), 0));
    }
  }

  private static List<CommitId> limit(Effect.RequestCommits r) {
    return r.commits().size() <= ConsensusMessage.MAX_PULL
        ? r.commits()
        : r.commits().subList(0, ConsensusMessage.MAX_PULL);
  }

  private void pull(LeafIndex from, ConsensusMessage message) {
    for (Member m : fc.head().members()) {
      if (m.index().equals(from)) {
        int peer = link.memberByKey(m.leafNode().signatureKey());
        if (peer >= 0) {
          MemberLink.Kind kind =
              message instanceof ConsensusMessage.CommitPull
                  ? MemberLink.Kind.COMMIT_PULL
                  : MemberLink.Kind.RECORDS_PULL;
          link.direct(this, peer, kind, message.encode(), false);
        }
        return;
      }
    }
  }

  /** Builds a lost Commit's intent again on the head, unless the head already did it. */
  private void rebuild(Intent intent, int attempt) {
    int type = intent.value().get(0);
    int target = intentMember(intent);
    if (type == INTENT_ADD) {
      if (leafOf(target).isEmpty()) {
        SimMember joiner = link instanceof ForkSimulation sim ? sim.member(target) : null;
        if (joiner != null && joiner.fc == null) {
          commit(intent, List.of(new Add(joiner.keyPackage.keyPackage())), attempt);
        }
      }
    } else if (type == INTENT_REMOVE) {
      Optional<LeafIndex> leaf = leafOf(target);
      if (leaf.isPresent()) {
        commit(intent, List.of(new Remove(leaf.get())), attempt);
      }
    }
    // An update needs no rebuild: the winning Commit already gave the group fresh keys.
  }

  private static Intent intent(int type, int member) {
    return Intent.of(new TlsWriter().u8(type).u32(member).toBytes());
  }

  private static int intentMember(Intent intent) {
    Bytes v = intent.value();
    return ((v.get(1) & 0xff) << 24)
        | ((v.get(2) & 0xff) << 16)
        | ((v.get(3) & 0xff) << 8)
        | (v.get(4) & 0xff);
  }
}
