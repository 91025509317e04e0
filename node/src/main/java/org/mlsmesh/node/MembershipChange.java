package org.mlsmesh.node;

import java.util.Objects;

/**
 * How a membership change asked of {@link MlsNode} came about: {@link MlsNode#invite invite}
 * completes with it once the invitee joined, {@link MlsNode#remove remove} once the member is out
 * in a final epoch. Members commit concurrently and the fork choice keeps one Commit per epoch (RFC
 * 9750 §5.2.2): a Commit of this member that lost is built again on the winner, unless the winner
 * (or a later Commit) already made the change.
 *
 * @param groupId the group
 * @param member the member added or removed
 * @param byThisMember true when a Commit of this member made the change; false when another
 *     member's Commit made it first (then this member's own Commit lost its race or was not needed,
 *     and for an invitation the Welcome the invitee joins by is the other member's)
 * @param racesLost how many of this member's Commits for the change lost a race and were built
 *     again on the winner
 */
public record MembershipChange(
    GroupId groupId, MemberId member, boolean byThisMember, int racesLost) {
  public MembershipChange {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(member, "member");
    if (racesLost < 0) {
      throw new IllegalArgumentException("racesLost < 0: " + racesLost);
    }
  }
}
