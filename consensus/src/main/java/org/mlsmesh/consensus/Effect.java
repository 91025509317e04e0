package org.mlsmesh.consensus;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.tree.LeafIndex;

/** What a {@link ForkChoice} asks its shell to do, and what it tells the application. */
public sealed interface Effect {
  // --- Events for the application ---

  /** The head moved onto {@code commit}: {@code epoch} is now the current epoch. */
  record CommitApplied(CommitId commit, EpochId epoch, long epochNumber) implements Effect {
    public CommitApplied {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(epoch, "epoch");
    }
  }

  /**
   * A better sibling arrived: the head went back from {@code from} to the retained snapshot {@code
   * to}, dropping {@code dropped} (oldest first), before the winner is applied.
   */
  record RolledBack(EpochId from, EpochId to, List<CommitId> dropped) implements Effect {
    public RolledBack {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      dropped = List.copyOf(dropped);
    }
  }

  /** A valid Commit lost on arrival to the applied sibling {@code winner}. */
  record CommitOutranked(CommitId commit, CommitId winner) implements Effect {
    public CommitOutranked {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(winner, "winner");
    }
  }

  /** A Commit is invalid for the local member and is never chosen (RFC 9750 §5.3). */
  record CommitRejected(CommitId commit, String code, String reason) implements Effect {
    public CommitRejected {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Why a Commit was dropped without being staged. */
  enum DropReason {
    /** Built on an epoch that already lost: it can never win. */
    ON_LOSING_BRANCH,
    /** Built on an epoch that is already final and erased. */
    TOO_LATE,
    /** Its parent is unknown and the buffer of such Commits is full (the oldest goes). */
    BUFFER_FULL,
    /** Its parent stayed unknown for longer than the buffer's time-to-live. */
    BUFFER_EXPIRED,
    /** It produces an epoch that a sibling with another hash already produced. */
    DUPLICATE_EPOCH,
    /** The local member's own Commit from before a restart, not on the restored chain: it lost. */
    OWN_BEFORE_RESTART
  }

  /** A Commit was dropped without being chosen. */
  record CommitDropped(CommitId commit, DropReason reason) implements Effect {
    public CommitDropped {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The settle window of {@code commit}'s parent ended: {@code epoch} is final. */
  record EpochFinal(CommitId commit, EpochId epoch, long epochNumber) implements Effect {
    public EpochFinal {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(epoch, "epoch");
    }
  }

  /** A new application message to hand to the application, exactly once per id. */
  record Deliver(AppMessageId id, Bytes payload) implements Effect {
    public Deliver {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** {@code member} made two different valid Commits on {@code parent}. */
  record FlagEquivocation(LeafIndex member, EpochId parent, CommitId first, CommitId second)
      implements Effect {
    public FlagEquivocation {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(parent, "parent");
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(second, "second");
    }
  }

  /**
   * {@code member}'s beacon shows it built on {@code commit}, which is invalid here: the group has
   * split on validity (RFC 9750 §5.3), which no tie-break repairs. Report it to the application;
   * one side has a bug or an attacker's Commit.
   */
  record FollowsInvalidCommit(LeafIndex member, CommitRecord commit) implements Effect {
    public FollowsInvalidCommit {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(commit, "commit");
    }
  }

  // --- State the shell stores or erases ---

  /**
   * Persist the state of {@code epoch} (see {@link ForkChoice#state}): a retained fork snapshot.
   */
  record PersistSnapshot(EpochId epoch) implements Effect {
    public PersistSnapshot {
      Objects.requireNonNull(epoch, "epoch");
    }
  }

  /**
   * The state of {@code epoch} was destroyed (a snapshot after its epoch settled, or a losing
   * branch): erase every stored copy (forward secrecy, RFC 9750 §5.2.2).
   */
  record EraseSnapshot(EpochId epoch) implements Effect {
    public EraseSnapshot {
      Objects.requireNonNull(epoch, "epoch");
    }
  }

  // --- Messages to send ---

  /**
   * Send the Welcome of the local member's Commit, which is final; never emitted for a Commit that
   * lost (RFC 9750 §5.2.3).
   */
  record ReleaseWelcome(CommitId commit, Bytes welcome) implements Effect {
    public ReleaseWelcome {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(welcome, "welcome");
    }
  }

  /**
   * Re-encrypt {@code payload} in {@code onEpoch} and send it again with the same id: the epoch it
   * was sent in lost. {@code attempt} counts from 1.
   */
  record ResendApplication(AppMessageId id, Bytes payload, EpochId onEpoch, int attempt)
      implements Effect {
    public ResendApplication {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(onEpoch, "onEpoch");
    }
  }

  /**
   * Propose {@code intent} again in {@code onEpoch} (its proposal's epoch lost, or ended without
   * committing it) and report it as {@link Input.ProposalSent} with this {@code attempt}.
   */
  record ResendProposal(Intent intent, EpochId onEpoch, int attempt) implements Effect {
    public ResendProposal {
      Objects.requireNonNull(intent, "intent");
      Objects.requireNonNull(onEpoch, "onEpoch");
    }
  }

  /**
   * The local member's Commit lost: build {@code intent} again on {@code onEpoch} (unless the
   * winner already did it) and report it as {@link Input.LocalCommitCreated} with this {@code
   * attempt}. Its Welcome is dropped, never sent.
   */
  record RebuildCommit(CommitId lost, Intent intent, EpochId onEpoch, int attempt)
      implements Effect {
    public RebuildCommit {
      Objects.requireNonNull(lost, "lost");
      Objects.requireNonNull(intent, "intent");
      Objects.requireNonNull(onEpoch, "onEpoch");
    }
  }

  /** An application message was re-sent the maximum number of times; tell the user. */
  record ApplicationAbandoned(AppMessageId id) implements Effect {
    public ApplicationAbandoned {
      Objects.requireNonNull(id, "id");
    }
  }

  /** A Commit or proposal intent was rebuilt the maximum number of times; tell the user. */
  record IntentAbandoned(Intent intent) implements Effect {
    public IntentAbandoned {
      Objects.requireNonNull(intent, "intent");
    }
  }

  /** Pull these Commits by hash from {@code from} (announced by its beacon, unknown here). */
  record RequestCommits(LeafIndex from, List<CommitId> commits) implements Effect {
    public RequestCommits {
      Objects.requireNonNull(from, "from");
      commits = List.copyOf(commits);
    }
  }

  /**
   * Ask {@code from} for its Commit records from epoch {@code sinceEpochNumber} on, answered as a
   * beacon: its beacon did not reach back to an epoch known here.
   */
  record RequestRecords(LeafIndex from, long sinceEpochNumber) implements Effect {
    public RequestRecords {
      Objects.requireNonNull(from, "from");
    }
  }

  /**
   * Fire {@link Input.TimerFired} with {@code key} at {@code atMillis}, replacing a pending one.
   */
  record SetTimer(TimerKey key, long atMillis) implements Effect {
    public SetTimer {
      Objects.requireNonNull(key, "key");
    }
  }

  // --- Partitions longer than the retention window ---

  /**
   * A beacon showed a branch that split from ours at an epoch that is already final here; {@code
   * weSurvive} tells which side the tie-break keeps.
   */
  record PartitionDetected(
      LeafIndex from, CommitRecord ours, CommitRecord theirs, boolean weSurvive) implements Effect {
    public PartitionDetected {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(ours, "ours");
      Objects.requireNonNull(theirs, "theirs");
    }
  }

  /**
   * Our branch lost a partition: join the surviving branch by an external Commit (RFC 9420
   * §12.4.3.2) from a verified GroupInfo obtained through {@code contact}, then call {@link
   * ForkChoice#onRejoined}. After that, the fork choice re-sends {@code outbox} (same ids) and
   * hands back {@code intents} (membership changes to re-propose).
   */
  record RejoinByExternalCommit(
      EpochId survivingEpoch,
      long survivingEpochNumber,
      LeafIndex contact,
      CommitRecord ours,
      CommitRecord theirs,
      List<Intent> intents,
      List<AppMessageId> outbox)
      implements Effect {
    public RejoinByExternalCommit {
      Objects.requireNonNull(survivingEpoch, "survivingEpoch");
      Objects.requireNonNull(contact, "contact");
      Objects.requireNonNull(ours, "ours");
      Objects.requireNonNull(theirs, "theirs");
      intents = List.copyOf(intents);
      outbox = List.copyOf(outbox);
    }
  }
}
