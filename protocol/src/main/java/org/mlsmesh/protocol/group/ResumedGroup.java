package org.mlsmesh.protocol.group;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.framing.MlsMessage;

/**
 * A group started from an old one by reinitialization or branching (RFC 9420 §11.2, §11.3): the
 * creator's state at epoch 1, after the first Commit, and the Welcome for the other members.
 */
public final class ResumedGroup {
  private final GroupState state;
  private final Optional<MlsMessage> welcome;

  ResumedGroup(GroupState state, Optional<MlsMessage> welcome) {
    this.state = Objects.requireNonNull(state, "state");
    this.welcome = Objects.requireNonNull(welcome, "welcome");
  }

  /** The creator's state in the new group. */
  public GroupState state() {
    return state;
  }

  /** The Welcome for the members the first Commit adds; empty when it adds none. */
  public Optional<MlsMessage> welcome() {
    return welcome;
  }

  @Override
  public String toString() {
    return "ResumedGroup[" + state + "]";
  }
}
