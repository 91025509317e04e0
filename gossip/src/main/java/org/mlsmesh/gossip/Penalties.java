package org.mlsmesh.gossip;

import org.mlsmesh.config.GossipConfig;

/**
 * The engine's policy on misbehaving peers, over {@link PeerScores}: every frame is admitted
 * against a rate limit, a byte budget and bans, invalid frames and rejected messages cost penalty
 * points, and a peer over the threshold is banned, dropped from every view and disconnected.
 */
final class Penalties {
  private final Peer self;
  private final GossipConfig config;
  private final PeerScores scores;
  private final Outbox out;
  private final Membership membership;
  private final GossipEngine.Counters counters;

  Penalties(
      Peer self,
      GossipConfig config,
      PeerScores scores,
      Outbox out,
      Membership membership,
      GossipEngine.Counters counters) {
    this.self = self;
    this.config = config;
    this.scores = scores;
    this.out = out;
    this.membership = membership;
    this.counters = counters;
  }

  /**
   * Rate limit, byte budget and bans for a frame of {@code bytes} from {@code from}: false when it
   * must be dropped unread. A frame that puts the peer in debt is read, and the shell told to stop
   * reading from the peer until the debt is repaid; one that comes while the debt is at its limit
   * (the peer did not slow down) is dropped and costs as much as an invalid frame.
   */
  boolean admit(PeerId from, long bytes, long now) {
    if (from.equals(self.id())) {
      return false;
    }
    switch (scores.admit(from, bytes, now)) {
      case ADMITTED -> {
        return true;
      }
      case THROTTLED -> {
        counters.throttles++;
        out.add(new Effect.Throttle(from, scores.repaidAt(from, now)));
        return !penalize(from, config.penaltyRateLimited(), "byte budget", now);
      }
      case OVER_BUDGET -> {
        counters.overBudgetFrames++;
        penalize(from, config.penaltyInvalidFrame(), "over its byte budget", now);
        return false;
      }
      case RATE_LIMITED -> {
        counters.rateLimitedFrames++;
        penalize(from, config.penaltyRateLimited(), "rate limit", now);
        return false;
      }
      case BANNED -> {
        counters.framesFromBanned++;
        return false;
      }
      default -> throw new IllegalStateException("unknown admission");
    }
  }

  /** A frame from {@code from} that is oversized, unparseable or breaks a rule. */
  void invalid(PeerId from, String reason, long now) {
    counters.invalidFrames++;
    penalize(from, config.penaltyInvalidFrame(), reason, now);
  }

  /** A message from {@code from} that the validator rejected. */
  void rejected(PeerId from, long now) {
    counters.rejected++;
    penalize(from, config.penaltyRejectedMessage(), "rejected message", now);
  }

  /** Adds penalty points; true when they got the peer banned. */
  private boolean penalize(PeerId peer, int points, String reason, long now) {
    long bannedUntil = scores.penalize(peer, points, now);
    if (bannedUntil < 0) {
      return false;
    }
    counters.bans++;
    out.add(new Effect.PeerBanned(peer, reason, bannedUntil));
    membership.evict(peer, now);
    out.add(new Effect.Disconnect(peer));
    return true;
  }
}
