package org.mlsmesh.consensus.group;

/** A message on a group topic breaks a {@link GroupTopicCode} rule; the message says how. */
public final class GroupTopicException extends Exception {
  private static final long serialVersionUID = 1L;

  private final GroupTopicCode code;

  public GroupTopicException(GroupTopicCode code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  public GroupTopicCode code() {
    return code;
  }
}
