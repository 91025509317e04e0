package org.mlsmesh.consensus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What the local member sent and may have to send again: application messages until the epoch they
 * were encrypted in is final, proposals until a final Commit includes them, and its own Commits
 * until they are final. When the epoch an entry depends on loses, the entry is re-sent (same
 * application message id) or handed back as an intent to rebuild on the head, at most {@code
 * maxResends} times (DESIGN.md, "Data flow of one Commit", step 5).
 */
final class Outbox {
  /** Where an epoch stands. */
  enum EpochPlace {
    /** The final root: messages encrypted in it can no longer be rolled back. */
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
  }

  private sealed interface Entry permits Application, Proposal, OwnCommit {}

  private static final class Application implements Entry {
    final AppMessageId id;
    final Bytes payload;
    EpochId epoch;
    int resends;

    Application(AppMessageId id, Bytes payload, EpochId epoch) {
      this.id = id;
      this.payload = payload;
      this.epoch = epoch;
    }
  }

  private record Proposal(ProposalRef ref, Intent intent, EpochId epoch, int attempt)
      implements Entry {}

  private record OwnCommit(
      CommitId commit, Intent intent, EpochId parent, Optional<Bytes> welcome, int attempt)
      implements Entry {}

  // Keyed by AppMessageId, ProposalRef or CommitId: distinct record types never collide.
  private final LinkedHashMap<Object, Entry> entries = new LinkedHashMap<>();

  void addApplication(AppMessageId id, Bytes payload, EpochId epoch) {
    entries.putIfAbsent(id, new Application(id, payload, epoch));
  }

  void addProposal(ProposalRef ref, Intent intent, EpochId epoch, int attempt) {
    entries.put(ref, new Proposal(ref, intent, epoch, attempt));
  }

  void addCommit(
      CommitId commit, Intent intent, EpochId parent, Optional<Bytes> welcome, int attempt) {
    entries.put(commit, new OwnCommit(commit, intent, parent, welcome, attempt));
  }

  int size() {
    return entries.size();
  }

  /**
   * {@code commit} (with proposal refs {@code refs}) became final: its proposals and, if it is our
   * own, the Commit itself are done. Returns our Commit's Welcome, to be released now.
   */
  Optional<Bytes> onFinal(CommitRecord commit, List<ProposalRef> refs) {
    Optional<Bytes> welcome = Optional.empty();
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e instanceof OwnCommit c && c.commit().equals(commit.commit())) {
        welcome = c.welcome();
        it.remove();
      } else if (e instanceof Proposal p
          && p.epoch().equals(commit.parent())
          && refs.contains(p.ref())) {
        it.remove();
      }
    }
    return welcome;
  }

  /** Re-sends or hands back whatever depends on an epoch that lost; drops what is final. */
  List<Effect> reconcile(View view, int maxResends) {
    List<Effect> effects = new ArrayList<>();
    Iterator<Entry> it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e instanceof Application a) {
        if (reconcile(a, view, maxResends, effects)) {
          it.remove();
        }
      } else if (e instanceof Proposal p) {
        if (proposalLost(p, view)) {
          it.remove();
          handBack(p.intent(), p.attempt(), maxResends, effects, view, Optional.empty());
        }
      } else {
        OwnCommit c = (OwnCommit) e;
        CommitPlace place = view.commit(c.commit());
        if (place == CommitPlace.FINAL) {
          it.remove();
        } else if (place == CommitPlace.GONE) {
          it.remove();
          handBack(c.intent(), c.attempt(), maxResends, effects, view, Optional.of(c.commit()));
        }
      }
    }
    return effects;
  }

  /** Returns true when the entry is done (final or abandoned). */
  private static boolean reconcile(Application a, View view, int maxResends, List<Effect> effects) {
    switch (view.epoch(a.epoch)) {
      case ROOT:
      case HISTORY:
        return true;
      case CHAIN:
        return false;
      case GONE:
      default:
        if (a.resends >= maxResends) {
          effects.add(new Effect.ApplicationAbandoned(a.id));
          return true;
        }
        a.resends++;
        a.epoch = view.head();
        effects.add(new Effect.ResendApplication(a.id, a.payload, a.epoch, a.resends));
        return view.epoch(a.epoch) == EpochPlace.ROOT;
    }
  }

  private static boolean proposalLost(Proposal p, View view) {
    switch (view.epoch(p.epoch())) {
      case ROOT:
      case CHAIN:
        // Proposals live for one epoch (RFC 9420 §12.4): lost if the next epoch did not commit it.
        return view.successorRefs(p.epoch()).map(refs -> !refs.contains(p.ref())).orElse(false);
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

  /** The intents of our Commits and proposals that are not final yet, oldest first. */
  List<Intent> pendingIntents() {
    List<Intent> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e instanceof OwnCommit c) {
        out.add(c.intent());
      } else if (e instanceof Proposal p) {
        out.add(p.intent());
      }
    }
    return out;
  }

  /** The ids of our application messages that are not final yet, oldest first. */
  List<AppMessageId> pendingApplications() {
    List<AppMessageId> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e instanceof Application a) {
        out.add(a.id);
      }
    }
    return out;
  }
}
