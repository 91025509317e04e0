package org.mlsmesh.consensus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The eventually consistent fork choice of one group (RFC 9750 §5.2.2, option 2): every valid
 * Commit is applied at once while the parent state is kept as a snapshot; a better sibling rolls
 * the head back to the snapshot and applies the winner, dropping what was built on the loser; after
 * the settle window the winner is final, the snapshot and the losing branches are erased, and only
 * then the winner's Welcome is released (RFC 9750 §5.2.3). What the local member sent on a losing
 * branch is re-sent (same application message id) or handed back to be rebuilt on the winner.
 *
 * <p>A deterministic state machine: {@link #onInput} takes an {@link Input} and the time as a value
 * and returns a {@link Step} of {@link Effect}s; no clock, thread, I/O or randomness, and no output
 * depends on hash iteration order. So every member that saw the same Commits agrees on the same
 * chain, whatever order they arrived in, and a simulation replays bit for bit. It is mutable and
 * not thread-safe: one owner (the group actor, the simulator) calls it and uses {@link
 * Step#next()}.
 *
 * @param <S> the group state (see {@link GroupAdapter})
 */
public final class ForkChoice<S> {
  private final GroupAdapter<S> adapter;
  private final ForkChoiceConfig config;
  private final PendingCommits pending;
  private final Outbox outbox = new Outbox();
  private final DeliveredIds delivered;
  private final Partitions partitions = new Partitions();
  private final SettleWindow settleWindow;

  /**
   * For a member that joined late, the Commit its inviter holds final on each epoch of ours not
   * final yet: any other Commit on that epoch came too late (see {@link #adoptDecided}).
   */
  private final LinkedHashMap<EpochId, CommitId> decided = new LinkedHashMap<>();

  /** Every Commit seen on a retained epoch: its parent and, if it was merged, its epoch. */
  private final LinkedHashMap<CommitId, Fate> fates = new LinkedHashMap<>();

  private ForkTree<S> tree;
  private History history;
  private long now = Long.MIN_VALUE;
  private List<Effect> out = new ArrayList<>();
  private final Counters counters = new Counters();

  private record Fate(EpochId parent, Optional<EpochId> epoch, boolean invalid) {
    static Fate dropped(EpochId parent) {
      return new Fate(parent, Optional.empty(), false);
    }
  }

  private static final class Counters {
    long applied;
    long forks;
    long rollbacks;
    long invalid;
    long dropped;
    long settled;
    long resends;
    long rebuilds;
    long equivocations;
    long delivered;
    long duplicates;
  }

  private ForkChoice(
      GroupAdapter<S> adapter, ForkChoiceConfig config, S root, Optional<LeafIndex> creator) {
    this.adapter = Objects.requireNonNull(adapter, "adapter");
    this.config = Objects.requireNonNull(config, "config");
    this.pending = new PendingCommits(config.maxBufferedCommits(), config.bufferTtlMillis());
    this.delivered = new DeliveredIds(config.deliveredIdsCapacity());
    this.tree = new ForkTree<>(rootNode(root, creator));
    this.history = new History(config.historyEpochs());
    this.settleWindow = new SettleWindow(config);
  }

  /**
   * A fork choice whose final epoch is {@code root}: a new group, a group joined by Welcome, or a
   * state restored from storage. {@code rootCreator} is the member that created that epoch (the
   * committer, the group's creator, or the {@code GroupInfo.signer} of a Welcome, RFC 9420
   * §12.4.3): it gets the worst rank in it.
   */
  public static <S> ForkChoice<S> create(
      GroupAdapter<S> adapter, ForkChoiceConfig config, S root, Optional<LeafIndex> rootCreator) {
    return new ForkChoice<>(adapter, config, root, rootCreator);
  }

  /**
   * A fork choice restored after a restart from the states the shell persisted ({@link
   * Effect.PersistSnapshot}): {@code root} is the newest final epoch, {@code chain} the unsettled
   * epochs after it up to the head, oldest first, each with the record of the Commit that produced
   * it ({@link #record}). The settle window of the root starts again at {@code nowMillis}; the
   * returned step holds its timer. A Commit already on the chain is not staged again when it
   * arrives, and a better sibling rolls back to any restored epoch.
   *
   * @throws IllegalArgumentException when a record does not link to the epoch before it
   */
  public static <S> Step<S> restore(
      GroupAdapter<S> adapter,
      ForkChoiceConfig config,
      S root,
      Optional<LeafIndex> rootCreator,
      List<Restored<S>> chain,
      long nowMillis) {
    return restore(adapter, config, root, rootCreator, chain, List.of(), nowMillis);
  }

  /**
   * {@link #restore(GroupAdapter, ForkChoiceConfig, Object, Optional, List, long)} that also knows
   * the records of final Commits before the root ({@link #finalRecords}, oldest first), so that a
   * partition longer than the settle window is still decided after the restart.
   */
  public static <S> Step<S> restore(
      GroupAdapter<S> adapter,
      ForkChoiceConfig config,
      S root,
      Optional<LeafIndex> rootCreator,
      List<Restored<S>> chain,
      List<CommitRecord> history,
      long nowMillis) {
    ForkChoice<S> fc = new ForkChoice<>(adapter, config, root, rootCreator);
    for (CommitRecord r : history) {
      if (!fc.tree.contains(r.parent())) {
        fc.history.add(r);
      }
    }
    fc.begin(nowMillis);
    Node<S> parent = fc.tree.root();
    for (Restored<S> r : chain) {
      CommitRecord record = r.record();
      if (!record.parent().equals(parent.epochId)) {
        throw new IllegalArgumentException(
            "restored "
                + record.commit()
                + " names parent "
                + record.parent()
                + ", not "
                + parent.epochId);
      }
      Node<S> child =
          new Node<>(
              adapter.epochId(r.state()),
              adapter.epochNumber(r.state()),
              Optional.of(record),
              Optional.of(record.committer()),
              List.of(),
              r.state());
      parent.childArrived(fc.now);
      fc.tree.attach(parent, child);
      fc.fates.put(record.commit(), new Fate(parent.epochId, Optional.of(child.epochId), false));
      parent = child;
    }
    if (fc.tree.root().hasChild()) {
      fc.out.add(new Effect.SetTimer(TimerKey.SETTLE, fc.settleAt(fc.tree.root())));
    }
    return fc.end();
  }

  /**
   * A state to {@link #restore} and the record of the Commit that produced it.
   *
   * @param <S> the group state
   */
  public static final class Restored<S> {
    private final CommitRecord record;
    private final S state;

    /** {@code state} (which holds secrets, so this is not a record) passes to the fork choice. */
    public Restored(CommitRecord record, S state) {
      this.record = Objects.requireNonNull(record, "record");
      this.state = Objects.requireNonNull(state, "state");
    }

    public CommitRecord record() {
      return record;
    }

    public S state() {
      return state;
    }
  }

  /**
   * Processes one input at {@code nowMillis} (a clock that does not go back; earlier is clamped).
   */
  public Step<S> onInput(Input input, long nowMillis) {
    Objects.requireNonNull(input, "input");
    begin(nowMillis);
    if (input instanceof Input.CommitReceived c) {
      onCommit(c.commit(), c.parent(), c.wire());
    } else if (input instanceof Input.LocalCommitCreated c) {
      outbox.addCommit(c.commit(), c.intent(), numberOf(c.parent()), c.welcome(), c.attempt());
      onCommit(c.commit(), c.parent(), c.wire());
    } else if (input instanceof Input.ApplicationSent a) {
      delivered.markDelivered(a.id());
      outbox.addApplication(a.id(), a.payload(), a.epoch(), numberOf(a.epoch()));
    } else if (input instanceof Input.ApplicationReceived a) {
      if (delivered.markDelivered(a.id())) {
        counters.delivered++;
        out.add(new Effect.Deliver(a.id(), a.payload()));
      } else {
        counters.duplicates++;
      }
    } else if (input instanceof Input.ProposalSent p) {
      outbox.addProposal(p.ref(), p.intent(), p.epoch(), numberOf(p.epoch()), p.attempt());
    } else if (input instanceof Input.BeaconReceived b) {
      out.addAll(partitions.onBeacon(b.beacon(), partitionView()));
    } else if (input instanceof Input.DeliveryDelayMeasured d) {
      settleWindow.measured(d.delayMillis());
    } else if (input instanceof Input.TimerFired t) {
      if (t.key() == TimerKey.SETTLE
          && config.settleWindow() == ForkChoiceConfig.SettleWindowMode.MEASURED
          && tree.root().hasChild()) {
        // The window may have grown since the timer was set: wait for the new end.
        out.add(new Effect.SetTimer(TimerKey.SETTLE, settleAt(tree.root())));
      }
    } else {
      throw new IllegalArgumentException("unknown input " + input);
    }
    return end();
  }

  /**
   * The local member rejoined the surviving branch of a partition by external Commit (after {@link
   * Effect.RejoinByExternalCommit}); {@code state} is its new, final epoch and {@code creator} the
   * external committer (the local member). Erases every retained state of the lost branch, then
   * re-sends the outbox and hands back the pending intents on the new branch.
   */
  public Step<S> onRejoined(S state, Optional<LeafIndex> creator, long nowMillis) {
    return onRejoined(state, creator, List.of(), nowMillis);
  }

  /**
   * {@link #onRejoined(Object, Optional, long)}, knowing {@code survivorRecords}: the records of
   * the surviving branch's final Commits up to the epoch rejoined (oldest first, from the contact's
   * beacon). With them the member still decides against a third branch that split off before it
   * rejoined, and rejoins that one if it is better.
   */
  public Step<S> onRejoined(
      S state, Optional<LeafIndex> creator, List<CommitRecord> survivorRecords, long nowMillis) {
    Objects.requireNonNull(state, "state");
    begin(nowMillis);
    partitions.lostAt().ifPresent(outbox::revive);
    for (Node<S> n : tree.all()) {
      adapter.destroy(n.takeState());
      out.add(new Effect.EraseSnapshot(n.epochId));
    }
    tree = new ForkTree<>(rootNode(state, creator));
    // Our final records before the fork are the survivor's too: kept, so that this member can
    // still decide against a branch that split off before them.
    long forkedAt = partitions.lostAt().orElse(Long.MIN_VALUE);
    List<CommitRecord> shared = new ArrayList<>();
    for (CommitRecord r : history.since(0)) {
      if (r.parentEpochNumber() < forkedAt) {
        shared.add(r);
      }
    }
    history = new History(config.historyEpochs());
    shared.forEach(history::add);
    for (CommitRecord r : survivorRecords) {
      // The contact's beacon may list Commits after the epoch rejoined: not final here, they come
      // by gossip or pull and are staged on the new root.
      if (r.parentEpochNumber() < tree.root().epochNumber && !history.containsCommit(r.commit())) {
        history.add(r);
      }
    }
    fates.clear();
    decided.clear();
    partitions.reset();
    out.add(new Effect.PersistSnapshot(tree.root().epochId));
    for (PendingCommits.Pending p : pending.takeChildrenOf(tree.root().epochId)) {
      onCommit(p.commit(), p.parent(), p.wire());
    }
    return end();
  }

  // --- Queries for the shell ---

  /** The state of the current epoch: where new messages are encrypted. */
  public S head() {
    return tree.head().state();
  }

  public EpochId headEpoch() {
    return tree.head().epochId;
  }

  public long headEpochNumber() {
    return tree.head().epochNumber;
  }

  /** The newest final epoch. */
  public EpochId finalEpoch() {
    return tree.root().epochId;
  }

  /** The retained state of {@code epoch} (chain or losing branch), to decrypt or persist it. */
  public Optional<S> state(EpochId epoch) {
    return tree.node(epoch).map(Node::state);
  }

  /**
   * The record of the Commit that produced the retained epoch {@code epoch}; empty for the root of
   * a new, joined or restored group and for an epoch not retained. The shell stores it with the
   * epoch's snapshot, to {@link #restore} the chain after a restart.
   */
  public Optional<CommitRecord> record(EpochId epoch) {
    return tree.node(epoch).flatMap(n -> n.commit);
  }

  /** True when {@code epoch} is on the chain from the final epoch to the head. */
  public boolean isOnChain(EpochId epoch) {
    return tree.node(epoch).map(n -> n.onChain).orElse(false);
  }

  /** True when {@code epoch} is final: the newest final epoch or an older one still recorded. */
  public boolean isFinal(EpochId epoch) {
    return tree.root().epochId.equals(epoch) || history.isFinalBelowRoot(epoch);
  }

  /** True after {@link Effect.RejoinByExternalCommit} until {@link #onRejoined}. */
  public boolean rejoinPending() {
    return partitions.rejoinPending();
  }

  /** The local member's beacon: its head and the records of its newest Commits. */
  public Beacon beacon() {
    List<CommitRecord> records = chainRecords(history.newest(config.beaconCommits()));
    int from = Math.max(0, records.size() - config.beaconCommits());
    return new Beacon(
        adapter.ownLeaf(head()),
        headEpochNumber(),
        headEpoch(),
        tree.root().epochNumber,
        records.subList(from, records.size()));
  }

  /** The answer to {@link Effect.RequestRecords}: our records from {@code epochNumber} on. */
  public Beacon recordsSince(long epochNumber) {
    return new Beacon(
        adapter.ownLeaf(head()),
        headEpochNumber(),
        headEpoch(),
        tree.root().epochNumber,
        chainRecords(history.since(epochNumber)));
  }

  /**
   * For the member that {@code commit} (final here) invites: our records from the epoch it made on,
   * which the invitee adopts ({@link #adoptDecided}); empty when {@code commit} is not among our
   * final records.
   */
  public Optional<Beacon> recordsForInvitee(CommitId commit) {
    return history.ofCommit(commit).map(r -> recordsSince(r.parentEpochNumber() + 1));
  }

  /**
   * A member that joined by Welcome adopts what its inviter holds final after the epoch it joined
   * ({@link #recordsForInvitee}, sent with the Welcome): on those epochs any other Commit came too
   * late — the others dropped it when it reached them — and is dropped here too. Without it, a
   * joiner whose Welcome came late could make final a better-ranked Commit that every other member
   * had refused, and then impose it on the whole group by the partition rule (random seed 244).
   * Call it before any Commit is received.
   */
  public void adoptDecided(Beacon inviterRecords) {
    for (CommitRecord r : inviterRecords.recent()) {
      if (inviterRecords.isFinalAtSender(r)
          && r.parentEpochNumber() >= tree.root().epochNumber
          && decided.size() < config.historyEpochs()) {
        decided.put(r.parent(), r.commit());
      }
    }
  }

  /**
   * The public records of the newest {@code max} final Commits before the root, oldest first: the
   * shell stores them to {@link #restore} them.
   */
  public List<CommitRecord> finalRecords(int max) {
    return history.newest(max);
  }

  /** When the local member should commit on the head (see {@link Pacing}). */
  public CommitAdvice commitAdvice() {
    Node<S> head = tree.head();
    Secret exporter = adapter.forkChoiceExporter(head.state());
    try {
      return Pacing.advise(
          exporter,
          adapter.members(head.state()),
          adapter.ownLeaf(head.state()),
          head.creator,
          config);
    } finally {
      exporter.destroy();
    }
  }

  public ForkChoiceStats stats() {
    Counters c = counters;
    return new ForkChoiceStats(
        c.applied,
        c.forks,
        c.rollbacks,
        c.invalid,
        c.dropped,
        c.settled,
        c.resends,
        c.rebuilds,
        c.equivocations,
        c.delivered,
        c.duplicates);
  }

  public ForkChoiceConfig config() {
    return config;
  }

  /** The settle window in force now (fixed, or derived from the measured delays). */
  public long settleWindowMillis() {
    return settleWindow.millis();
  }

  // --- The machine ---

  private void begin(long nowMillis) {
    out = new ArrayList<>();
    now = Math.max(now, nowMillis);
    for (CommitId expired : pending.expire(now)) {
      drop(expired, Effect.DropReason.BUFFER_EXPIRED);
    }
    settleDue();
  }

  private Step<S> end() {
    settleDue();
    List<Effect> resent = outbox.reconcile(outboxView(), config.maxResends());
    for (Effect e : resent) {
      if (e instanceof Effect.ResendApplication) {
        counters.resends++;
      } else if (e instanceof Effect.RebuildCommit || e instanceof Effect.ResendProposal) {
        counters.rebuilds++;
      }
    }
    out.addAll(resent);
    outbox.prune(
        history.oldestEpochNumber().orElse(tree.root().epochNumber), config.sentLogCapacity());
    List<Effect> effects = out;
    out = new ArrayList<>();
    return new Step<>(this, effects);
  }

  private void onCommit(CommitId commit, EpochId parent, Bytes wire) {
    if (fates.containsKey(commit) || history.containsCommit(commit) || pending.contains(commit)) {
      return;
    }
    Deque<PendingCommits.Pending> work = new ArrayDeque<>();
    work.add(new PendingCommits.Pending(commit, parent, wire, now));
    while (!work.isEmpty()) {
      PendingCommits.Pending p = work.poll();
      CommitId chosen = decided.get(p.parent());
      if (chosen != null && !chosen.equals(p.commit())) {
        fates.put(p.commit(), Fate.dropped(p.parent()));
        drop(p.commit(), Effect.DropReason.TOO_LATE);
        continue;
      }
      Optional<Node<S>> parentNode = tree.node(p.parent());
      if (parentNode.isEmpty()) {
        if (history.isFinalBelowRoot(p.parent())) {
          drop(p.commit(), Effect.DropReason.TOO_LATE);
        } else {
          for (CommitId evicted : pending.add(p)) {
            drop(evicted, Effect.DropReason.BUFFER_FULL);
          }
        }
      } else if (!parentNode.get().onChain) {
        fates.put(p.commit(), Fate.dropped(p.parent()));
        drop(p.commit(), Effect.DropReason.ON_LOSING_BRANCH);
      } else {
        Optional<Node<S>> child = stageAndAttach(parentNode.get(), p);
        if (child.isPresent() && tree.contains(child.get().epochId)) {
          work.addAll(pending.takeChildrenOf(child.get().epochId));
        }
      }
    }
  }

  /** Stages {@code p} on {@code parent} (on the chain) and places the result in the tree. */
  private Optional<Node<S>> stageAndAttach(Node<S> parent, PendingCommits.Pending p) {
    Staging<S> staging = adapter.stage(parent.state(), p.wire());
    if (staging instanceof Staging.Own<S>) {
      fates.put(p.commit(), Fate.dropped(parent.epochId));
      drop(p.commit(), Effect.DropReason.OWN_BEFORE_RESTART);
      return Optional.empty();
    }
    if (staging instanceof Staging.Invalid<S> invalid) {
      fates.put(p.commit(), new Fate(parent.epochId, Optional.empty(), true));
      counters.invalid++;
      out.add(new Effect.CommitRejected(p.commit(), invalid.code(), invalid.reason()));
      return Optional.empty();
    }
    StagedCandidate<S> candidate = ((Staging.Valid<S>) staging).candidate();
    CommitRecord record =
        new CommitRecord(
            p.commit(),
            parent.epochId,
            parent.epochNumber,
            candidate.commitClass(),
            candidate.committer(),
            rankIn(parent, candidate.committer()),
            candidate.rejoinSince());
    List<ProposalRef> refs = candidate.proposalRefs();
    S next = candidate.merge();
    EpochId epoch = adapter.epochId(next);
    if (tree.contains(epoch) || history.isFinalBelowRoot(epoch)) {
      adapter.destroy(next);
      fates.put(p.commit(), Fate.dropped(parent.epochId));
      drop(p.commit(), Effect.DropReason.DUPLICATE_EPOCH);
      return Optional.empty();
    }
    // Flag each extra Commit of a committer once, against its first one.
    for (Node<S> sibling : parent.children) {
      if (TieBreak.isEquivocation(sibling.record(), record)) {
        counters.equivocations++;
        out.add(
            new Effect.FlagEquivocation(
                record.committer(), parent.epochId, sibling.record().commit(), record.commit()));
        break;
      }
    }
    if (!parent.children.isEmpty()) {
      counters.forks++;
    }
    Node<S> child =
        new Node<>(
            epoch,
            adapter.epochNumber(next),
            Optional.of(record),
            Optional.of(record.committer()),
            refs,
            next);
    fates.put(p.commit(), new Fate(parent.epochId, Optional.of(epoch), false));
    out.add(new Effect.PersistSnapshot(epoch));
    boolean firstChild = parent.childArrived(now);
    EpochId oldHead = tree.head().epochId;
    ForkTree.Attached<S> placed = tree.attach(parent, child);
    switch (placed.placement()) {
      case EXTENDED:
        counters.applied++;
        out.add(new Effect.CommitApplied(record.commit(), epoch, child.epochNumber));
        break;
      case REPLACED:
        counters.rollbacks++;
        counters.applied++;
        List<CommitId> dropped = new ArrayList<>();
        for (Node<S> n : placed.dropped()) {
          dropped.add(n.record().commit());
        }
        out.add(new Effect.RolledBack(oldHead, parent.epochId, dropped));
        out.add(new Effect.CommitApplied(record.commit(), epoch, child.epochNumber));
        break;
      case OUTRANKED:
      default:
        out.add(
            new Effect.CommitOutranked(
                record.commit(), placed.winner().orElseThrow().record().commit()));
        break;
    }
    if (firstChild && parent == tree.root()) {
      out.add(new Effect.SetTimer(TimerKey.SETTLE, settleAt(parent)));
    }
    while (tree.chain().size() - 1 > config.maxRetainedEpochs()) {
      settleRoot();
    }
    return Optional.of(child);
  }

  private Rank rankIn(Node<S> parent, LeafIndex committer) {
    Secret exporter = adapter.forkChoiceExporter(parent.state());
    try {
      return TieBreak.rank(exporter, committer, parent.creator);
    } finally {
      exporter.destroy();
    }
  }

  private long settleAt(Node<S> node) {
    long at = node.firstChildAtMillis() + settleWindow.millis();
    return at < node.firstChildAtMillis() ? Long.MAX_VALUE : at;
  }

  private void settleDue() {
    while (tree.chain().size() > 1 && settleAt(tree.root()) <= now) {
      settleRoot();
    }
  }

  /**
   * The root's chain child becomes final: erase the root's snapshot and every losing branch, then
   * release the winner's Welcome (RFC 9750 §5.2.2 and §5.2.3, in this order).
   */
  private void settleRoot() {
    Node<S> winner = tree.chain().get(1);
    List<Node<S>> erased = tree.settleRoot();
    Set<EpochId> erasedIds = new LinkedHashSet<>();
    for (Node<S> n : erased) {
      adapter.destroy(n.takeState());
      erasedIds.add(n.epochId);
      out.add(new Effect.EraseSnapshot(n.epochId));
    }
    fates.values().removeIf(f -> erasedIds.contains(f.parent()));
    CommitRecord record = winner.record();
    decided.remove(record.parent());
    history.add(record);
    counters.settled++;
    out.add(new Effect.EpochFinal(record.commit(), winner.epochId, winner.epochNumber));
    outbox
        .onFinal(record, winner.proposalRefs)
        .ifPresent(welcome -> out.add(new Effect.ReleaseWelcome(record.commit(), welcome)));
    if (tree.root().hasChild()) {
      out.add(new Effect.SetTimer(TimerKey.SETTLE, settleAt(tree.root())));
    }
  }

  private void drop(CommitId commit, Effect.DropReason reason) {
    counters.dropped++;
    out.add(new Effect.CommitDropped(commit, reason));
  }

  /** The number of a retained epoch; the head's for one not retained (a stale or unknown id). */
  private long numberOf(EpochId epoch) {
    return tree.node(epoch).map(n -> n.epochNumber).orElse(tree.head().epochNumber);
  }

  private Node<S> rootNode(S state, Optional<LeafIndex> creator) {
    Objects.requireNonNull(creator, "creator");
    return new Node<>(
        adapter.epochId(state),
        adapter.epochNumber(state),
        Optional.empty(),
        creator,
        List.of(),
        state);
  }

  private List<CommitRecord> chainRecords(List<CommitRecord> before) {
    List<CommitRecord> records = new ArrayList<>(before);
    for (Node<S> n : tree.chain()) {
      n.commit.ifPresent(
          r -> {
            if (!history.containsCommit(r.commit())) {
              records.add(r);
            }
          });
    }
    return records;
  }

  private Outbox.View outboxView() {
    return new Outbox.View() {
      @Override
      public Outbox.EpochPlace epoch(EpochId epoch) {
        Optional<Node<S>> node = tree.node(epoch);
        if (node.isPresent()) {
          if (node.get() == tree.root()) {
            return Outbox.EpochPlace.ROOT;
          }
          return node.get().onChain ? Outbox.EpochPlace.CHAIN : Outbox.EpochPlace.GONE;
        }
        return history.isFinalBelowRoot(epoch) ? Outbox.EpochPlace.HISTORY : Outbox.EpochPlace.GONE;
      }

      @Override
      public Outbox.CommitPlace commit(CommitId commit) {
        if (history.containsCommit(commit)) {
          return Outbox.CommitPlace.FINAL;
        }
        if (pending.contains(commit)) {
          return Outbox.CommitPlace.ALIVE;
        }
        Fate fate = fates.get(commit);
        boolean onChain =
            fate != null && fate.epoch().flatMap(tree::node).map(n -> n.onChain).orElse(false);
        return onChain ? Outbox.CommitPlace.ALIVE : Outbox.CommitPlace.GONE;
      }

      @Override
      public Optional<List<ProposalRef>> successorRefs(EpochId epoch) {
        return tree.node(epoch).flatMap(tree::chainChild).map(n -> n.proposalRefs);
      }

      @Override
      public EpochId head() {
        return tree.head().epochId;
      }

      @Override
      public long headNumber() {
        return tree.head().epochNumber;
      }
    };
  }

  private Partitions.View partitionView() {
    return new Partitions.View() {
      @Override
      public boolean knowsEpoch(EpochId epoch) {
        return tree.contains(epoch) || history.isFinalBelowRoot(epoch);
      }

      @Override
      public boolean knowsCommit(CommitId commit) {
        return fates.containsKey(commit)
            || history.containsCommit(commit)
            || pending.contains(commit);
      }

      @Override
      public boolean rejected(CommitId commit) {
        Fate fate = fates.get(commit);
        return fate != null && fate.invalid();
      }

      @Override
      public boolean retains(EpochId epoch) {
        return tree.contains(epoch);
      }

      @Override
      public Optional<CommitRecord> finalCommitOn(EpochId epoch) {
        return history.atParent(epoch);
      }

      @Override
      public long oldestKnownEpochNumber() {
        return history.oldestEpochNumber().orElse(tree.root().epochNumber);
      }

      @Override
      public Outbox.Lost lostIfForkedAt(long forkNumber) {
        return outbox.lostIfForkedAt(forkNumber);
      }
    };
  }
}
