package org.mlsmesh.consensus;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Fork detection from beacons. Commits announced on a retained epoch are pulled by hash and then
 * compete normally. A branch that split from ours at an epoch that is already final here (a
 * partition longer than the settle window) is decided by the same {@link TieBreak} applied to the
 * first differing Commits, using their public records: every member of both sides reaches the same
 * decision, and the losing side rejoins the surviving branch by external Commit.
 *
 * <p>The records in a beacon are as trustworthy as its signer: a member can lie about a rank it
 * computed from secrets we no longer hold. That is an insider attack on availability, detectable by
 * any member that retained the epoch.
 */
final class Partitions {
  private static final int MAX_DECIDED = 1_024;

  /** What the decision needs to know about the local branches. */
  interface View {
    /** True when {@code epoch} is retained or final here. */
    boolean knowsEpoch(EpochId epoch);

    /** True when {@code commit} was seen here (retained, final, or buffered). */
    boolean knowsCommit(CommitId commit);

    /** True when {@code commit} was staged here and found invalid. */
    boolean rejected(CommitId commit);

    /** True when {@code epoch} is retained: Commits on it still compete. */
    boolean retains(EpochId epoch);

    /** Our final Commit on {@code epoch}, if it is final and older than the root. */
    Optional<CommitRecord> finalCommitOn(EpochId epoch);

    /** The number of the oldest epoch known here. */
    long oldestKnownEpochNumber();

    /** What our branch loses if it forked at epoch {@code forkNumber}. */
    Outbox.Lost lostIfForkedAt(long forkNumber);
  }

  private final LinkedHashSet<CommitId> decided = new LinkedHashSet<>();
  private Optional<CommitRecord> lostCommit = Optional.empty();

  /** The first Commit of the branch we rejoin, while a rejoin is pending. */
  private Optional<CommitRecord> survivor = Optional.empty();

  /** Forgets every decision: the local member joined another branch. */
  void reset() {
    decided.clear();
    lostCommit = Optional.empty();
    survivor = Optional.empty();
  }

  boolean rejoinPending() {
    return lostCommit.isPresent();
  }

  /**
   * The number of the epoch where our branch forked off the survivor, while a rejoin is pending.
   */
  Optional<Long> lostAt() {
    return lostCommit.map(CommitRecord::parentEpochNumber);
  }

  List<Effect> onBeacon(Beacon beacon, View view) {
    List<Effect> effects = new ArrayList<>();
    if (view.knowsEpoch(beacon.epochId())) {
      return effects;
    }
    List<CommitId> missing = new ArrayList<>();
    boolean connected = false;
    for (CommitRecord theirs : beacon.recent()) {
      if (view.rejected(theirs.commit())) {
        // RFC 9750 §5.3: a Commit valid for them is invalid here; no tie-break can fix that.
        effects.add(new Effect.FollowsInvalidCommit(beacon.from(), theirs));
        connected = true;
        break;
      }
      // Before "known": a Commit buffered here (its parent was unknown when it came, e.g. before
      // a rejoin) still competes with our final Commit on that parent.
      Optional<CommitRecord> ours = view.finalCommitOn(theirs.parent());
      if (ours.isPresent() && !ours.get().commit().equals(theirs.commit())) {
        connected = true;
        decide(beacon, ours.get(), theirs, view, effects);
        break;
      }
      if (view.knowsCommit(theirs.commit())) {
        connected = true;
        continue;
      }
      if (view.retains(theirs.parent())) {
        connected = true;
        missing.add(theirs.commit());
        continue;
      }
      missing.add(theirs.commit());
    }
    if (!missing.isEmpty()) {
      effects.add(new Effect.RequestCommits(beacon.from(), missing));
    }
    if (!connected) {
      effects.add(new Effect.RequestRecords(beacon.from(), view.oldestKnownEpochNumber()));
    }
    return effects;
  }

  private void decide(
      Beacon beacon, CommitRecord ours, CommitRecord theirs, View view, List<Effect> effects) {
    if (!decided.add(theirs.commit())) {
      if (TieBreak.beats(ours, theirs)) {
        // Decided before, against another member of that branch: this one is still on it (it
        // missed what told the others; random seed 370), and the shell tells it again.
        effects.add(new Effect.PartitionDetected(beacon.from(), ours, theirs, true));
      }
      return;
    }
    if (decided.size() > MAX_DECIDED) {
      Iterator<CommitId> oldest = decided.iterator();
      oldest.next();
      oldest.remove();
    }
    if (TieBreak.isEquivocation(ours, theirs)) {
      effects.add(
          new Effect.FlagEquivocation(
              theirs.committer(), theirs.parent(), ours.commit(), theirs.commit()));
    }
    boolean weSurvive = TieBreak.beats(ours, theirs);
    effects.add(new Effect.PartitionDetected(beacon.from(), ours, theirs, weSurvive));
    // A third branch better than the one we set out to rejoin (a split into three or more): rejoin
    // the better one instead.
    boolean better =
        !weSurvive
            && survivor.isPresent()
            && survivor.get().parent().equals(theirs.parent())
            && TieBreak.beats(theirs, survivor.get());
    // We also lost further back, where the branch we set out to rejoin was still ours: it loses
    // there too (random seed 969), so rejoin the branch that beat us there instead.
    boolean deeper =
        !weSurvive
            && survivor.isPresent()
            && theirs.parentEpochNumber() < survivor.get().parentEpochNumber();
    if (!weSurvive && (lostCommit.isEmpty() || better || deeper)) {
      survivor = Optional.of(theirs);
      lostCommit = Optional.of(ours);
      Outbox.Lost lost = view.lostIfForkedAt(ours.parentEpochNumber());
      effects.add(
          new Effect.RejoinByExternalCommit(
              beacon.epochId(),
              beacon.epochNumber(),
              beacon.from(),
              ours,
              theirs,
              lost.intents(),
              lost.applications()));
    }
  }
}
