package org.mlsmesh.node.internal.group;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.consensus.group.GroupEvent;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MessageId;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.protocol.codec.Bytes;

/** The application's view of a group engine's events. */
final class NodeEvents {
  private NodeEvents() {}

  /**
   * The node event of {@code event} in {@code groupId}; empty for what only observers see, and for
   * a member whose identity no {@link MemberId} can name (empty or too long: only a member's Add
   * could bring one in).
   */
  static Optional<MlsNodeEvent> of(Bytes groupId, GroupEvent event) {
    GroupId group = GroupId.of(groupId);
    if (event instanceof GroupEvent.MessageReceived m) {
      return Optional.of(
          new MlsNodeEvent.MessageReceived(
              group, member(m.sender()), MessageId.of(m.messageId()), m.payload()));
    } else if (event instanceof GroupEvent.MemberJoined j) {
      return member(j.identity()).map(id -> new MlsNodeEvent.MemberJoined(group, id));
    } else if (event instanceof GroupEvent.MemberLeft l) {
      return member(l.identity()).map(id -> new MlsNodeEvent.MemberLeft(group, id));
    } else if (event instanceof GroupEvent.EpochChanged e) {
      return Optional.of(new MlsNodeEvent.EpochChanged(group, e.epoch(), e.authenticator()));
    } else if (event instanceof GroupEvent.ForkResolved f) {
      return Optional.of(
          new MlsNodeEvent.ForkResolved(group, f.epoch(), f.authenticator(), f.dropped()));
    }
    return Optional.empty();
  }

  /** The members a {@link MemberId} can name, in order. */
  static List<MemberId> members(List<Bytes> identities) {
    return identities.stream().map(NodeEvents::member).flatMap(Optional::stream).toList();
  }

  private static Optional<MemberId> member(Bytes identity) {
    return identity.isEmpty() || identity.length() > MemberId.MAX_LENGTH
        ? Optional.empty()
        : Optional.of(MemberId.of(identity));
  }
}
