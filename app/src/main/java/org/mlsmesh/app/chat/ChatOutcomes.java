package org.mlsmesh.app.chat;

import org.mlsmesh.node.MembershipChange;

/** What the chat says about how an invitation or a removal came about. */
final class ChatOutcomes {
  private ChatOutcomes() {}

  /** The line for an invitation that completed: {@code who} joined group {@code number}. */
  static String invited(MembershipChange change, String who, int number) {
    return change.byThisMember()
        ? who + " joined group " + number + again("your Add", change)
        : who
            + " is in group "
            + number
            + ": another member's Commit added it first"
            + ours("your Add", change)
            + "; it joins by that member's Welcome";
  }

  /** The line for a removal that completed: {@code who} is out of group {@code number}. */
  static String removed(MembershipChange change, String who, int number) {
    return change.byThisMember()
        ? "removed " + who + " from group " + number + again("your Remove", change)
        : who
            + " is out of group "
            + number
            + ": another member's Commit removed it first"
            + ours("your Remove", change);
  }

  /** How our own Commit fared, when it made the change after losing races. */
  private static String again(String ours, MembershipChange change) {
    int n = change.racesLost();
    return n == 0
        ? ""
        : ": "
            + ours
            + " lost "
            + (n == 1 ? "a commit race" : n + " commit races")
            + " and was committed again on the winner's epoch";
  }

  /** What became of our own Commit, when another member's made the change. */
  private static String ours(String ours, MembershipChange change) {
    return change.racesLost() == 0
        ? " (" + ours + " was not needed)"
        : " (" + ours + " lost the race)";
  }
}
