package org.mlsmesh.gossip;

import org.mlsmesh.config.GossipConfig;

/**
 * The engine's policy on misbehaving peers, over {@link PeerScores}: every frame is admitted
 * against a rate limit and bans, invalid frames and rejected messages cost penalty points, and a
 * peer over the threshold is banned, dropped from every view and disconnected.
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

  /** Rate limit and bans: false when the frame from {@code from} must be dropped unread. */
  boolean admit(PeerId from, long now) {
    if (from.equals(self.id())) {
      return false;
    }
    if (!scores.admit(from, now)) {
      if (scores.isBanned(from, now)) {
        counters.framesFromBanned++;
        return false;
      }
      counters.rateLimitedFrames++;
      penalize(from, config.penaltyRateLimited(), "rate limit", now);
      return false;
    }
    return true;
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

  private void penalize(PeerId peer, int points, String reason, long now) {
    long bannedUntil = scores.penalize(peer, points, now);
    if (bannedUntil < 0) {
      return;
    }
    counters.bans++;
    out.add(new Effect.PeerBanned(peer, reason, bannedUntil));
    membership.evict(peer, now);
    out.add(new Effect.Disconnect(peer));
  }
}
