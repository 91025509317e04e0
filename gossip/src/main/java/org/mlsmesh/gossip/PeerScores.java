package org.mlsmesh.gossip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mlsmesh.config.GossipConfig;

/**
 * Per-peer penalty points, a token-bucket rate limit on received frames, and bans. Points decay by
 * one per heartbeat; a peer whose points reach the threshold is banned for the configured time.
 */
final class PeerScores {
  private final GossipConfig config;
  private final long banMillis;
  private final LinkedHashMap<PeerId, Score> scores = new LinkedHashMap<>();
  private final LinkedHashMap<PeerId, Long> bannedUntil = new LinkedHashMap<>();

  private static final class Score {
    long points;
    double tokens;
    long refilledAt;
  }

  PeerScores(GossipConfig config) {
    this.config = config;
    this.banMillis = config.banDuration().toMillis();
  }

  boolean isBanned(PeerId peer, long nowMillis) {
    Long until = bannedUntil.get(peer);
    return until != null && until > nowMillis;
  }

  /** Takes a token for one frame from {@code peer}; false when the peer is over its rate. */
  boolean admit(PeerId peer, long nowMillis) {
    Score score = score(peer, nowMillis);
    long elapsed = nowMillis - score.refilledAt;
    if (elapsed > 0) {
      score.tokens =
          Math.min(
              config.rateLimitBurst(),
              score.tokens + elapsed * (double) config.rateLimitFramesPerSecond() / 1000.0);
      score.refilledAt = nowMillis;
    }
    if (score.tokens < 1.0) {
      return false;
    }
    score.tokens -= 1.0;
    return true;
  }

  /** Adds penalty points; returns the ban expiry when this crosses the threshold, else -1. */
  long penalize(PeerId peer, int points, long nowMillis) {
    Score score = score(peer, nowMillis);
    score.points += points;
    if (score.points >= config.banThreshold() && !isBanned(peer, nowMillis)) {
      long until = nowMillis + banMillis;
      bannedUntil.put(peer, until);
      return until;
    }
    return -1;
  }

  long points(PeerId peer) {
    Score score = scores.get(peer);
    return score == null ? 0 : score.points;
  }

  /** One heartbeat: points decay, expired bans lift, idle full-bucket peers are forgotten. */
  void heartbeat(long nowMillis) {
    Iterator<Map.Entry<PeerId, Score>> it = scores.entrySet().iterator();
    while (it.hasNext()) {
      Score score = it.next().getValue();
      if (score.points > 0) {
        score.points--;
      } else if (nowMillis - score.refilledAt > 60_000) {
        it.remove();
      }
    }
    bannedUntil.values().removeIf(until -> until <= nowMillis);
  }

  private Score score(PeerId peer, long nowMillis) {
    return scores.computeIfAbsent(
        peer,
        p -> {
          Score s = new Score();
          s.tokens = config.rateLimitBurst();
          s.refilledAt = nowMillis;
          return s;
        });
  }
}
