package org.mlsmesh.node;

import java.util.Objects;

/**
 * A request to a group failed because this member is out of the group: another member's Commit
 * removed it before the request was done (a competing Remove, re-applied on the winner of a race,
 * can do that). The message says how far the request got.
 */
public final class RemovedFromGroupException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient GroupId groupId;

  public RemovedFromGroupException(GroupId groupId, String message) {
    super(message);
    this.groupId = Objects.requireNonNull(groupId, "groupId");
  }

  /** The group this member is out of. */
  public GroupId groupId() {
    return groupId;
  }
}
