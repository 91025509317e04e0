package org.mlsmesh.node.group;

import java.util.Optional;
import org.mlsmesh.consensus.group.GroupEvent;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.protocol.codec.Bytes;

/** The application's view of a group engine's events. */
final class NodeEvents {
  private NodeEvents() {}

  /** The node event of {@code event} in {@code groupId}; empty for what only observers see. */
  static Optional<MlsNodeEvent> of(Bytes groupId, GroupEvent event) {
    if (event instanceof GroupEvent.MessageReceived m) {
      return Optional.of(
          new MlsNodeEvent.MessageReceived(groupId, m.sender(), m.messageId(), m.payload()));
    } else if (event instanceof GroupEvent.MemberJoined j) {
      return Optional.of(new MlsNodeEvent.MemberJoined(groupId, j.identity()));
    } else if (event instanceof GroupEvent.MemberLeft l) {
      return Optional.of(new MlsNodeEvent.MemberLeft(groupId, l.identity()));
    } else if (event instanceof GroupEvent.EpochChanged e) {
      return Optional.of(new MlsNodeEvent.EpochChanged(groupId, e.epoch(), e.authenticator()));
    } else if (event instanceof GroupEvent.ForkResolved f) {
      return Optional.of(
          new MlsNodeEvent.ForkResolved(groupId, f.epoch(), f.authenticator(), f.dropped()));
    }
    return Optional.empty();
  }
}
