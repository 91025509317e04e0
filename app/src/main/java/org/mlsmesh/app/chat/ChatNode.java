package org.mlsmesh.app.chat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.MessageId;
import org.mlsmesh.node.MlsNode;

/**
 * What a chat session needs of a node: the operations of {@link MlsNode} it calls. Tests stand in a
 * fake; the terminal chat uses {@link #of(MlsNode)}.
 */
public interface ChatNode {
  /** This node's identity, by which others invite it. */
  MemberId identity();

  CompletionStage<GroupId> createGroup();

  /** {@link MlsNode#invite(GroupId, MemberId, Duration)}. */
  CompletionStage<MembershipChange> invite(GroupId groupId, MemberId invitee, Duration timeout);

  CompletionStage<MembershipChange> remove(GroupId groupId, MemberId member);

  CompletionStage<Void> leave(GroupId groupId);

  CompletionStage<MessageId> send(GroupId groupId, byte[] payload);

  CompletionStage<List<GroupId>> groups();

  CompletionStage<GroupStatus> status(GroupId groupId);

  /** The chat's view of a running {@link MlsNode}. */
  static ChatNode of(MlsNode node) {
    Objects.requireNonNull(node, "node");
    return new ChatNode() {
      @Override
      public MemberId identity() {
        return node.identity();
      }

      @Override
      public CompletionStage<GroupId> createGroup() {
        return node.createGroup();
      }

      @Override
      public CompletionStage<MembershipChange> invite(
          GroupId groupId, MemberId invitee, Duration timeout) {
        return node.invite(groupId, invitee, timeout);
      }

      @Override
      public CompletionStage<MembershipChange> remove(GroupId groupId, MemberId member) {
        return node.remove(groupId, member);
      }

      @Override
      public CompletionStage<Void> leave(GroupId groupId) {
        return node.leave(groupId);
      }

      @Override
      public CompletionStage<MessageId> send(GroupId groupId, byte[] payload) {
        return node.send(groupId, payload);
      }

      @Override
      public CompletionStage<List<GroupId>> groups() {
        return node.groups();
      }

      @Override
      public CompletionStage<GroupStatus> status(GroupId groupId) {
        return node.status(groupId);
      }
    };
  }
}
