package org.mlsmesh.protocol.group;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.GroupInfo;

/**
 * A Commit created by this member (RFC 9420 §12.4.1): the Commit to send to the group, the Welcome
 * for the members it adds, the GroupInfo of the new epoch, and the staged commit to merge once the
 * group accepts the Commit — the same as for a Commit received from another member.
 */
public final class CommitResult {
  private final MlsMessage commit;
  private final Optional<MlsMessage> welcome;
  private final Supplier<GroupInfo> groupInfo;
  private final StagedCommit staged;

  CommitResult(
      MlsMessage commit, Optional<MlsMessage> welcome, MlsMessage groupInfo, StagedCommit staged) {
    this(commit, welcome, groupInfoOf(groupInfo), staged);
  }

  /** {@code groupInfo} builds the GroupInfo when asked for (once). */
  CommitResult(
      MlsMessage commit,
      Optional<MlsMessage> welcome,
      Supplier<GroupInfo> groupInfo,
      StagedCommit staged) {
    this.commit = Objects.requireNonNull(commit, "commit");
    this.welcome = Objects.requireNonNull(welcome, "welcome");
    this.groupInfo = Objects.requireNonNull(groupInfo, "groupInfo");
    this.staged = Objects.requireNonNull(staged, "staged");
  }

  private static Supplier<GroupInfo> groupInfoOf(MlsMessage message) {
    GroupInfo groupInfo =
        message
            .groupInfo()
            .orElseThrow(() -> new IllegalArgumentException("not a GroupInfo: " + message));
    return () -> groupInfo;
  }

  /** The Commit, a PublicMessage or PrivateMessage of the current epoch. */
  public MlsMessage commit() {
    return commit;
  }

  /** The Welcome for the added members; empty when the Commit adds none. */
  public Optional<MlsMessage> welcome() {
    return welcome;
  }

  /** The signed GroupInfo of the new epoch. */
  public MlsMessage groupInfo() {
    return MlsMessage.of(groupInfo.get());
  }

  public StagedCommit staged() {
    return staged;
  }

  @Override
  public String toString() {
    return "CommitResult[" + staged + ", welcome=" + welcome.isPresent() + "]";
  }
}
