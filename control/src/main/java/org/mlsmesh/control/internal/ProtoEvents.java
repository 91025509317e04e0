package org.mlsmesh.control.internal;

import com.google.protobuf.ByteString;
import org.mlsmesh.control.v1.EpochChanged;
import org.mlsmesh.control.v1.Event;
import org.mlsmesh.control.v1.ForkResolved;
import org.mlsmesh.control.v1.MemberJoined;
import org.mlsmesh.control.v1.MemberLeft;
import org.mlsmesh.control.v1.MessageReceived;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNodeEvent;

/** {@link MlsNodeEvent}s as the control API's {@link Event}s. */
final class ProtoEvents {
  private ProtoEvents() {}

  static Event of(EventLog.Entry entry, String runId) {
    MlsNodeEvent event = entry.event();
    Event.Builder out =
        Event.newBuilder()
            .setSeq(entry.seq())
            .setRunId(runId)
            .setTimeMillis(entry.timeMillis())
            .setGroupId(event.groupId().toHex());
    if (event instanceof MlsNodeEvent.MessageReceived m) {
      out.setMessageReceived(
          MessageReceived.newBuilder()
              .setSender(m.sender().map(MemberId::toHex).orElse(""))
              .setMessageId(m.messageId().toHex())
              .setPayload(ByteString.copyFrom(m.payload().toByteArray())));
    } else if (event instanceof MlsNodeEvent.MemberJoined j) {
      out.setMemberJoined(MemberJoined.newBuilder().setMemberId(j.member().toHex()));
    } else if (event instanceof MlsNodeEvent.MemberLeft l) {
      out.setMemberLeft(MemberLeft.newBuilder().setMemberId(l.member().toHex()));
    } else if (event instanceof MlsNodeEvent.EpochChanged e) {
      out.setEpochChanged(
          EpochChanged.newBuilder()
              .setEpoch(e.epoch())
              .setEpochAuthenticator(e.epochAuthenticator().toHex()));
    } else if (event instanceof MlsNodeEvent.ForkResolved f) {
      out.setForkResolved(
          ForkResolved.newBuilder()
              .setEpoch(f.epoch())
              .setEpochAuthenticator(f.epochAuthenticator().toHex())
              .setDroppedCommits(f.droppedCommits()));
    } else {
      throw new IllegalArgumentException("an event kind the control API lacks: " + event);
    }
    return out.build();
  }
}
