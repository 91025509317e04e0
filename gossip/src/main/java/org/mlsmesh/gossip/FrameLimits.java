package org.mlsmesh.gossip;

import org.mlsmesh.config.GossipConfig;
import org.mlsmesh.gossip.wire.Envelope;

/**
 * What one peer may send, derived from {@code max-frame-bytes}, {@code max-payload-bytes} and
 * {@code shuffle-size}: the largest frame of each kind an honest peer sends, and a budget of
 * received bytes per peer (a burst of 16 maximal frames, then 4 per second, and a debt of 2 more
 * frames tolerated while the shell stops reading). Honest traffic stays far below it: a Commit or
 * Welcome of a large group is a few hundred kilobytes.
 */
final class FrameLimits {
  /** Beside a payload: topic (up to 256 characters of UTF-8), ids, hop count, flags. */
  static final int ENVELOPE_OVERHEAD = 2048;

  /** Control frames: up to 1024 ids (IHAVE, IWANT, digest replies) or the digest's buckets. */
  static final int MAX_CONTROL_FRAME_BYTES = 64 * 1024;

  /** One peer in a shuffle: its id, an address of up to 256 characters of UTF-8, the framing. */
  private static final int PEER_INFO_BYTES =
      PeerId.LENGTH + 4 * GossipEngine.MAX_ADDRESS_LENGTH + 16;

  static final int BURST_FRAMES = 16;
  static final int FRAMES_PER_SECOND = 4;
  static final int DEBT_FRAMES = 2;

  final long bytesPerSecond;
  final long burstBytes;
  final long maxDebtBytes;
  private final int maxPayloadFrame;
  private final int maxControlFrame;

  FrameLimits(GossipConfig config) {
    long frame = config.maxFrameBytes();
    this.bytesPerSecond = FRAMES_PER_SECOND * frame;
    this.burstBytes = BURST_FRAMES * frame;
    this.maxDebtBytes = DEBT_FRAMES * frame;
    this.maxPayloadFrame = config.maxPayloadBytes() + ENVELOPE_OVERHEAD;
    this.maxControlFrame = MAX_CONTROL_FRAME_BYTES + (config.shuffleSize() + 2) * PEER_INFO_BYTES;
  }

  /** The largest honest frame of {@code kind}: larger ones carry padding or unknown fields. */
  int maxBytes(Envelope.BodyCase kind) {
    return switch (kind) {
      case PUBLISH, DIRECT -> maxPayloadFrame;
      default -> maxControlFrame;
    };
  }

  ByteBudget newBudget(long nowMillis) {
    return new ByteBudget(bytesPerSecond, burstBytes, maxDebtBytes, nowMillis);
  }
}
