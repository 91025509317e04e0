package org.mlsmesh.node;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What happens in the node's groups, as told to the application by {@link MlsNode}. Members are
 * named by their MLS identity ({@link MemberId}: a node's peer id bytes).
 */
public sealed interface MlsNodeEvent {
  /** The group the event is about. */
  GroupId groupId();

  /**
   * A new application message, delivered exactly once per message id even when the sender re-sent
   * it on the winning branch of a fork.
   *
   * @param sender the sender's identity; empty when the message was held back and delivered by a
   *     later step of the fork choice, when the node no longer has its sender at hand
   */
  record MessageReceived(
      GroupId groupId, Optional<MemberId> sender, MessageId messageId, Bytes payload)
      implements MlsNodeEvent {
    public MessageReceived {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** {@code member} is now in the group (this node itself, when it joined by Welcome). */
  record MemberJoined(GroupId groupId, MemberId member) implements MlsNodeEvent {
    public MemberJoined {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(member, "member");
    }
  }

  /** {@code member} is no longer in the group (this node itself, when it was removed or left). */
  record MemberLeft(GroupId groupId, MemberId member) implements MlsNodeEvent {
    public MemberLeft {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(member, "member");
    }
  }

  /**
   * The group's current epoch changed (RFC 9420 §8): a Commit was applied or a fork rolled back.
   *
   * @param epochAuthenticator the epoch authenticator (§8.7), equal at every member of the epoch
   */
  record EpochChanged(GroupId groupId, long epoch, Bytes epochAuthenticator)
      implements MlsNodeEvent {
    public EpochChanged {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(epochAuthenticator, "epochAuthenticator");
    }
  }

  /**
   * Two Commits competed for one epoch and the fork choice switched to the winner (RFC 9750
   * §5.2.2), rolling back {@code droppedCommits} Commits. Followed by the membership changes
   * between what the application was told last and the new head, then one {@link EpochChanged} for
   * the new head.
   *
   * @param epoch the number of the epoch the winning Commit made
   * @param epochAuthenticator that epoch's authenticator (RFC 9420 §8.7): the version of the epoch
   *     every member keeps
   * @param droppedCommits how many Commits were rolled back (the loser and what was built on it)
   */
  record ForkResolved(GroupId groupId, long epoch, Bytes epochAuthenticator, int droppedCommits)
      implements MlsNodeEvent {
    public ForkResolved {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(epochAuthenticator, "epochAuthenticator");
    }
  }
}
