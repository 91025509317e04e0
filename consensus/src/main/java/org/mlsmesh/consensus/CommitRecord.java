package org.mlsmesh.consensus;

import java.util.Objects;
import java.util.OptionalLong;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The public facts about a valid Commit that the fork choice compares: no secrets, so it can be
 * kept after the parent epoch's secrets are erased, and sent in beacons to decide between branches
 * that diverged longer ago than the retention window.
 *
 * @param commit the Commit's hash
 * @param parent the epoch the Commit was built on
 * @param parentEpochNumber that epoch's number (RFC 9420 §8: {@code GroupContext.epoch})
 * @param commitClass what the Commit does to the membership
 * @param committer the committer's leaf index in the parent epoch
 * @param rank the committer's rank in the parent epoch
 * @param rejoinSince for the external Commit of a member that rejoined after its branch lost a
 *     partition, the last epoch its branch shared with ours: the others send it again what they
 *     sent from then on. Public, from the Commit's authenticated header.
 */
public record CommitRecord(
    CommitId commit,
    EpochId parent,
    long parentEpochNumber,
    CommitClass commitClass,
    LeafIndex committer,
    Rank rank,
    OptionalLong rejoinSince) {
  public CommitRecord {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(commitClass, "commitClass");
    Objects.requireNonNull(committer, "committer");
    Objects.requireNonNull(rank, "rank");
    if (parentEpochNumber < 0) {
      throw new IllegalArgumentException("negative epoch number");
    }
    Objects.requireNonNull(rejoinSince, "rejoinSince");
    if (rejoinSince.isPresent() && rejoinSince.getAsLong() < 0) {
      throw new IllegalArgumentException("negative rejoin epoch");
    }
  }

  /** The record of a Commit that is not a rejoin. */
  public CommitRecord(
      CommitId commit,
      EpochId parent,
      long parentEpochNumber,
      CommitClass commitClass,
      LeafIndex committer,
      Rank rank) {
    this(commit, parent, parentEpochNumber, commitClass, committer, rank, OptionalLong.empty());
  }
}
