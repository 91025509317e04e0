package org.mlsmesh.consensus;

/**
 * The first criterion of the fork choice: what a Commit does to the membership. Declared from the
 * strongest to the weakest; a stronger class wins over any rank.
 *
 * <p>Removals come first because a Commit that removes a member must not lose to one that keeps the
 * removed member in the group (a removal is often a security response); additions come before pure
 * key updates because they carry a user-visible change that would otherwise be re-proposed. The
 * adapter classifies: an external Commit (RFC 9420 §12.4.3.2) counts as {@link #ADDS_ONLY},
 * including the Remove of the joiner's own previous leaf in a resync; Commits with only PSK, ReInit
 * or GroupContextExtensions proposals count as {@link #UPDATE_ONLY}.
 */
public enum CommitClass {
  /** Removes at least one member (Remove proposals, RFC 9420 §12.1.3). */
  REMOVES_MEMBERS,
  /** Adds members (Add proposals, §12.1.1) and removes none. */
  ADDS_ONLY,
  /** Changes no membership: Updates, an UpdatePath only, or other proposals. */
  UPDATE_ONLY;

  /** The class of a Commit that removes {@code removed} members and adds {@code added}. */
  public static CommitClass of(int removed, int added) {
    if (removed < 0 || added < 0) {
      throw new IllegalArgumentException("negative count");
    }
    return removed > 0 ? REMOVES_MEMBERS : added > 0 ? ADDS_ONLY : UPDATE_ONLY;
  }

  /** True when this class wins over {@code other} regardless of rank. */
  public boolean beats(CommitClass other) {
    return ordinal() < other.ordinal();
  }
}
