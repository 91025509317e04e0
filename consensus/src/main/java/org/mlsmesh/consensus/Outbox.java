package org.mlsmesh.consensus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What the local member sent and may have to send again (DESIGN.md, "Data flow of one Commit", step
 * 5): application messages, proposals and its own Commits.
 *
 * <p>While the epoch an entry depends on is not final, the entry is <em>pending</em>: if that epoch
 * loses, the entry is re-sent on the head (an application message, same id) or its intent is handed
 * back to be built again (a Commit or proposal), at most {@code maxResends} times. Once final, the
 * entry is <em>settled</em> but kept in a bounded sent log, because a partition longer than the
 * settle window can still make a locally final branch lose; after rejoining the surviving branch,
 * the settled entries that depended on the lost part are revived and re-sent.
 */
final class Outbox {
  /** Where an epoch stands. */
  enum EpochPlace {
    /** The newest final epoch: messages encrypted in it can no longer be rolled back here. */
    ROOT,
    /** Retained on the chain, not final yet. */
    CHAIN,
    /** Final and older than the root. */
    HISTORY,
    /** Lost, erased, or never known. */
    GONE
  }

  /** Where a Commit stands. */
  enum CommitPlace {
    /** On the chain or waiting for its parent: may still become final. */
    ALIVE,
    FINAL,
    /** Lost, invalid, dropped or too late. */
    GONE
  }

  /** What the outbox needs to know about the fork choice's branches. */
  interface View {
    EpochPlace epoch(EpochId epoch);

    CommitPlace commit(CommitId commit);

    /** The proposal refs of the chain Commit built on {@code epoch}, if it has one. */
    Optional<List<ProposalRef>> successorRefs(EpochId epoch);

    EpochId head();

    long headNumber();
  }

  /** What a lost branch took with it: to be re-sent after rejoining. */
  record Lost(List<Intent> intents, List<AppMessageId> applications) {}

  private abstract static sealed class Entry permits Application, Proposal, OwnCommit {
    /**
     * The number of the epoch whose Commit this entry depends on: the entry is lost if the branch
     * forked at this epoch or later.
     */
    long risk;

    boolean settled;
  }

  private static final class Application extends Entry {
    final AppMessageId id;
    final Bytes payload;
    EpochId epoch;
    int resends;

    Application(AppMessageId id, Bytes payload, EpochId epoch, long epochNumber) {
      this.id = id;
      this.payload = payload;
      moveTo(epoch, epochNumber);
    }

    void moveTo(EpochId epoch, long epochNumber) {
      this.epoch = epoch;
      // Encrypted in epoch n: depends on the Commit built on epoch n - 1.
      this.risk = epochNumber - 1;
    }
  }

  private static final class Proposal extends Entry {
    final ProposalRef ref;
    final Intent intent;
    final EpochId epoch;
    final int attempt;

    Proposal(ProposalRef ref, Intent intent, EpochId epoch, long epochNumber, int attempt) {
      this.ref = ref;
      this.intent = intent;
      this.epoch = epoch;
      this.attempt = attempt;
      this.risk = epochNumber;
    }
  }

  private static final class OwnCommit extends Entry {
    final CommitId commit;
    final Intent intent;
    final int attempt;
    Optional<Bytes> welcome;

    OwnCommit(
        CommitId commit, Intent intent, long parentNumber, Optional<Bytes> welcome, int attempt) {
      this.commit = commit;
      this.intent = intent;
      this.welcome = welcome;
      this.attempt = attempt;
      this.risk = parentNumber;
    }
  }

  // Keyed by AppMessageId, ProposalRef or CommitId: distinct record types never collide.
  private final LinkedHashMap<Object, Entry> entries = new LinkedHashMap<>();

  void addApplication(AppMessageId id, Bytes payload, EpochId epoch, long epochNumber) {
    Entry known = entries.get(id);
    if (known instanceof Application a) {
      // Sent again in a later epoch (for a rejoiner, who cannot read the first one): at risk again
      // until that epoch is final, so re-sent again if it loses, with a budget of its own.
      if (epochNumber - 1 > a.risk || a.settled) {
        a.moveTo(epoch, epochNumber);
        a.settled = false;
        a.resends = 0;
      }
      return;
    }
    entries.put(id, new Application(id, payload, epoch, epochNumber));
  }

  void addProposal(ProposalRef ref, Intent intent, EpochId epoch, long epochNumber, int attempt) {
    entries.put(ref, new Proposal(ref, intent, epoch, epochNumber, attempt));
  }

  void addCommit(
      CommitId commit, Intent intent, long parentNumber, Optional<Bytes> welcome, int attempt) {
    entries.put(commit, new OwnCommit(commit, intent, parentNumber, welcome, attempt));
  }

  int pendingCount() {
    return (int) entries.values().stream().filter(e -> !e.settled).count();
  }

  int settledCount() {
    return entries.size() - pendingCount();
  }

  /**
   * {@code commit} (with proposal refs {@code refs}) became final: our proposals it includes and,
   * if it is ours, the Commit itself settle. Returns our Commit's Welcome, to be released now.
   */
  Optional<Bytes> onFinal(CommitRecord commit, List<ProposalRef> refs) {
    Optional<Bytes> welcome = Optional.empty();
    for (Entry e : entries.values()) {
      if (e.settled) {
        continue;
      }
      if (e instanceof OwnCommit c && c.commit.equals(commit.commit())) {
        welcome = c.welcome;
        c.welcome = Optional.empty();
        c.settled = true;
      } else if (e instanceof Proposal p
          && p.epoch.equals(commit.parent())
          && refs.contains(p.ref)) {
        p.settled = true;
      }
    }
    return welcome;
  }

  /** Re-sends or hands back the pending entries whose epoch lost; settles what is final. */
  List<Effect> reconcile(View view, int maxResends) {
    List<Effect> effects = new ArrayList<>();
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.settled) {
        continue;
      }
      if (e instanceof Application a) {
        if (reconcile(a, view, maxResends, effects)) {
          it.remove();
        }
      } else if (e instanceof Proposal p) {
        if (proposalLost(p, view)) {
          it.remove();
          handBack(p.intent, p.attempt, maxResends, effects, view, Optional.empty());
        }
      } else {
        OwnCommit c = (OwnCommit) e;
        CommitPlace place = view.commit(c.commit);
        if (place == CommitPlace.FINAL) {
          c.settled = true;
        } else if (place == CommitPlace.GONE) {
          it.remove();
          handBack(c.intent, c.attempt, maxResends, effects, view, Optional.of(c.commit));
        }
      }
    }
    return effects;
  }

  /** Returns true when the entry is abandoned. */
  private static boolean reconcile(Application a, View view, int maxResends, List<Effect> effects) {
    switch (view.epoch(a.epoch)) {
      case ROOT:
      case HISTORY:
        a.settled = true;
        return false;
      case CHAIN:
        return false;
      case GONE:
      default:
        if (a.resends >= maxResends) {
          effects.add(new Effect.ApplicationAbandoned(a.id));
          return true;
        }
        a.resends++;
        a.moveTo(view.head(), view.headNumber());
        effects.add(new Effect.ResendApplication(a.id, a.payload, a.epoch, a.resends));
        a.settled = view.epoch(a.epoch) == EpochPlace.ROOT;
        return false;
    }
  }

  private static boolean proposalLost(Proposal p, View view) {
    switch (view.epoch(p.epoch)) {
      case ROOT:
      case CHAIN:
        // Proposals live for one epoch (RFC 9420 §12.4): lost if the next epoch did not commit it.
        return view.successorRefs(p.epoch).map(refs -> !refs.contains(p.ref)).orElse(false);
      case HISTORY:
      case GONE:
      default:
        return true;
    }
  }

  private static void handBack(
      Intent intent,
      int attempt,
      int maxResends,
      List<Effect> effects,
      View view,
      Optional<CommitId> lostCommit) {
    if (attempt >= maxResends) {
      effects.add(new Effect.IntentAbandoned(intent));
    } else if (lostCommit.isPresent()) {
      effects.add(new Effect.RebuildCommit(lostCommit.get(), intent, view.head(), attempt + 1));
    } else {
      effects.add(new Effect.ResendProposal(intent, view.head(), attempt + 1));
    }
  }

  /**
   * Forgets settled entries that no partition decision can revive any more (they depend on a Commit
   * older than {@code oldestDecidable}), then the oldest settled ones beyond {@code capacity}.
   */
  void prune(long oldestDecidable, int capacity) {
    int settled = 0;
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.settled) {
        if (e.risk < oldestDecidable) {
          it.remove();
        } else {
          settled++;
        }
      }
    }
    it = entries.values().iterator();
    while (settled > capacity && it.hasNext()) {
      if (it.next().settled) {
        it.remove();
        settled--;
      }
    }
  }

  /** What a branch that forked at epoch {@code forkNumber} loses: everything that depends on it. */
  Lost lostIfForkedAt(long forkNumber) {
    List<Intent> intents = new ArrayList<>();
    List<AppMessageId> applications = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.settled && e.risk < forkNumber) {
        continue;
      }
      if (e instanceof Application a) {
        applications.add(a.id);
      } else if (e instanceof Proposal p) {
        intents.add(p.intent);
      } else {
        intents.add(((OwnCommit) e).intent);
      }
    }
    return new Lost(intents, applications);
  }

  /**
   * The local member left a branch that forked at {@code forkNumber}: settled entries that depended
   * on it become pending again, so that the next reconcile re-sends them on the new branch.
   */
  void revive(long forkNumber) {
    for (Entry e : entries.values()) {
      if (e.settled && e.risk >= forkNumber) {
        e.settled = false;
      }
    }
  }
}
