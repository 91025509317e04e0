package org.mlsmesh.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.control.internal.EventLog;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.protocol.codec.Bytes;

class EventLogTest {
  private static final GroupId GROUP = GroupId.of(Bytes.fromHex("0102"));

  private static MlsNodeEvent joined(int i) {
    return new MlsNodeEvent.MemberJoined(GROUP, MemberId.of(Bytes.of(new byte[] {(byte) i})));
  }

  @Test
  void resumesWithoutGapsAndNamesWhatWasEvicted() throws Exception {
    EventLog log = new EventLog(4, 1 << 20, "run1", () -> 42L);
    for (int i = 1; i <= 6; i++) {
      log.onEvent(joined(i));
    }
    assertThat(log.oldestSeq()).isEqualTo(3);
    assertThat(log.lastSeq()).isEqualTo(6);

    List<Long> seen = new ArrayList<>();
    log.subscribe(5, "run1", e -> seen.add(e.seq()));
    log.onEvent(joined(7));
    assertThat(seen).containsExactly(5L, 6L, 7L);

    assertThatThrownBy(() -> log.subscribe(2, "", e -> true))
        .isInstanceOf(EventLog.ResumeRefused.class)
        .hasMessageContaining("events 2 to 3 were evicted")
        .hasMessageContaining("the oldest kept is 4");
    assertThatThrownBy(() -> log.subscribe(4, "run0", e -> true))
        .isInstanceOfSatisfying(
            EventLog.ResumeRefused.class, e -> assertThat(e.otherRun()).isTrue());
  }

  @Test
  void payloadBytesBoundTheRingToo() {
    EventLog log = new EventLog(1000, 3000, "r", () -> 0L);
    for (int i = 0; i < 5; i++) {
      log.onEvent(
          new MlsNodeEvent.MessageReceived(
              GROUP,
              java.util.Optional.empty(),
              org.mlsmesh.node.MessageId.of(Bytes.of(new byte[] {(byte) i})),
              Bytes.of(new byte[1000])));
    }
    // 1128 bytes each: two fit in 3000.
    assertThat(log.oldestSeq()).isEqualTo(4);
    assertThat(log.lastSeq()).isEqualTo(5);
    log.onEvent(
        new MlsNodeEvent.MessageReceived(
            GROUP,
            java.util.Optional.empty(),
            org.mlsmesh.node.MessageId.of(Bytes.of(new byte[] {9})),
            Bytes.of(new byte[10_000])));
    assertThat(log.oldestSeq()).as("the newest stays, however large").isEqualTo(6);
  }

  @Test
  void fromZeroIsLiveOnlyAndAFalseOfferUnsubscribes() throws Exception {
    EventLog log = new EventLog(16, 1 << 20, "r", () -> 0L);
    log.onEvent(joined(1));
    List<Long> seen = new ArrayList<>();
    log.subscribe(0, "", e -> seen.add(e.seq()) && seen.size() < 2);
    log.onEvent(joined(2));
    log.onEvent(joined(3));
    log.onEvent(joined(4));
    assertThat(seen).containsExactly(2L, 3L);
  }
}
