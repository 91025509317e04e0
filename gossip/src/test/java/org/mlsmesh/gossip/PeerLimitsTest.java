package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.wire.Envelope;

/**
 * Per-peer limits on what one peer may send ({@link FrameLimits}): frames larger than their kind
 * needs, and a budget of bytes that slows a peer down and bans it when it does not slow down. One
 * fresh peer sends its frames all at the same instant unless a test says otherwise.
 */
class PeerLimitsTest {
  private static final Peer PEER = Harness.peer(1);
  private static final GossipConfig CONFIG = Harness.config();
  private static final int MIB = 1024 * 1024;

  /** {@code envelope} padded with an unknown field to exactly {@code size} bytes. */
  private static ByteString padded(Envelope envelope, int size) {
    for (int padding = size - envelope.getSerializedSize() - 8; ; padding++) {
      Envelope e =
          envelope.toBuilder()
              .setUnknownFields(
                  UnknownFieldSet.newBuilder()
                      .addField(
                          999,
                          UnknownFieldSet.Field.newBuilder()
                              .addLengthDelimited(ByteString.copyFrom(new byte[padding]))
                              .build())
                      .build())
              .build();
      if (e.getSerializedSize() == size) {
        return e.toByteString();
      }
    }
  }

  /** {@code n} distinct publishes of the largest payload. */
  private static List<ByteString> largestPublishes(int n) {
    List<ByteString> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      frames.add(publish(i, CONFIG.maxPayloadBytes()));
    }
    return frames;
  }

  private static ByteString publish(int i, int payloadBytes) {
    byte[] payload = new byte[payloadBytes];
    payload[0] = (byte) i;
    payload[1] = (byte) (i >> 8);
    return Frames.publish(SingleEngine.TOPIC, ByteString.copyFrom(payload), 1, false)
        .toByteString();
  }

  /** What happened to each frame sent: the effects of each input, in order. */
  private static List<List<Effect>> send(GossipEngine engine, List<ByteString> frames, long now) {
    List<List<Effect>> out = new ArrayList<>();
    for (ByteString frame : frames) {
      out.add(engine.onInput(new Input.FrameReceived(PEER.id(), frame), now));
    }
    return out;
  }

  private static int firstWith(List<List<Effect>> effects, Class<? extends Effect> kind) {
    for (int i = 0; i < effects.size(); i++) {
      if (effects.get(i).stream().anyMatch(kind::isInstance)) {
        return i + 1;
      }
    }
    return -1;
  }

  @Test
  void fiftyFramesOfOneMebibyteFromAFreshPeerGetItBannedAtTheFifth() {
    GossipEngine engine = SingleEngine.linkedTo(List.of(PEER));
    ByteString frame = padded(Frames.ping(), CONFIG.maxFrameBytes());
    List<List<Effect>> effects = send(engine, java.util.Collections.nCopies(50, frame), 1_000);
    // Before the per-kind limit, all 50 were read: a ping may carry unknown fields.
    assertThat(engine.counters().oversizedForKind).isEqualTo(5);
    assertThat(firstWith(effects, Effect.PeerBanned.class)).isEqualTo(5);
    assertThat(engine.counters().framesFromBanned).isEqualTo(45);
    assertThat(engine.isBanned(PEER.id(), 1_000)).isTrue();
  }

  @Test
  void frameLargerThanItsKindNeedsIsInvalidAndOneThatFitsIsNot() {
    GossipEngine engine = SingleEngine.linkedTo(List.of(PEER));
    send(engine, List.of(padded(Frames.ping(), FrameLimits.MAX_CONTROL_FRAME_BYTES)), 1_000);
    assertThat(engine.counters().invalidFrames).isZero();
    send(engine, List.of(padded(Frames.ping(), 100 * 1024)), 1_000);
    assertThat(engine.counters().oversizedForKind).isEqualTo(1);

    Envelope full =
        Frames.publish(SingleEngine.TOPIC, ByteString.copyFrom(new byte[100]), 1, false);
    int limit = CONFIG.maxPayloadBytes() + FrameLimits.ENVELOPE_OVERHEAD;
    send(engine, List.of(padded(full, limit)), 1_000);
    assertThat(engine.counters().oversizedForKind).isEqualTo(1);
    send(engine, List.of(padded(full, limit + 1)), 1_000);
    assertThat(engine.counters().oversizedForKind).isEqualTo(2);
    assertThat(engine.counters().invalidFrames).isEqualTo(2);
  }

  @Test
  void largeValidFramesAreThrottledThenTheirSenderIsBannedWhenItDoesNotSlowDown() {
    GossipEngine engine = SingleEngine.linkedTo(List.of(PEER));
    List<List<Effect>> effects = send(engine, largestPublishes(50), 1_000);
    // A burst of 16 MiB: 31 frames of 512 KiB and a few bytes fit, the 32nd puts the peer in debt
    // (throttled: the shell stops reading it); 4 more are read while the debt is under 2 MiB; the
    // next ones are over budget (20 points each, plus 1 per throttle) until the ban.
    assertThat(firstWith(effects, Effect.Throttle.class)).isEqualTo(32);
    assertThat(engine.counters().throttles).isEqualTo(5);
    assertThat(engine.counters().delivered).isEqualTo(36);
    assertThat(firstWith(effects, Effect.PeerBanned.class)).isEqualTo(41);
    assertThat(engine.counters().overBudgetFrames).isEqualTo(5);
  }

  @Test
  void aThrottledPeerIsReadAgainWithoutPenaltyOnceItsDebtIsRepaid() {
    GossipEngine engine = SingleEngine.linkedTo(List.of(PEER));
    List<ByteString> frames = largestPublishes(32);
    List<List<Effect>> effects = send(engine, frames, 1_000);
    Effect.Throttle throttle =
        (Effect.Throttle)
            effects.get(31).stream().filter(Effect.Throttle.class::isInstance).findFirst().get();
    assertThat(throttle.peer()).isEqualTo(PEER.id());
    long debt = 32L * frames.get(0).size() - 16L * MIB;
    long rate = 4L * CONFIG.maxFrameBytes();
    assertThat(throttle.untilMillis()).isEqualTo(1_000 + (debt * 1000 + rate - 1) / rate);

    List<List<Effect>> later = send(engine, List.of(publish(99, 1000)), throttle.untilMillis());
    assertThat(firstWith(later, Effect.Throttle.class)).isEqualTo(-1);
    assertThat(engine.counters().delivered).isEqualTo(33);
    assertThat(engine.penaltyPoints(PEER.id(), throttle.untilMillis())).isLessThanOrEqualTo(1);
  }

  @Test
  void aPeerSendingBelowItsRateIsNeverThrottled() {
    GossipEngine engine = SingleEngine.linkedTo(List.of(PEER));
    // 60 KiB control frames, 50 a second: 3 MiB/s for two minutes, against 4 MiB/s.
    ByteString frame = padded(Frames.ping(), 60 * 1024);
    for (long t = 0; t < 120_000; t += 20) {
      send(engine, List.of(frame), 1_000 + t);
    }
    assertThat(engine.counters().throttles).isZero();
    assertThat(engine.counters().invalidFrames).isZero();
    assertThat(engine.penaltyPoints(PEER.id(), 121_000)).isZero();
  }
}
