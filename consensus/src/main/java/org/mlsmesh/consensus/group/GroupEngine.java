package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.ForkChoice;
import org.mlsmesh.consensus.ForkChoiceStats;
import org.mlsmesh.consensus.Input;
import org.mlsmesh.consensus.Intent;
import org.mlsmesh.consensus.ProposalRef;
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
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.PastEpochKeys;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.group.QueuedProposal;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * One member of one group, as a deterministic state machine: the member's whole behaviour beyond
 * MLS and the fork choice. It demultiplexes the group wire ({@link GroupWire}), feeds the {@link
 * ForkChoice} over {@link MlsGroupAdapter}, keeps the outbox (own Commits until final, application
 * messages until their epoch is final, Welcomes until acknowledged), answers and sends beacons and
 * pulls, rejoins the surviving branch after a partition longer than the settle window ({@link
 * Rejoin}), buffers messages of epochs not known yet ({@link EarlyMessages}) and measures delivery
 * delays for the settle window.
 *
 * <p>{@link #onInput} takes a {@link GroupInput} and the time as a value and returns {@link
 * GroupEffect}s; no clock, thread or I/O, randomness only from the MLS environment. The storage
 * writes of one input are one {@link GroupEffect.Persist}, first in the list: the shell commits it
 * before it sends or tells anything (merging a Commit and erasing the old epoch's secrets happen
 * together, RFC 9420 §14, RFC 9750 §5.2.2; a message is in the outbox before the network sees it).
 * The node's group actor and the simulator are both shells around this one class.
 *
 * <p>Invalid peer input is refused ({@link GroupEffect.Refused}) and never stops the engine. Not
 * thread-safe: one owner calls it.
 */
public final class GroupEngine {
  /** Application messages of unknown epochs kept until a Commit brings their epoch. */
  static final int MAX_EARLY_MESSAGES = 4_096;

  /** How long after a queued proposal to try committing it, at the least. */
  static final long MIN_PROPOSAL_COMMIT_DELAY_MILLIS = 50;

  /** How often released Welcomes are checked for a retry. */
  static final long WELCOME_RETRY_TICK_MILLIS = 500;

  /** An invitee that has not joined after this long is given up. */
  static final long WELCOME_MAX_AGE_MILLIS = 24 * 3600 * 1000L;

  /** Commits kept to answer pulls by hash: the newest ones this member saw. */
  static final int COMMIT_STORE_CAPACITY = 256;

  /** Own application messages kept to send again to a member that rejoins after a partition. */
  static final int SENT_LOG_CAPACITY = 4_096;

  /**
   * How long a final Commit's Welcome waits for every other member's confirmation at most: this
   * many settle windows, and at least {@link #MIN_CONFIRM_LIMIT_MILLIS}.
   */
  static final int CONFIRM_LIMIT_WINDOWS = 20;

  public static final long MIN_CONFIRM_LIMIT_MILLIS = 30_000;

  /**
   * The epochs before a rejoiner's shared epoch whose messages it also gets again: as many as a
   * member keeps the keys of by default ({@code GroupConfig.DEFAULT}). Going back as far as the
   * simulator's members keep keys (16 epochs) left random seeds 41 and 202 with epochs not final at
   * the end of the run: the larger bursts of re-sends under 50% loss.
   */
  static final int REJOIN_LOOKBACK_EPOCHS = 2;

  /** Members seen asking to leave, remembered to remove them again after a rejoin. */
  static final int DEPARTED_CAPACITY = 1_024;

  /** At most this many members shown on a losing branch are waiting to be told. */
  static final int LOSERS_TO_TELL = 256;

  /** How many times a member shown on a losing branch is told so, at most. */
  static final int LOSER_TELLS = 6;

  static final long MIN_LOSER_TELL_INTERVAL_MILLIS = 1_000;

  /** The most messages, and payload bytes, sent again in one bundle (see {@link AppContent}). */
  static final int MAX_BUNDLE_MESSAGES = 256;

  static final long MAX_BUNDLE_BYTES = 64 * 1024;

  /** Our recent Commits with a Welcome whose audience is remembered. */
  static final int WELCOME_AUDIENCES_CAPACITY = 64;

  /** Delivered ids kept to refuse duplicates across restarts. */
  static final int DELIVERED_CAPACITY = 1 << 16;

  /** About how many members' beacons go on the topic per interval in a large group. */
  static final int BEACONS_PER_INTERVAL = 32;

  private final GroupEngineSettings settings;
  private final Bytes groupId;
  private final Bytes ownIdentity;
  final MlsGroupAdapter adapter;
  ForkChoice<GroupState> forkChoice;
  private final EarlyMessages early = new EarlyMessages(MAX_EARLY_MESSAGES);
  private final Map<Intent, Waiting> waiting = new LinkedHashMap<>();
  private final Map<CommitId, Intent> ownCommits = new LinkedHashMap<>();
  private final Map<AppMessageId, Long> sentInEpoch = new LinkedHashMap<>();
  private final Map<AppMessageId, Bytes> senders = new LinkedHashMap<>();
  private final BoundedMap<CommitId, Bytes> commitStore = new BoundedMap<>(COMMIT_STORE_CAPACITY);
  private final BoundedMap<Bytes, Boolean> delivered = new BoundedMap<>(DELIVERED_CAPACITY);
  private final Map<Bytes, OutboxItem> outbox = new LinkedHashMap<>();
  private final List<Long> leaving = new ArrayList<>();
  private final SentLog sentLog;

  /** Members that proposed to leave, whose removal this member commits after its pacing delay. */
  private final java.util.LinkedHashSet<Bytes> leavers = new java.util.LinkedHashSet<>();

  /**
   * Every member seen asking to leave: its removal may be final on a branch that loses a long
   * partition, and the leaver is gone by then, never to ask again (see {@link #removeDeparted}).
   * When each was seen: a partition is decided within the confirmation limit, and a member invited
   * again later must stay.
   */
  private final BoundedMap<Bytes, Long> departed = new BoundedMap<>(DEPARTED_CAPACITY);

  /**
   * For each of our Commits with a Welcome, the epoch it was made on and who else was a member in
   * the epoch it made: the members its Welcome waits for (see {@link WelcomeGate}). Members added
   * later joined a branch with the Commit, and waiting for one whose own Welcome is held would hold
   * both until the limit.
   */
  private final BoundedMap<CommitId, WelcomeGate.Audience> welcomeAudiences =
      new BoundedMap<>(WELCOME_AUDIENCES_CAPACITY);

  /** Lost Commits' intents (with their attempt) to build again when {@link #commitPendingAt}. */
  private final Map<Intent, Integer> rebuilds = new LinkedHashMap<>();

  /**
   * The oldest shared epoch of the members that rejoined while our own branch was losing: what we
   * sent since then goes again once we rejoin. -1: none.
   */
  private long resendOwedSince = -1;

  /**
   * A member shown on a losing branch: records from {@code sinceEpoch} go to it at {@code dueAt}.
   */
  private record LoserToTell(long sinceEpoch, long dueAt, int told) {}

  private final BoundedMap<Bytes, LoserToTell> losersToTell = new BoundedMap<>(LOSERS_TO_TELL);

  /** Keys of shared epochs kept from branches given up by rejoining. */
  private final KeptKeys keptKeys = new KeptKeys();

  /** The head and first epoch of this step's re-send for rejoiners, if any. */
  private EpochId resentForRejoinOn;

  private long resentForRejoinFrom;

  /** The epoch this member last rejoined into, and the shared epoch it rejoined since; -1: none. */
  private long lastRejoinEpoch = -1;

  private long lastRejoinSince = -1;

  /** When {@link EngineTimer#COMMIT_PENDING} fires; -1: not set. */
  private long commitPendingAt = -1;

  private final WelcomeGate welcomeGate = new WelcomeGate();
  private final HeldBack heldBack = new HeldBack();
  private final Map<CommitId, Intent> releasedOnConfirm = new LinkedHashMap<>();
  private boolean beaconDue;

  /** Leaves handed back, with their attempt, to propose again at the end of the input. */
  private final Map<Intent, Integer> reproposals = new LinkedHashMap<>();

  /** When a leave was put off until our invitations were out; see {@link #onLeave}. */
  private long leaveDeferredAt = Long.MIN_VALUE / 2;

  private long beaconTicks;
  final Map<Bytes, Beacon> lastBeacons = new LinkedHashMap<>();
  private Rejoin rejoin;

  private List<Bytes> members = List.of();
  private long deliveredCount;
  private long refusedCount;
  private boolean stopped;
  private boolean welcomeTimerSet;
  private long confirmationsAskedAt = Long.MIN_VALUE / 2;

  long now = Long.MIN_VALUE;
  private List<GroupEffect> out = new ArrayList<>();
  private List<GroupTransaction.Op> ops = new ArrayList<>();
  private boolean headDirty;
  private boolean historyDirty;

  /** What the local member waits for on one intent: the requests to complete, the invitee. */
  private static final class Waiting {
    final List<Long> requests = new ArrayList<>();
    Optional<Bytes> invitee = Optional.empty();
  }

  private GroupEngine(GroupEngineSettings settings, GroupState state) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.groupId = state.groupId();
    this.ownIdentity = settings.credential.identity();
    this.adapter = new MlsGroupAdapter(state.suite(), () -> now, settings.stampSendTime);
    this.sentLog = new SentLog(SENT_LOG_CAPACITY, settings.replayAgeMillis);
  }

  /**
   * The engine of a group whose state {@code root} the member just created, or joined by a Welcome
   * from {@code inviter} (who gets its acknowledgement). {@code creator} made the epoch of {@code
   * root}. The effects store the state and tell the application the group.
   */
  public static Started create(
      GroupEngineSettings settings,
      GroupState root,
      Optional<LeafIndex> creator,
      Optional<Bytes> inviter,
      long nowMillis) {
    return create(settings, root, creator, inviter, Optional.empty(), nowMillis);
  }

  /**
   * {@link #create(GroupEngineSettings, GroupState, Optional, Optional, long)} for a member that
   * joined by a Welcome that came with {@code inviterRecords} ({@link GroupFrame.Welcome}): the
   * member adopts what its inviter holds final from the joined epoch on.
   */
  public static Started create(
      GroupEngineSettings settings,
      GroupState root,
      Optional<LeafIndex> creator,
      Optional<Bytes> inviter,
      Optional<ConsensusMessage.SignedBeacon> inviterRecords,
      long nowMillis) {
    GroupEngine e = new GroupEngine(settings, root);
    e.begin(nowMillis);
    e.forkChoice = ForkChoice.create(e.adapter, settings.forkChoice, root, creator);
    inviterRecords.ifPresent(e::adoptDecided);
    e.headDirty = true;
    e.putSnapshot(e.forkChoice.finalEpoch(), root, Optional.empty(), creator);
    e.tellMembers(Members.identities(root));
    e.notify(new GroupEvent.EpochChanged(root.currentEpoch(), root.epochAuthenticator()));
    inviter.ifPresent(e::acknowledgeWelcome);
    e.startBeacons();
    return new Started(e, e.end());
  }

  private void adoptDecided(ConsensusMessage.SignedBeacon records) {
    try {
      forkChoice.adoptDecided(Beacons.verify(records, forkChoice.head()));
    } catch (MeshException ex) {
      refuse("the inviter's records: " + ex.getMessage());
    }
  }

  /**
   * The engine of a group after a restart, from what its shell stored: the fork choice comes back
   * with its unsettled chain ({@link Restore}), the outbox is sent again.
   *
   * @throws DecodeException when the stored head does not load
   */
  public static Started restore(GroupEngineSettings settings, StoredGroup stored, long nowMillis)
      throws DecodeException {
    try {
      GroupState head = Restore.loadState(settings.env, stored.head());
      GroupEngine e = new GroupEngine(settings, head);
      e.begin(nowMillis);
      List<CommitRecord> history = List.of();
      if (stored.history().isPresent()) {
        try {
          RecordCodec.FinalRecords decoded = RecordCodec.decode(stored.history().get());
          history = decoded.records();
          e.remember(decoded.notes());
        } catch (DecodeException bad) {
          e.refuse("stored final records: " + bad.getMessage());
        }
      }
      Restore.Result restored =
          Restore.chain(settings, e.adapter, head, stored.snapshots(), history, nowMillis);
      e.forkChoice = restored.step().next();
      for (Bytes epoch : restored.erase()) {
        e.ops.add(new GroupTransaction.DeleteSnapshot(epoch));
      }
      if (!restored.rootStored()) {
        e.putSnapshot(
            e.forkChoice.finalEpoch(),
            e.forkChoice.state(e.forkChoice.finalEpoch()).orElseThrow(),
            e.forkChoice.record(e.forkChoice.finalEpoch()),
            Optional.empty());
      }
      e.members = Members.identities(e.forkChoice.head());
      for (Bytes id : stored.delivered()) {
        e.delivered.put(id, Boolean.TRUE);
      }
      for (OutboxItem item : stored.outbox()) {
        e.outbox.put(item.messageId(), item);
      }
      e.resendOutbox(restored);
      e.carryOut(restored.step().effects(), e.forkChoice.headEpoch());
      e.startBeacons();
      return new Started(e, e.end());
    } finally {
      stored.destroy();
    }
  }

  /** A new engine and the effects of its start. */
  public record Started(GroupEngine engine, List<GroupEffect> effects) {
    public Started {
      Objects.requireNonNull(engine, "engine");
      effects = List.copyOf(effects);
    }
  }

  /** Processes one input at {@code nowMillis}; returns what the shell must do, in order. */
  public List<GroupEffect> onInput(GroupInput input, long nowMillis) {
    Objects.requireNonNull(input, "input");
    begin(nowMillis);
    if (stopped) {
      failRequest(input, "the member left the group");
      return end();
    }
    try {
      dispatch(input);
    } catch (DecodeException | ValidationException | MeshException | GroupTopicException e) {
      refuse(e.getMessage());
    } catch (RuntimeException e) {
      failRequest(input, e.toString());
      refuse(e.toString());
    }
    return end();
  }

  private void dispatch(GroupInput input)
      throws DecodeException, ValidationException, MeshException, GroupTopicException {
    if (input instanceof GroupInput.TopicFrame t) {
      onFrame(GroupWire.parseTopic(groupId, t.payload()), Bytes.EMPTY);
    } else if (input instanceof GroupInput.DirectFrame d) {
      onFrame(GroupWire.parseDirect(groupId, d.payload()), d.from());
    } else if (input instanceof GroupInput.WelcomeRepeated w) {
      acknowledgeWelcome(w.inviter());
    } else if (input instanceof GroupInput.Send s) {
      onSend(s);
    } else if (input instanceof GroupInput.Invite i) {
      commitFor(
          new GroupIntent(GroupIntent.Kind.ADD, i.keyPackage()),
          i.request(),
          Optional.of(i.invitee()));
    } else if (input instanceof GroupInput.Remove r) {
      if (Members.leafOf(forkChoice.head(), r.identity()).isEmpty()) {
        out.add(new GroupEffect.Failed(r.request(), "not a member"));
        return;
      }
      commitFor(
          new GroupIntent(GroupIntent.Kind.REMOVE, r.identity()), r.request(), Optional.empty());
    } else if (input instanceof GroupInput.Update u) {
      commitFor(
          new GroupIntent(GroupIntent.Kind.UPDATE, Bytes.EMPTY), u.request(), Optional.empty());
    } else if (input instanceof GroupInput.Leave l) {
      onLeave(l.request());
    } else if (input instanceof GroupInput.TimerFired t) {
      onTimer(t.timer());
    }
  }

  // --- Queries, for the shell ---

  public Bytes groupId() {
    return groupId;
  }

  /** The current epoch's state: read it (members, authenticator), never change it. */
  public GroupState head() {
    return forkChoice.head();
  }

  public EpochId headEpoch() {
    return forkChoice.headEpoch();
  }

  public long headEpochNumber() {
    return forkChoice.headEpochNumber();
  }

  public EpochId finalEpoch() {
    return forkChoice.finalEpoch();
  }

  /** The number of the newest final epoch. */
  public long finalEpochNumber() {
    return forkChoice.state(forkChoice.finalEpoch()).map(GroupState::currentEpoch).orElse(-1L);
  }

  public List<Bytes> members() {
    return Members.identities(forkChoice.head());
  }

  /** The retained state of {@code epoch}, if any: for inspection (erasure audits) only. */
  public Optional<GroupState> retained(EpochId epoch) {
    return forkChoice.state(epoch);
  }

  /** The records of the final Commits this member still knows, oldest first. */
  public Beacon records() {
    return forkChoice.recordsSince(0);
  }

  public long settleWindowMillis() {
    return forkChoice.settleWindowMillis();
  }

  /** How long the member should wait before committing on the head (RFC 9750 §5.2.2). */
  public long commitDelayMillis() {
    return forkChoice.commitAdvice().delayMillis();
  }

  public boolean rejoinPending() {
    return forkChoice.rejoinPending();
  }

  public ForkChoiceStats stats() {
    return forkChoice.stats();
  }

  public long delivered() {
    return deliveredCount;
  }

  public long refused() {
    return refusedCount;
  }

  /** The epoch of the newest beacon heard from the member {@code identity}: it is in the group. */
  public OptionalLong beaconEpoch(Bytes identity) {
    Beacon beacon = lastBeacons.get(identity);
    return beacon == null ? OptionalLong.empty() : OptionalLong.of(beacon.epochNumber());
  }

  public boolean stopped() {
    return stopped;
  }

  // --- Frames ---

  private void onFrame(GroupFrame frame, Bytes from)
      throws DecodeException, ValidationException, MeshException {
    if (frame instanceof GroupFrame.Commit c) {
      onCommit(c);
    } else if (frame instanceof GroupFrame.Application a) {
      onApplication(a, true);
    } else if (frame instanceof GroupFrame.Proposal p) {
      onProposal(p, true);
    } else if (frame instanceof GroupFrame.Consensus c) {
      onConsensus(c.message(), from);
    } else if (frame instanceof GroupFrame.WelcomeAck) {
      acknowledgeWelcomes(from);
    } else if (frame instanceof GroupFrame.GroupInfoRequest) {
      answerGroupInfo(from);
    } else if (frame instanceof GroupFrame.GroupInfoAnswer g) {
      if (rejoin != null) {
        rejoin.onGroupInfo(this, from, g.answer());
      }
    } else if (frame instanceof GroupFrame.Welcome) {
      acknowledgeWelcome(from); // joined already: the acknowledgement was lost
    }
  }

  /** A Commit from the topic or answering a pull. */
  private void onCommit(GroupFrame.Commit c) {
    EpochId parent = c.header().epoch();
    CommitId id = adapter.commitId(c.wire());
    // Measured only when new, live and staged on a known parent: then its header was authenticated.
    boolean measure =
        !c.pulled() && !commitStore.containsKey(id) && forkChoice.state(parent).isPresent();
    commitStore.put(id, c.wire());
    adapter.offerDecoded(c.wire(), c.message());
    List<Effect> effects = step(new Input.CommitReceived(id, parent, c.wire()));
    for (Effect e : effects) {
      if (e instanceof Effect.CommitRejected r && r.commit().equals(id)) {
        measure = false;
      }
    }
    if (measure) {
      for (Effect e : effects) {
        if (e instanceof Effect.CommitApplied a && a.commit().equals(id)) {
          measureDelay(c.header(), committerOf(a.epoch(), parent));
        }
      }
    }
    if (c.header().rejoinSince().isPresent() && forkChoice.state(parent).isEmpty()) {
      // Too late or off our branch here, yet it may be on the branch we rejoin later.
      owe(c.header().rejoinSince().getAsLong());
    }
  }

  /** The identity of the member that made {@code epoch} from {@code parent}; empty if unknown. */
  private Bytes committerOf(EpochId epoch, EpochId parent) {
    Optional<CommitRecord> record = forkChoice.record(epoch);
    Optional<GroupState> parentState = forkChoice.state(parent);
    if (record.isEmpty() || parentState.isEmpty()) {
      return Bytes.EMPTY;
    }
    return Members.identityOf(parentState.get(), record.get().committer());
  }

  /**
   * A member rejoined the group by external Commit after its branch lost a partition: it shared
   * epochs up to {@code since} with ours and could never read what we sent from then on (RFC 9420
   * §14). Sent again in the head's epoch, same ids: the rejoiner delivers each once, the others
   * have it already.
   */
  private void resendForRejoin(long since) {
    if (onLostBranch()) {
      // Our own branch lost too: what the rejoiner misses goes once we are on the survivor.
      owe(since);
      return;
    }
    // Also the epochs just before: a message of a shared epoch still on its way (its sender lagged
    // in a partition) is unreadable for a rejoiner, whose new state keeps no past epoch's keys,
    // where the other members keep them (RFC 9420 §14).
    long from = Math.max(0, since - REJOIN_LOOKBACK_EPOCHS);
    EpochId head = forkChoice.headEpoch();
    if (head.equals(resentForRejoinOn) && from >= resentForRejoinFrom) {
      return; // already sent again in this step (several records may show rejoins)
    }
    resentForRejoinOn = head;
    resentForRejoinFrom = from;
    List<AppContent> again = new ArrayList<>();
    for (SentLog.Sent s : sentLog.since(from, now)) {
      again.add(new AppContent(s.id(), s.payload()));
    }
    sendAgain(head, again, true);
  }

  /**
   * Sends {@code contents} again in retained epoch {@code epoch}, in bundles (see {@link
   * AppContent}): a burst of single messages, reordered on the way, would fall out of the
   * receivers' out-of-order window (RFC 9420 §9.2). {@code toFork}: the fork choice learns of them
   * (a re-send it did not ask for itself).
   */
  private void sendAgain(EpochId epoch, List<AppContent> contents, boolean toFork) {
    Optional<GroupState> state = forkChoice.state(epoch);
    if (state.isEmpty() || contents.isEmpty()) {
      return;
    }
    List<AppContent> bundle = new ArrayList<>();
    long bytes = 0;
    for (AppContent c : contents) {
      if (!bundle.isEmpty()
          && (bundle.size() == MAX_BUNDLE_MESSAGES
              || bytes + c.payload().length() > MAX_BUNDLE_BYTES)) {
        sendBundle(epoch, state.get(), bundle, toFork);
        bundle = new ArrayList<>();
        bytes = 0;
      }
      bundle.add(c);
      bytes += c.payload().length();
    }
    sendBundle(epoch, state.get(), bundle, toFork);
  }

  private void sendBundle(
      EpochId epoch, GroupState state, List<AppContent> bundle, boolean toFork) {
    Bytes wire = adapter.encrypt(state, bundle);
    for (AppContent c : bundle) {
      storeApplication(c.id(), c.payload(), wire, epoch, state.currentEpoch());
      if (toFork) {
        step(new Input.ApplicationSent(c.id(), c.payload(), epoch));
      }
    }
    publish(GroupWire.APPLICATION, wire, Optional.empty());
    for (AppContent c : bundle) {
      outboxAttempt(c.id().value());
    }
  }

  private void owe(long since) {
    long owed = resendOwedSince < 0 ? since : Math.min(resendOwedSince, since);
    historyDirty |= owed != resendOwedSince;
    resendOwedSince = owed;
  }

  /** What this member remembers of rejoins, stored with the final records. */
  private RejoinNotes rejoinNotes() {
    return new RejoinNotes(resendOwedSince, lastRejoinEpoch, lastRejoinSince, departed);
  }

  /** After a restart: what was stored of rejoins. */
  private void remember(RejoinNotes notes) {
    resendOwedSince = notes.owedSince();
    lastRejoinEpoch = notes.lastRejoinEpoch();
    lastRejoinSince = notes.lastRejoinSince();
    departed.putAll(notes.departed());
  }

  /**
   * The last epoch since which this member could read everything, for a rejoin whose branch shared
   * epochs up to {@code shared} with the survivor. After an earlier rejoin into an epoch past that
   * point the member never had the epochs between that rejoin's shared epoch and its own: the
   * survivor shares them, so they are asked for again.
   */
  private long readableSince(long shared) {
    return lastRejoinEpoch > shared ? Math.min(shared, lastRejoinSince) : shared;
  }

  /** The rejoins that {@code records} show: each is owed what we sent since its shared epoch. */
  private void owedToRejoiners(List<CommitRecord> records) {
    for (CommitRecord r : records) {
      if (r.rejoinSince().isPresent()) {
        resendForRejoin(r.rejoinSince().getAsLong());
      }
    }
  }

  /**
   * Feeds the delay of a message just accepted, sent at its header's send time, to the settle
   * window: clock skew making it negative counts as 0, and a replay is ignored.
   */
  private void measureDelay(MeshHeader header, Bytes sender) {
    if (header.sentAtMillis().isEmpty() || stopped) {
      return;
    }
    long sentAt = header.sentAtMillis().getAsLong();
    long delay = now - sentAt;
    if (delay > settings.replayAgeMillis
        || !heldBack.isNetworkDelay(
            sender,
            sentAt,
            now,
            settleWindowMillis(),
            settleWindowMillis() / settings.forkChoice.settleDelayFactor())) {
      return;
    }
    out.add(new GroupEffect.DeliveryDelay(Math.max(0, delay)));
    step(new Input.DeliveryDelayMeasured(Math.max(0, delay)));
  }

  /** Opens an application message in the epoch its header names, or keeps it until that exists. */
  private void onApplication(GroupFrame.Application a, boolean live)
      throws DecodeException, MeshException, ValidationException {
    EpochId epoch = a.header().epoch();
    Optional<GroupState> state = forkChoice.state(epoch);
    if (state.isEmpty() && isPast(epoch, a.message())) {
      // A late message of an epoch already final and erased (settled while the message was on its
      // way, or before a restart): the head keeps the past epochs' keys (RFC 9420 §14). One of
      // another branch does not decrypt: refused if its epoch is final (that branch lost), else
      // kept, since the branch may still win (a sibling epoch numbered below our head).
      try {
        deliverReceived(adapter.openAs(forkChoice.head(), epoch, a.wire()));
        return;
      } catch (ValidationException | MeshException e) {
        Optional<ReceivedApplication> kept = keptKeys.open(adapter, epoch, a);
        if (kept.isPresent()) {
          deliverReceived(kept.get());
          return;
        }
        if (forkChoice.isFinal(epoch) || !live) {
          throw e;
        }
      }
    }
    if (state.isEmpty()) {
      if (live && early.add(epoch, a)) {
        refusedCount++;
      }
      return;
    }
    ReceivedApplication app = adapter.open(state.get(), a.wire());
    boolean accepted = deliverReceived(app);
    if (accepted && live) {
      // a live arrival, not one kept for its epoch
      measureDelay(a.header(), Members.identityOf(state.get(), app.sender()));
    }
  }

  /** True when {@code epoch} is final, or numbered before the head (known before a restart). */
  private boolean isPast(EpochId epoch, MlsMessage message) {
    if (forkChoice.isFinal(epoch)) {
      return true;
    }
    return message
        .privateMessage()
        .map(m -> m.epoch() < forkChoice.headEpochNumber())
        .orElse(false);
  }

  /**
   * Hands an opened message (each of a bundle's) to the fork choice; false if every one was
   * delivered before.
   */
  private boolean deliverReceived(ReceivedApplication app) {
    Bytes sender = Members.identity(app.senderCredential());
    boolean any = false;
    for (AppContent content : app.contents()) {
      AppMessageId id = content.id();
      if (delivered.containsKey(id.value())) {
        continue;
      }
      if (!any && !outbox.isEmpty()) {
        acknowledgeWelcomes(sender); // the invitee speaks in the group: it has its Welcome
      }
      any = true;
      senders.put(id, sender);
      step(new Input.ApplicationReceived(id, content.payload()));
      senders.remove(id);
    }
    return any;
  }

  private void deliver(Effect.Deliver d, Bytes sender) {
    delivered.put(d.id().value(), Boolean.TRUE);
    ops.add(new GroupTransaction.MarkDelivered(d.id().value()));
    deliveredCount++;
    notify(new GroupEvent.MessageReceived(sender, d.id().value(), d.payload()));
  }

  private void retryEarly() {
    EpochId head = forkChoice.headEpoch();
    List<GroupFrame.Mls> ready =
        early.takeReady(
            m ->
                m instanceof GroupFrame.Proposal
                    ? m.header().epoch().equals(head)
                    : forkChoice.state(m.header().epoch()).isPresent());
    for (GroupFrame.Mls m : ready) {
      try {
        if (m instanceof GroupFrame.Proposal p) {
          onProposal(p, false);
        } else if (m instanceof GroupFrame.Application a) {
          onApplication(a, false);
        }
      } catch (DecodeException | MeshException | ValidationException | RuntimeException e) {
        refuse("early message: " + e.getMessage());
      }
    }
  }

  /**
   * A proposal of the head epoch is queued for the next Commit; one of an epoch not final and not
   * the head yet is kept until it is (its Commit may still be on its way, or win a fork).
   */
  private void onProposal(GroupFrame.Proposal p, boolean live)
      throws DecodeException, ValidationException, MeshException {
    EpochId epoch = p.header().epoch();
    if (!epoch.equals(forkChoice.headEpoch())) {
      if (live && !forkChoice.isFinal(epoch)) {
        if (early.add(epoch, p)) {
          refusedCount++;
        }
        return;
      }
      throw new MeshException(
          MeshCode.PARENT_EPOCH_MISMATCH, "proposal for another epoch than the head");
    }
    // Verified on a copy and not queued: the removal is committed by value (below), so that no
    // member ever meets a Commit that refers to a proposal it never received (RFC 9420 §12.4).
    GroupState scratch = forkChoice.head().copy();
    Processed processed;
    try {
      processed = scratch.process(p.message(), now);
    } finally {
      scratch.destroy();
    }
    if (!(processed instanceof Processed.ProposalQueued queued)) {
      throw new MeshException(MeshCode.NOT_A_COMMIT, "expected a proposal, got " + processed);
    }
    Bytes leaver = leaverOf(queued.proposal());
    if (leaver.isEmpty()) {
      throw new MeshException(
          MeshCode.NOT_A_COMMIT,
          "a " + queued.proposal().proposal().kind() + " proposal: members only propose leaving");
    }
    leavers.add(leaver);
    departed.put(leaver, now);
    historyDirty = true;
    scheduleCommitPending(now + Math.max(MIN_PROPOSAL_COMMIT_DELAY_MILLIS, commitDelayMillis()));
  }

  /** The identity a SelfRemove (or a member's Remove) asks to remove; empty for another kind. */
  private Bytes leaverOf(QueuedProposal queued) {
    GroupState head = forkChoice.head();
    if (queued.proposal() instanceof Remove r) {
      return Members.identityOf(head, r.removed());
    }
    if (queued.proposal().kind() == Proposal.Kind.SELF_REMOVE
        && queued.sender() instanceof Sender.Member m) {
      return Members.identityOf(head, m.leafIndex());
    }
    return Bytes.EMPTY;
  }

  /** Commits the removal of the members that asked to leave and still are members. */
  private void commitLeavers() throws DecodeException, ValidationException {
    for (Bytes leaver : List.copyOf(leavers)) {
      leavers.remove(leaver);
      if (!leaver.equals(ownIdentity)
          && Members.leafOf(forkChoice.head(), leaver).isPresent()
          && !forkChoice.rejoinPending()) {
        commit(new GroupIntent(GroupIntent.Kind.REMOVE, leaver), 0);
      }
    }
  }

  private void onConsensus(ConsensusMessage message, Bytes from)
      throws MeshException, DecodeException, ValidationException {
    if (message instanceof ConsensusMessage.SignedBeacon signed) {
      onBeacon(signed, from);
    } else if (message instanceof ConsensusMessage.CommitPull pull) {
      for (CommitId id : pull.commits()) {
        Bytes wire = commitStore.get(id);
        if (wire != null) {
          out.add(new GroupEffect.SendDirect(from, GroupWire.pulledCommit(groupId, wire)));
        }
      }
    } else if (message instanceof ConsensusMessage.RecordsPull pull) {
      if (onLostBranch()) {
        // Our branch lost: records from it would confirm a Welcome or a rejoin into a lost branch.
        return;
      }
      ConsensusMessage.SignedBeacon answer =
          Beacons.sign(
              forkChoice.head(), forkChoice.recordsSince(pull.sinceEpoch()), settings.signer);
      out.add(new GroupEffect.SendDirect(from, GroupWire.consensus(answer)));
    }
  }

  /** A beacon from a member of our head epoch: the fork choice pulls what it shows we miss. */
  private void onBeacon(ConsensusMessage.SignedBeacon signed, Bytes from)
      throws MeshException, DecodeException, ValidationException {
    Beacon beacon;
    try {
      beacon = Beacons.verify(signed, forkChoice.head());
    } catch (MeshException e) {
      if (rejoin != null && onRejoinerBeacon(signed, from)) {
        return;
      }
      if (e.code() == MeshCode.BEACON_SENDER_UNKNOWN) {
        return; // a member of an epoch we do not have yet: its Commits reach us by gossip
      }
      throw e;
    }
    if (beacon.from().equals(forkChoice.head().ownLeaf())) {
      return;
    }
    Bytes member = Members.identityOf(forkChoice.head(), beacon.from());
    lastBeacons.put(member, beacon);
    heldBack.heard(member, now, settleWindowMillis());
    step(new Input.BeaconReceived(beacon));
    if (!welcomeGate.isEmpty()) {
      releaseConfirmed();
    }
    if (rejoin != null) {
      owedToRejoiners(beacon.recent());
      rejoin.onBeacon(this, beacon, member);
    }
  }

  /**
   * While rejoining, a beacon that does not verify as from the leaf it names in our epoch may come
   * from a member that rejoined the surviving branch into another leaf: sent to us directly (an
   * answer to our records pull), it verifies with that member's key. It counts for the rejoin only
   * (its leaf index is of another tree than ours). True when it did.
   */
  private boolean onRejoinerBeacon(ConsensusMessage.SignedBeacon signed, Bytes from) {
    Optional<LeafIndex> leaf = Members.leafOf(forkChoice.head(), from);
    if (leaf.isEmpty() || from.equals(ownIdentity)) {
      return false;
    }
    Beacon beacon;
    try {
      beacon =
          Beacons.verifyWith(
              signed,
              forkChoice.head(),
              forkChoice.head().tree().leaf(leaf.get()).orElseThrow().signatureKey());
    } catch (MeshException e) {
      return false;
    }
    lastBeacons.put(from, beacon);
    try {
      rejoin.onBeacon(this, beacon, from);
    } catch (DecodeException | ValidationException e) {
      refuse("rejoin: " + e.getMessage());
    }
    return true;
  }

  // --- The application's commands ---

  private void onSend(GroupInput.Send s) {
    GroupState head = forkChoice.head();
    AppMessageId id = AppMessageId.of(Bytes.wrap(settings.env.random().randomBytes(16)));
    Bytes wire = adapter.encrypt(head, new AppContent(id, s.payload()));
    storeApplication(id, s.payload(), wire, forkChoice.headEpoch(), head.currentEpoch());
    step(new Input.ApplicationSent(id, s.payload(), forkChoice.headEpoch()));
    publish(GroupWire.APPLICATION, wire, Optional.of(id.value()));
    out.add(new GroupEffect.Completed(s.request(), id.value()));
  }

  /** Commits {@code intent} for the application; {@code request} completes when it is final. */
  private void commitFor(GroupIntent intent, long request, Optional<Bytes> invitee)
      throws DecodeException, ValidationException {
    Waiting w = waiting.computeIfAbsent(intent.toIntent(), k -> new Waiting());
    w.requests.add(request);
    if (invitee.isPresent()) {
      w.invitee = invitee;
    }
    try {
      commit(intent, 0);
    } catch (DecodeException | ValidationException | RuntimeException e) {
      waiting.remove(intent.toIntent());
      out.add(new GroupEffect.Failed(request, String.valueOf(e.getMessage())));
      throw e;
    }
  }

  private void onLeave(long request) throws DecodeException, ValidationException {
    leaving.add(request);
    if (forkChoice.head().members().size() == 1) {
      removedFromGroup();
      return;
    }
    // Every other member shows our final epoch first: a branch of ours that loses a partition
    // after we are gone would take our Commits with it, and no one would build them again (random
    // seed 215: a Remove of a member that had left). Held like a Welcome, at most the limit.
    forkChoice
        .record(forkChoice.finalEpoch())
        .ifPresent(
            r -> {
              List<Bytes> others = new ArrayList<>(members);
              others.remove(ownIdentity);
              welcomeGate.hold(r.commit(), r.parentEpochNumber(), others, now);
              setWelcomeTimer();
            });
    releaseConfirmed();
    if (leaveMustWait()) {
      // Our invitations go out first: once removed, we could never send their Welcomes, and the
      // invitees would stay in the group without ever joining (random seed 155).
      leaveDeferredAt = now;
      reproposals.merge(GroupIntent.leave().toIntent(), 0, Math::max);
      return;
    }
    try {
      propose(GroupIntent.leave(), 0);
    } catch (DecodeException | ValidationException | RuntimeException e) {
      leaving.remove(request);
      out.add(new GroupEffect.Failed(request, String.valueOf(e.getMessage())));
      throw e;
    }
  }

  /** Proposes {@code intent} on the head and hands it to the fork choice and the network. */
  private void propose(GroupIntent intent, int attempt)
      throws DecodeException, ValidationException {
    if (intent.kind() != GroupIntent.Kind.LEAVE) {
      throw new IllegalArgumentException("only leaving is proposed alone, not " + intent.kind());
    }
    GroupState head = forkChoice.head();
    // RFC 9420 §12.1.3 and the SelfRemove extension: a member cannot commit its own removal.
    MlsMessage proposal = head.leave(new MeshHeader(forkChoice.headEpoch(), now).encode());
    List<QueuedProposal> queued = head.pendingProposals();
    ProposalRef ref = ProposalRef.of(queued.get(queued.size() - 1).ref().value());
    headDirty = true;
    step(new Input.ProposalSent(ref, intent.toIntent(), forkChoice.headEpoch(), attempt));
    publish(GroupWire.PROPOSAL, proposal.encoded(), Optional.empty());
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
    // Where the Welcome goes: the requester named it; a Commit built again after its request was
    // answered (final on a branch that lost) has only its KeyPackage to say.
    Waiting asked = waiting.get(intent.toIntent());
    Bytes invitee = asked == null ? Bytes.EMPTY : asked.invitee.orElse(Bytes.EMPTY);
    switch (intent.kind()) {
      case ADD -> {
        KeyPackage kp = TlsReader.decodeAll(intent.argument(), KeyPackage::decode);
        options = options.withProposals(List.<Proposal>of(new Add(kp)));
        if (invitee.isEmpty()) {
          invitee = Members.identity(kp.leafNode());
        }
      }
      case REMOVE -> {
        LeafIndex leaf =
            Members.leafOf(head, intent.argument())
                .orElseThrow(() -> new IllegalArgumentException("not a member"));
        options = options.withProposals(List.<Proposal>of(new Remove(leaf)));
      }
      case COMMIT_PENDING, UPDATE, LEAVE -> {}
    }
    LocalCommit local = adapter.commit(head, options);
    ownCommits.put(local.commit(), intent.toIntent());
    commitStore.put(local.commit(), local.wire());
    outboxPut(local.commit().value(), OutboxItem.Kind.COMMIT, local.wire());
    if (local.welcome().isPresent()) {
      outboxPut(
          Welcomes.key(local.commit()),
          OutboxItem.Kind.WELCOME,
          Welcomes.entry(invitee, local.welcome().get()));
    }
    notify(new GroupEvent.CommitCreated(local.commit(), local.parent(), local.welcome()));
    step(
        new Input.LocalCommitCreated(
            local.commit(),
            local.parent(),
            local.wire(),
            intent.toIntent(),
            local.welcome(),
            attempt));
    if (local.welcome().isPresent()
        && forkChoice
            .record(forkChoice.headEpoch())
            .map(r -> r.commit().equals(local.commit()))
            .orElse(false)) {
      List<Bytes> audience = new ArrayList<>(Members.identities(forkChoice.head()));
      audience.remove(ownIdentity);
      welcomeAudiences.put(local.commit(), new WelcomeGate.Audience(head.currentEpoch(), audience));
    }
    publish(GroupWire.COMMIT, local.wire(), Optional.of(local.commit().value()));
  }

  private void onTimer(EngineTimer timer) throws DecodeException, ValidationException {
    switch (timer) {
      case SETTLE -> step(new Input.TimerFired(TimerKey.SETTLE));
      case COMMIT_PENDING -> {
        commitPendingAt = -1;
        commitLeavers();
        rebuildDue();
      }
      case WELCOME_RETRY -> retryWelcomes();
      case BEACON -> {
        beaconTicks++;
        if (beaconTurn()) {
          publishBeacon();
        }
        out.add(new GroupEffect.SetTimer(EngineTimer.BEACON, now + settings.beaconIntervalMillis));
      }
      case REJOIN -> {
        if (rejoin != null) {
          rejoin.onTick(this);
        }
        if (rejoin != null) {
          out.add(new GroupEffect.SetTimer(EngineTimer.REJOIN, now + Rejoin.TICK_MILLIS));
        }
      }
    }
  }

  // --- The fork choice ---

  /**
   * Feeds one input and carries out the step: storage writes into this input's transaction, then
   * the events for the application, then the rest (which may feed further inputs, e.g. a rebuilt
   * Commit).
   */
  List<Effect> step(Input input) {
    EpochId headBefore = forkChoice.headEpoch();
    Step<GroupState> s = forkChoice.onInput(input, now);
    forkChoice = s.next();
    return carryOut(s.effects(), headBefore);
  }

  /** The local member rejoined the surviving branch: {@code joined} is its new, final epoch. */
  void rejoined(GroupState joined, List<CommitRecord> survivorRecords) {
    lastRejoinEpoch = joined.currentEpoch();
    lastRejoinSince = rejoin.since();
    long branchPoint = rejoin.branchPoint();
    rejoin = null;
    lastBeacons.clear();
    List<Intent> lost = new ArrayList<>();
    for (CommitId commit : welcomeGate.dropAfter(branchPoint)) {
      // Final on our branch after it parted, so lost: its Welcome must never go; its Add is made
      // again below.
      outboxRemove(Welcomes.key(commit));
      Intent intent = releasedOnConfirm.remove(commit);
      if (intent != null) {
        lost.add(intent);
      }
    }
    // The epochs up to the branch point are the survivor's too: keep their keys, as a member that
    // stayed keeps them, for late messages of those epochs (RFC 9420 §14).
    keptKeys.keep(PastEpochKeys.of(forkChoice.head(), branchPoint), now + settings.replayAgeMillis);
    EpochId headBefore = forkChoice.headEpoch();
    Step<GroupState> s =
        forkChoice.onRejoined(joined, Optional.of(joined.ownLeaf()), survivorRecords, now);
    forkChoice = s.next();
    historyDirty = true; // the lost branch's records are no longer final: stored anew
    carryOut(s.effects(), headBefore);
    notify(new GroupEvent.Rejoined(joined.currentEpoch()));
    publishBeacon();
    owedToRejoiners(survivorRecords); // who rejoined the survivor before us
    if (resendOwedSince >= 0) {
      long since = resendOwedSince;
      resendOwedSince = -1;
      resendForRejoin(since);
    }
    for (Intent intent : lost) {
      ownCommits.values().remove(intent);
      rebuild(intent, 1);
    }
    removeDeparted();
  }

  /**
   * Commits again, after the pacing delay, the removal of members that asked to leave and are
   * members of the branch just rejoined: their removal was on the branch that lost.
   */
  private void removeDeparted() {
    boolean any = false;
    for (Bytes member : Members.identities(forkChoice.head())) {
      Long seen = departed.get(member);
      if (seen != null && now - seen <= confirmLimitMillis() && !member.equals(ownIdentity)) {
        any |= leavers.add(member);
      }
    }
    if (any) {
      scheduleCommitPending(now + Math.max(MIN_PROPOSAL_COMMIT_DELAY_MILLIS, commitDelayMillis()));
    }
  }

  private List<Effect> carryOut(List<Effect> effects, EpochId headBefore) {
    boolean headMoved = !forkChoice.headEpoch().equals(headBefore);
    if (headMoved) {
      headDirty = true;
    }
    for (Effect e : effects) {
      out.add(new GroupEffect.Observed(e));
      persist(e);
    }
    // Told before any effect is carried out: carrying one out may step again (a rebuilt Commit),
    // and the application must see this head before the next one.
    if (headMoved) {
      tellHead(effects);
    }
    for (Effect e : effects) {
      act(e);
    }
    resend(effects);
    List<CommitRecord> applied = new ArrayList<>();
    for (Effect e : effects) {
      if (e instanceof Effect.CommitApplied a) {
        forkChoice.record(a.epoch()).ifPresent(applied::add);
      }
    }
    owedToRejoiners(applied); // a rejoiner's Commit on our branch, also one applied late
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
            notify(
                new GroupEvent.ForkResolved(
                    winner.epochNumber(),
                    forkChoice
                        .state(winner.epoch())
                        .map(GroupState::epochAuthenticator)
                        .orElseThrow(() -> new IllegalStateException("applied, not retained")),
                    r.dropped().size()));
            break;
          }
        }
      }
    }
    GroupState head = forkChoice.head();
    tellMembers(Members.identities(head));
    notify(new GroupEvent.EpochChanged(head.currentEpoch(), head.epochAuthenticator()));
  }

  /** Tells the application who joined and left since the member list it was told last. */
  private void tellMembers(List<Bytes> current) {
    List<Bytes> told = members;
    members = current;
    if (told.equals(current)) {
      return; // the usual case (a new epoch of the same members): linear, not quadratic
    }
    Set<Bytes> before = new LinkedHashSet<>(told);
    Set<Bytes> after = new LinkedHashSet<>(current);
    for (Bytes m : current) {
      if (!before.contains(m)) {
        notify(new GroupEvent.MemberJoined(m));
      }
    }
    for (Bytes m : told) {
      if (!after.contains(m)) {
        notify(new GroupEvent.MemberLeft(m));
      }
    }
  }

  private void persist(Effect e) {
    if (e instanceof Effect.PersistSnapshot p) {
      forkChoice
          .state(p.epoch())
          .ifPresent(
              s -> putSnapshot(p.epoch(), s, forkChoice.record(p.epoch()), Optional.empty()));
    } else if (e instanceof Effect.EraseSnapshot erase) {
      ops.add(new GroupTransaction.DeleteSnapshot(erase.epoch().value()));
    } else if (e instanceof Effect.EpochFinal f) {
      historyDirty = true;
      outboxRemove(f.commit().value());
      pruneSentApplications(f.epochNumber());
    } else if (e instanceof Effect.RebuildCommit r) {
      outboxRemove(r.lost().value());
      outboxRemove(Welcomes.key(r.lost()));
    }
  }

  private void act(Effect e) {
    if (e instanceof Effect.SetTimer t) {
      out.add(new GroupEffect.SetTimer(EngineTimer.SETTLE, t.atMillis()));
    } else if (e instanceof Effect.Deliver d) {
      if (!delivered.containsKey(d.id().value())) {
        deliver(d, senders.getOrDefault(d.id(), Bytes.EMPTY));
      }
    } else if (e instanceof Effect.ReleaseWelcome r) {
      releaseWelcome(r.commit());
    } else if (e instanceof Effect.EpochFinal f) {
      // A Commit restored after a restart is unknown to the fork choice's outbox: its Welcome is
      // released here, when it is final (RFC 9750 §5.2.3). Released once: see releaseWelcome.
      releaseWelcome(f.commit());
      Intent intent = ownCommits.remove(f.commit());
      if (intent != null && welcomeGate.isHeld(f.commit())) {
        releasedOnConfirm.put(f.commit(), intent); // an invite completes when its Welcome goes
      } else if (intent != null) {
        complete(intent);
      }
      // The others confirm our Welcomes by our beacons (in a large group, by their answers to our
      // records pulls: see beaconStride).
      beaconDue |= beaconStride() == 1;
    } else if (e instanceof Effect.ResendApplication) {
      // sent in bundles after the other effects: see resend(List)
    } else if (e instanceof Effect.RebuildCommit r) {
      rebuild(r);
    } else if (e instanceof Effect.ResendProposal r) {
      reproposals.merge(r.intent(), r.attempt(), Math::max); // proposed last: see proposeDeferred
    } else if (e instanceof Effect.IntentAbandoned a) {
      fail(a.intent(), "lost every commit race");
    } else if (e instanceof Effect.CommitRejected r) {
      if ("LOCAL_MEMBER_REMOVED".equals(r.code())) {
        removedFromGroup();
      } else {
        refuse("Commit " + r.commit() + ": " + r.code() + " " + r.reason());
      }
    } else if (e instanceof Effect.CommitDropped d) {
      adapter.discardOwn(d.commit());
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
      if (e instanceof Effect.PartitionDetected p && p.weSurvive()) {
        if (tellLoser(p)) {
          out.add(new GroupEffect.Warn(e.toString()));
        }
      } else {
        out.add(new GroupEffect.Warn(e.toString()));
      }
    } else if (e instanceof Effect.RejoinByExternalCommit r) {
      out.add(new GroupEffect.Warn(e.toString()));
      if (rejoin != null) {
        rejoin.discard(); // a better branch than the one we were rejoining
      }
      rejoin = new Rejoin(r.contact(), readableSince(r.ours().parentEpochNumber()), r.theirs());
      rejoin.requestGroupInfo(this);
      out.add(new GroupEffect.SetTimer(EngineTimer.REJOIN, now + Rejoin.TICK_MILLIS));
    }
  }

  /**
   * After a settle window, sends the member whose beacon showed a losing branch our records from
   * the fork on, directly: it learns that it lost even if it missed our beacons, which go once per
   * head (random seed 498: the winning Commit reached it just after its own had become final, and
   * it stayed on its branch). Not at once: a loser that heard of it by then has set out to rejoin
   * through the member it heard it from, and ignores this. Again every settle window, at most
   * {@link #LOSER_TELLS} times, until a beacon of the loser shows it on our branch (under 50% loss
   * one copy may not arrive: random seed 41). True when it is newly shown so.
   */
  private boolean tellLoser(Effect.PartitionDetected p) {
    Bytes loser = Members.identityOf(forkChoice.head(), p.from());
    if (loser.isEmpty() || loser.equals(ownIdentity) || losersToTell.containsKey(loser)) {
      return false;
    }
    losersToTell.put(
        loser, new LoserToTell(p.theirs().parentEpochNumber(), now + settleWindowMillis(), 0));
    return true;
  }

  private void tellLosersDue() {
    if (losersToTell.isEmpty() || stopped) {
      return;
    }
    Iterator<Map.Entry<Bytes, LoserToTell>> it = losersToTell.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Bytes, LoserToTell> entry = it.next();
      LoserToTell t = entry.getValue();
      if (t.dueAt() > now) {
        continue;
      }
      Beacon heard = lastBeacons.get(entry.getKey());
      boolean onOurBranch = heard != null && forkChoice.isOnChain(heard.epochId());
      if (onOurBranch || t.told() >= LOSER_TELLS) {
        it.remove();
        continue;
      }
      entry.setValue(
          new LoserToTell(
              t.sinceEpoch(),
              now + Math.max(MIN_LOSER_TELL_INTERVAL_MILLIS, settleWindowMillis()),
              t.told() + 1));
      if (!onLostBranch()) {
        ConsensusMessage.SignedBeacon records =
            Beacons.sign(
                forkChoice.head(), forkChoice.recordsSince(t.sinceEpoch()), settings.signer);
        out.add(new GroupEffect.SendDirect(entry.getKey(), GroupWire.consensus(records)));
      }
    }
  }

  /** The fork choice's re-sends of one step, by epoch: sent in bundles once all are known. */
  private void resend(List<Effect> effects) {
    Map<EpochId, List<AppContent>> byEpoch = new LinkedHashMap<>();
    for (Effect e : effects) {
      if (e instanceof Effect.ResendApplication r) {
        byEpoch
            .computeIfAbsent(r.onEpoch(), k -> new ArrayList<>())
            .add(new AppContent(r.id(), r.payload()));
      }
    }
    byEpoch.forEach((epoch, contents) -> sendAgain(epoch, contents, false));
  }

  /**
   * A Commit of ours lost: its intent is built again on the winner after this member's pacing delay
   * (RFC 9750 §5.2.2), not at once. Members whose Commits lost one race together would otherwise
   * race again at once, and again: the best ranked goes first, the others see its Commit and build
   * on it, or find their intent done.
   */
  private void rebuild(Effect.RebuildCommit r) {
    ownCommits.remove(r.lost());
    rebuilds.put(r.intent(), r.attempt());
    scheduleCommitPending(now + commitDelayMillis());
  }

  private void scheduleCommitPending(long at) {
    if (commitPendingAt < 0 || at < commitPendingAt) {
      commitPendingAt = at;
      out.add(new GroupEffect.SetTimer(EngineTimer.COMMIT_PENDING, at));
    }
  }

  /** The rebuilds due: each built on the head now, unless the head already did it. */
  private void rebuildDue() {
    for (Map.Entry<Intent, Integer> r : List.copyOf(rebuilds.entrySet())) {
      rebuilds.remove(r.getKey());
      if (!forkChoice.rejoinPending()) {
        rebuild(r.getKey(), r.getValue());
      }
    }
  }

  /** Builds {@code lost}'s Commit again on the head, unless the head already did what it meant. */
  private void rebuild(Intent lost, int attempt) {
    try {
      GroupIntent intent = GroupIntent.of(lost);
      GroupState head = forkChoice.head();
      boolean done =
          switch (intent.kind()) {
            case ADD -> {
              KeyPackage kp = TlsReader.decodeAll(intent.argument(), KeyPackage::decode);
              Bytes who = ((BasicCredential) kp.leafNode().credential()).identity();
              yield Members.identities(head).contains(who);
            }
            case REMOVE -> Members.leafOf(head, intent.argument()).isEmpty();
            case COMMIT_PENDING -> !head.hasPendingProposals();
            case UPDATE, LEAVE -> false;
          };
      if (done) {
        complete(lost);
      } else {
        commit(intent, attempt);
      }
    } catch (DecodeException | ValidationException | RuntimeException e) {
      fail(lost, "cannot rebuild: " + e.getMessage());
      out.add(new GroupEffect.Warn("cannot rebuild: " + e));
    }
  }

  /**
   * Proposes again, once everything else of this input is done, the leaves handed back: a pending
   * proposal forbids application data until the next Commit (RFC 9420 §12.4), and the same input
   * may still re-send application messages (a rollback, a rejoin) or build a Commit. A leaver that
   * still has Commits of its own to build again (or removals of other leavers) builds them first:
   * once removed it never could, and what they did would be lost with it.
   */
  private void proposeDeferred() {
    if (reproposals.isEmpty()
        || stopped
        || commitPendingAt >= 0 && (!rebuilds.isEmpty() || !leavers.isEmpty())
        || leaveMustWait() && now - leaveDeferredAt <= confirmLimitMillis()) {
      return;
    }
    Map<Intent, Integer> due = new LinkedHashMap<>(reproposals);
    reproposals.clear();
    if (forkChoice.rejoinPending()) {
      return; // a proposal on a losing branch would be lost: the rejoin hands the leave back
    }
    for (Map.Entry<Intent, Integer> r : due.entrySet()) {
      // On the head now: a Commit of ours may have moved it since the proposal was handed back.
      try {
        propose(GroupIntent.of(r.getKey()), r.getValue());
      } catch (DecodeException | ValidationException | RuntimeException e) {
        out.add(new GroupEffect.Warn("cannot propose again: " + e));
      }
    }
  }

  /**
   * True while a leave waits (see {@link #onLeave}): an invitation of ours is not out yet (its
   * Commit is not final, its Welcome is held for confirmations, or it is to be built again), or the
   * others have not all shown our final epoch.
   */
  private boolean leaveMustWait() {
    if (!welcomeGate.isEmpty()) {
      return true;
    }
    for (OutboxItem item : outbox.values()) {
      if (item.kind() == OutboxItem.Kind.WELCOME && item.attempts() == 0) {
        return true;
      }
    }
    for (Intent intent : rebuilds.keySet()) {
      try {
        if (GroupIntent.of(intent).kind() == GroupIntent.Kind.ADD) {
          return true;
        }
      } catch (DecodeException e) {
        // not an intent of ours: rebuilding it fails on its own
      }
    }
    return false;
  }

  private void complete(Intent intent) {
    Waiting w = waiting.remove(intent);
    if (w != null) {
      w.requests.forEach(r -> out.add(new GroupEffect.Completed(r, Bytes.EMPTY)));
    }
  }

  private void fail(Intent intent, String reason) {
    Waiting w = waiting.remove(intent);
    if (w != null) {
      w.requests.forEach(r -> out.add(new GroupEffect.Failed(r, reason)));
    }
  }

  /** A Commit removed this member, or it left alone: forget the group everywhere. */
  private void removedFromGroup() {
    stopped = true;
    keptKeys.destroy();
    ops.clear();
    ops.add(new GroupTransaction.ForgetGroup());
    headDirty = false;
    notify(new GroupEvent.MemberLeft(ownIdentity));
    leaving.forEach(r -> out.add(new GroupEffect.Completed(r, Bytes.EMPTY)));
    leaving.clear();
    for (Waiting w : waiting.values()) {
      w.requests.forEach(r -> out.add(new GroupEffect.Failed(r, "removed from the group")));
    }
    waiting.clear();
    out.add(new GroupEffect.Stopped());
  }

  // --- Welcomes ---

  /**
   * Sends the stored Welcome of the final Commit {@code commit}, once: later sends are retries
   * until the invitee acknowledges it.
   */
  private void releaseWelcome(CommitId commit) {
    OutboxItem item = outbox.get(Welcomes.key(commit));
    if (item == null || item.attempts() > 0 || welcomeGate.isHeld(commit)) {
      return;
    }
    WelcomeGate.Audience audience = welcomeAudiences.remove(commit);
    if (audience == null) { // made before a restart: the final epoch's members
      GroupState root = forkChoice.state(forkChoice.finalEpoch()).orElseThrow();
      List<Bytes> members = new ArrayList<>(Members.identities(root));
      members.remove(ownIdentity);
      // The epoch it was made on, from its record: several epochs may have become final at once,
      // and a beacon shows the Commit only as made on its own parent epoch (random seed 805).
      long parent =
          forkChoice.finalRecords(RecordCodec.MAX_RECORDS).stream()
              .filter(r -> r.commit().equals(commit))
              .mapToLong(CommitRecord::parentEpochNumber)
              .findFirst()
              .orElse(root.currentEpoch() - 1);
      audience = new WelcomeGate.Audience(parent, members);
    }
    List<Bytes> waitFor = new ArrayList<>(audience.members());
    try {
      waitFor.remove(Welcomes.decode(item.payload()).invitee());
    } catch (DecodeException e) {
      // sendWelcome drops it
    }
    welcomeGate.hold(commit, audience.parentEpoch(), waitFor, now);
    releaseConfirmed();
    setWelcomeTimer();
  }

  /** Sends the held Welcomes that every other member confirmed (see {@link WelcomeGate}). */
  private void releaseConfirmed() {
    if (forkChoice.rejoinPending()) {
      return; // our branch lost a partition: its Welcomes never go (RFC 9750 §5.2.3)
    }
    for (CommitId commit : welcomeGate.takeReady(lastBeacons, members, now, confirmLimitMillis())) {
      OutboxItem item = outbox.get(Welcomes.key(commit));
      if (item != null && item.attempts() == 0) {
        sendWelcome(item);
      }
      Intent intent = releasedOnConfirm.remove(commit);
      if (intent != null) {
        complete(intent);
      }
    }
  }

  /** How long a held Welcome waits for confirmations at most: partitions are decided by then. */
  private long confirmLimitMillis() {
    return Math.max(CONFIRM_LIMIT_WINDOWS * settleWindowMillis(), MIN_CONFIRM_LIMIT_MILLIS);
  }

  /**
   * Asks the members a held Welcome still waits for for their records, directly: a beacon is
   * published once per head (gossip drops the same bytes again), so one lost on the way would hold
   * the Welcome until that member's next epoch. Once a settle window, at most.
   */
  private void askForConfirmations() {
    if (welcomeGate.isEmpty()
        || now - confirmationsAskedAt < Math.max(1_000, settleWindowMillis())) {
      return;
    }
    confirmationsAskedAt = now;
    WelcomeGate.Waiting w = welcomeGate.waiting();
    for (Bytes member : w.members()) {
      Members.leafOf(forkChoice.head(), member)
          .ifPresent(
              leaf ->
                  out.add(
                      new GroupEffect.SendDirect(
                          member,
                          GroupWire.consensus(
                              new ConsensusMessage.RecordsPull(groupId, leaf, w.sinceEpoch())))));
    }
  }

  private void setWelcomeTimer() {
    if (!welcomeTimerSet) {
      welcomeTimerSet = true;
      out.add(new GroupEffect.SetTimer(EngineTimer.WELCOME_RETRY, now + WELCOME_RETRY_TICK_MILLIS));
    }
  }

  private void sendWelcome(OutboxItem item) {
    Welcomes.Entry entry;
    try {
      entry = Welcomes.decode(item.payload());
    } catch (DecodeException e) {
      outboxRemove(item.messageId());
      refuse("stored Welcome: " + e.getMessage());
      return;
    }
    if (entry.invitee().isEmpty()) {
      return; // no invitee to address (a Commit built without one): nothing to retry
    }
    Optional<ConsensusMessage.SignedBeacon> records =
        forkChoice
            .recordsForInvitee(Welcomes.commitOf(item.messageId()))
            .map(b -> Beacons.sign(forkChoice.head(), b, settings.signer));
    out.add(
        new GroupEffect.SendDirect(entry.invitee(), GroupWire.welcome(entry.welcome(), records)));
    outboxAttempt(item.messageId());
    setWelcomeTimer();
  }

  /**
   * Durable Welcomes: a released Welcome goes again ({@link Welcomes#retryDelayMillis}), until the
   * invitee acknowledges it (a direct acknowledgement when it joins, or any message of its in the
   * group) or a day passed. So an invitee that was offline when its Welcome was released receives
   * it when it comes online.
   */
  private void retryWelcomes() {
    welcomeTimerSet = false;
    releaseConfirmed();
    askForConfirmations();
    boolean any = !welcomeGate.isEmpty();
    for (OutboxItem item : List.copyOf(outbox.values())) {
      if (item.kind() != OutboxItem.Kind.WELCOME || item.attempts() == 0) {
        continue;
      }
      if (now - item.createdAtMillis() > WELCOME_MAX_AGE_MILLIS) {
        outboxRemove(item.messageId());
        out.add(new GroupEffect.Warn("gave up a Welcome never acknowledged"));
        continue;
      }
      any = true;
      long delay = Welcomes.retryDelayMillis(item.attempts());
      if (now >= item.lastAttemptAtMillis().orElse(0) + delay) {
        sendWelcome(item);
      }
    }
    if (any) {
      setWelcomeTimer();
    }
  }

  /** Tells {@code inviter}, if a member, that this member joined from its Welcome. */
  private void acknowledgeWelcome(Bytes inviter) {
    if (members.contains(inviter) && !inviter.equals(ownIdentity)) {
      out.add(new GroupEffect.SendDirect(inviter, GroupWire.welcomeAck(groupId)));
    }
  }

  /** The invitee {@code identity} has its Welcome: forget every stored Welcome for it. */
  private void acknowledgeWelcomes(Bytes identity) {
    for (OutboxItem item : List.copyOf(outbox.values())) {
      if (item.kind() == OutboxItem.Kind.WELCOME
          && item.attempts() > 0
          && Welcomes.isFor(item.payload(), identity)) {
        outboxRemove(item.messageId());
      }
    }
  }

  // --- Rejoining after a partition longer than the settle window ---

  /** A member asks for our head's GroupInfo, to rejoin by external Commit (RFC 9420 §12.4.3.2). */
  private void answerGroupInfo(Bytes from) {
    if (onLostBranch() || !members.contains(from)) {
      return; // our own branch lost (we are no source of the surviving one), or a stranger
    }
    MlsMessage groupInfo = forkChoice.head().groupInfo(true, true);
    out.add(
        new GroupEffect.SendDirect(
            from,
            GroupWire.groupInfo(groupId, forkChoice.headEpoch().value(), groupInfo.encoded())));
  }

  /** True when our branch lost a partition and we are, or are about to be, rejoining. */
  private boolean onLostBranch() {
    return forkChoice.rejoinPending() || rejoin != null;
  }

  /** Asks the member at {@code leaf} of our head for {@code message}, directly. */
  void pullFrom(LeafIndex leaf, ConsensusMessage message) {
    Bytes identity = Members.identityOf(forkChoice.head(), leaf);
    if (!identity.isEmpty()) {
      out.add(new GroupEffect.SendDirect(identity, GroupWire.consensus(message)));
    }
  }

  /**
   * Another member to ask for the surviving branch's GroupInfo than {@code contact}: the next one,
   * in leaf order, whose verified beacon we have (a member on another branch than ours).
   */
  LeafIndex nextContact(LeafIndex contact) {
    GroupState head = forkChoice.head();
    List<LeafIndex> heard = new ArrayList<>();
    for (Map.Entry<Bytes, Beacon> b : lastBeacons.entrySet()) {
      if (!b.getValue().epochId().equals(forkChoice.headEpoch())) {
        Members.leafOf(head, b.getKey()).ifPresent(heard::add);
      }
    }
    heard.sort(null);
    for (LeafIndex leaf : heard) {
      if (leaf.compareTo(contact) > 0) {
        return leaf;
      }
    }
    return heard.isEmpty() ? contact : heard.get(0);
  }

  void sendDirect(Bytes to, Bytes payload) {
    out.add(new GroupEffect.SendDirect(to, payload));
  }

  void publishCommit(CommitId id, Bytes wire) {
    commitStore.put(id, wire);
    publish(GroupWire.COMMIT, wire, Optional.empty());
  }

  GroupEngineSettings settings() {
    return settings;
  }

  // --- Beacons ---

  private void startBeacons() {
    if (beaconTurn()) {
      publishBeacon();
    }
    out.add(new GroupEffect.SetTimer(EngineTimer.BEACON, now + settings.beaconIntervalMillis));
  }

  /**
   * Every how many beacon intervals this member's beacon goes on the topic: every interval in a
   * group of up to {@link #BEACONS_PER_INTERVAL} members; in a larger one, in turns, so that the
   * topic carries about that many beacons per interval whatever the size (every member verifies
   * every beacon: n² signature checks per interval otherwise, and a beacon per new head and per
   * final epoch). A member that needs another's records sooner asks it directly: the committer of a
   * held Welcome ({@link #askForConfirmations}), a rejoiner.
   */
  private long beaconStride() {
    return Math.max(1, (members.size() + BEACONS_PER_INTERVAL - 1) / BEACONS_PER_INTERVAL);
  }

  /** This member's turn to beacon at this tick: its leaf index spreads the turns of a group. */
  private boolean beaconTurn() {
    long stride = beaconStride();
    return stride == 1 || (beaconTicks + forkChoice.head().ownLeaf().value()) % stride == 0;
  }

  /**
   * The member's signed beacon (RFC 9750 §5.2.2 leaves fork detection to the application). An
   * unchanged beacon is the same bytes, which gossip drops as a duplicate: in effect a member
   * announces each new head, and anti-entropy carries the last one to newcomers.
   */
  private void publishBeacon() {
    if (onLostBranch() || stopped) {
      return;
    }
    ConsensusMessage.SignedBeacon signed =
        Beacons.sign(forkChoice.head(), forkChoice.beacon(), settings.signer);
    out.add(new GroupEffect.Publish(GroupWire.frame(GroupWire.BEACON, signed.encode())));
  }

  // --- Restart ---

  /**
   * Hands what storage still must send to the network again (gossip drops what peers already have).
   * An own Commit off the restored chain was never published (the crash came between storing it and
   * applying it) or lost: it goes, with its Welcome. A Welcome already released goes again; one
   * whose Commit became final just before the crash is released now.
   */
  private void resendOutbox(Restore.Result restored) {
    Set<Bytes> published = new LinkedHashSet<>(); // a bundle is stored under each of its messages
    for (OutboxItem item : List.copyOf(outbox.values())) {
      switch (item.kind()) {
        case COMMIT -> {
          CommitId commit = CommitId.of(item.messageId());
          if (restored.chainCommits().contains(commit)) {
            commitStore.put(commit, item.payload());
            publish(GroupWire.COMMIT, item.payload(), Optional.of(item.messageId()));
          } else {
            outboxRemove(item.messageId());
            outboxRemove(Welcomes.key(commit));
          }
        }
        case APPLICATION -> resendStored(item, published);
        case WELCOME -> {
          if (item.attempts() > 0) {
            sendWelcome(item);
          } else {
            // Final before the crash but still held for confirmations (random seed 945): released
            // again; one still on the chain is released when it becomes final.
            Stream.concat(restored.rootCommit().stream(), finalCommits().stream())
                .filter(c -> Welcomes.key(c).equals(item.messageId()))
                .findFirst()
                .ifPresent(this::releaseWelcome);
          }
        }
      }
    }
  }

  /** The Commits of the final epochs this member keeps records of. */
  private List<CommitId> finalCommits() {
    List<CommitId> commits = new ArrayList<>();
    for (CommitRecord r : forkChoice.finalRecords(RecordCodec.MAX_RECORDS)) {
      commits.add(r.commit());
    }
    return commits;
  }

  /**
   * An application message stored before the restart: sent again as it was if its epoch is not
   * final; the fork choice watches it again either way (and re-sends it if the epoch loses, even to
   * a partition decided later).
   */
  private void resendStored(OutboxItem item, Set<Bytes> published) {
    SentApplication sent;
    try {
      sent = SentApplication.decode(item.payload());
    } catch (DecodeException e) {
      outboxRemove(item.messageId());
      refuse("stored application message: " + e.getMessage());
      return;
    }
    AppMessageId id = AppMessageId.of(item.messageId());
    // Also a message of the final epoch, or of a past one the others still read (RFC 9420 §14):
    // acknowledged, it may never have left the node before the crash (KilledMidBurstTest). The
    // others drop a copy they have, by its gossip id and its message id.
    long readable = finalEpochNumber() - settings.env.config().pastEpochs();
    if (sent.epoch() >= readable && published.add(sent.wire())) {
      publish(GroupWire.APPLICATION, sent.wire(), Optional.empty());
    }
    sentInEpoch.put(id, sent.epoch());
    sentLog.add(id, sent.payload(), sent.epoch(), now);
    step(new Input.ApplicationSent(id, sent.payload(), sent.epochId()));
  }

  // --- Effects and storage ---

  private void begin(long nowMillis) {
    now = Math.max(now, nowMillis);
    resentForRejoinOn = null;
    out = new ArrayList<>();
    ops = new ArrayList<>();
    headDirty = false;
  }

  private List<GroupEffect> end() {
    proposeDeferred();
    tellLosersDue();
    keptKeys.erase(now, forkChoice.headEpochNumber() - settings.env.config().pastEpochs());
    if (beaconDue) {
      beaconDue = false;
      publishBeacon();
    }
    if (historyDirty && !stopped) {
      historyDirty = false;
      ops.add(
          new GroupTransaction.PutHistory(
              RecordCodec.encode(forkChoice.finalRecords(RecordCodec.MAX_RECORDS), rejoinNotes())));
    }
    if (headDirty && !stopped) {
      GroupState head = forkChoice.head();
      ops.add(new GroupTransaction.PutHead(head.currentEpoch(), Restore.saved(head)));
    }
    List<GroupEffect> effects = new ArrayList<>();
    if (!ops.isEmpty()) {
      effects.add(new GroupEffect.Persist(new GroupTransaction(groupId, now, ops)));
    }
    effects.addAll(out);
    out = new ArrayList<>();
    ops = new ArrayList<>();
    headDirty = false;
    return effects;
  }

  private void putSnapshot(
      EpochId epoch,
      GroupState state,
      Optional<org.mlsmesh.consensus.CommitRecord> record,
      Optional<LeafIndex> creator) {
    ops.add(
        new GroupTransaction.PutSnapshot(
            epoch.value(),
            state.currentEpoch(),
            new SnapshotPayload(record, creator, Restore.saved(state)).encodeAndDestroy()));
  }

  private void publish(byte tag, Bytes wire, Optional<Bytes> outboxId) {
    out.add(new GroupEffect.Publish(GroupWire.frame(tag, wire)));
    outboxId.ifPresent(this::outboxAttempt);
  }

  /**
   * Application messages stay stored after their epoch is final, as long as the fork choice keeps
   * them ({@code sentLogCapacity}, and within the final records stored): a partition longer than
   * the settle window can still undo their epoch, and then they are sent again on the survivor —
   * also by a member restarted in between.
   */
  private void pruneSentApplications(long finalEpoch) {
    int kept = 0;
    for (OutboxItem item : outbox.values()) {
      kept += item.kind() == OutboxItem.Kind.APPLICATION ? 1 : 0;
    }
    for (OutboxItem item : List.copyOf(outbox.values())) {
      if (item.kind() != OutboxItem.Kind.APPLICATION) {
        continue;
      }
      Long epoch = sentInEpoch.get(AppMessageId.of(item.messageId()));
      boolean old = epoch == null || epoch < finalEpoch - RecordCodec.MAX_RECORDS;
      if (old || kept > settings.forkChoice.sentLogCapacity()) {
        outboxRemove(item.messageId());
        sentInEpoch.remove(AppMessageId.of(item.messageId()));
        kept--;
      }
    }
  }

  /**
   * Stores an application message sent in {@code epoch} (numbered {@code number}) with the state
   * whose sender ratchet moved for it, before the network sees it.
   */
  private void storeApplication(
      AppMessageId id, Bytes payload, Bytes wire, EpochId epoch, long number) {
    headDirty = true;
    outboxPut(
        id.value(),
        OutboxItem.Kind.APPLICATION,
        new SentApplication(payload, wire, number, epoch).encode());
    sentInEpoch.put(id, number);
    // The newest epoch it went in: a rejoiner that shared epochs only up to an older one needs it.
    sentLog.add(id, payload, number, now);
  }

  private void outboxPut(Bytes id, OutboxItem.Kind kind, Bytes payload) {
    OutboxItem before = outbox.get(id);
    outbox.put(
        id,
        new OutboxItem(
            id,
            kind,
            payload,
            0,
            before == null ? now : before.createdAtMillis(),
            java.util.OptionalLong.empty()));
    ops.add(new GroupTransaction.OutboxPut(id, kind, payload));
  }

  private void outboxAttempt(Bytes id) {
    OutboxItem item = outbox.get(id);
    if (item != null) {
      outbox.put(id, item.attempted(now));
      ops.add(new GroupTransaction.OutboxAttempt(id));
    }
  }

  private void outboxRemove(Bytes id) {
    if (outbox.remove(id) != null) {
      ops.add(new GroupTransaction.OutboxRemove(id));
    }
  }

  void notify(GroupEvent event) {
    out.add(new GroupEffect.Notify(event));
  }

  void refuse(String what) {
    refusedCount++;
    out.add(new GroupEffect.Refused(what));
  }

  private void failRequest(GroupInput input, String reason) {
    long request;
    if (input instanceof GroupInput.Send s) {
      request = s.request();
    } else if (input instanceof GroupInput.Invite i) {
      request = i.request();
    } else if (input instanceof GroupInput.Remove r) {
      request = r.request();
    } else if (input instanceof GroupInput.Update u) {
      request = u.request();
    } else if (input instanceof GroupInput.Leave l) {
      request = l.request();
    } else {
      return;
    }
    for (GroupEffect e : out) {
      if (e instanceof GroupEffect.Failed f && f.request() == request
          || e instanceof GroupEffect.Completed c && c.request() == request) {
        return;
      }
    }
    if (waiting.values().stream().anyMatch(w -> w.requests.contains(request))
        || leaving.contains(request)) {
      return;
    }
    out.add(new GroupEffect.Failed(request, reason));
  }

  @Override
  public String toString() {
    return "GroupEngine[" + groupId.toHex() + ", epoch " + headEpochNumber() + "]";
  }
}
