package org.mlsmesh.app.chat;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * What a chat session needs of a node: the operations of {@link MlsNode} it calls. Tests stand in a
 * fake; the terminal chat uses {@link #of(MlsNode)}.
 */
public interface ChatNode {
  /** This node's identity, by which others invite it. */
  Bytes identity();

  CompletionStage<Bytes> createGroup();

  CompletionStage<Void> invite(Bytes groupId, Bytes identity);

  CompletionStage<Void> remove(Bytes groupId, Bytes identity);

  CompletionStage<Void> leave(Bytes groupId);

  CompletionStage<Bytes> send(Bytes groupId, byte[] payload);

  CompletionStage<List<Bytes>> groups();

  CompletionStage<GroupStatus> status(Bytes groupId);

  /** The chat's view of a running {@link MlsNode}. */
  static ChatNode of(MlsNode node) {
    Objects.requireNonNull(node, "node");
    return new ChatNode() {
      @Override
      public Bytes identity() {
        return node.identity();
      }

      @Override
      public CompletionStage<Bytes> createGroup() {
        return node.createGroup();
      }

      @Override
      public CompletionStage<Void> invite(Bytes groupId, Bytes identity) {
        return node.invite(groupId, identity);
      }

      @Override
      public CompletionStage<Void> remove(Bytes groupId, Bytes identity) {
        return node.remove(groupId, identity);
      }

      @Override
      public CompletionStage<Void> leave(Bytes groupId) {
        return node.leave(groupId);
      }

      @Override
      public CompletionStage<Bytes> send(Bytes groupId, byte[] payload) {
        return node.send(groupId, payload);
      }

      @Override
      public CompletionStage<List<Bytes>> groups() {
        return node.groups();
      }

      @Override
      public CompletionStage<GroupStatus> status(Bytes groupId) {
        return node.status(groupId);
      }
    };
  }
}
