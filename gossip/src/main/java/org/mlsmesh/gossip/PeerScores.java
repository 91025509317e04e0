package org.mlsmesh.gossip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mlsmesh.config.GossipConfig;

/**
 * Per-peer penalty points, a token-bucket rate limit on received frames, a budget of received bytes
 * ({@link FrameLimits}), and bans. Points decay by one per heartbeat; a peer whose points reach the
 * threshold is banned for the configured time.
 */
final class PeerScores {
  /** What {@link #admit} makes of one frame. */
  enum Admission {
    ADMITTED,
    /** Admitted, but the peer is now in debt of bytes: stop reading from it for a while. */
    THROTTLED,
    /** Dropped: the peer went on sending while at its limit of debt. */
    OVER_BUDGET,
    /** Dropped: over the frame rate. */
    RATE_LIMITED,
    BANNED
  }

  private final GossipConfig config;
  private final FrameLimits limits;
  private final long banMillis;
  private final LinkedHashMap<PeerId, Score> scores = new LinkedHashMap<>();

  private static final class Score {
    long points;
    long decayedAt;
    double tokens;
    long refilledAt;
    long bannedUntil;
    ByteBudget bytes;
  }

  private final long decayMillis;
  private long sweptAt;

  PeerScores(GossipConfig config) {
    this.config = config;
    this.limits = new FrameLimits(config);
    this.banMillis = config.banDuration().toMillis();
    this.decayMillis = config.heartbeatInterval().toMillis();
  }

  /** Points decay by one per heartbeat interval, applied when the score is next touched. */
  private static void decay(Score score, long nowMillis, long decayMillis) {
    long steps = (nowMillis - score.decayedAt) / decayMillis;
    if (steps > 0) {
      score.points = Math.max(0, score.points - steps);
      score.decayedAt += steps * decayMillis;
    }
  }

  boolean isBanned(PeerId peer, long nowMillis) {
    Score score = scores.get(peer);
    return score != null && score.bannedUntil > nowMillis;
  }

  /** Admits one frame of {@code bytes} from {@code peer}, or says why not. */
  Admission admit(PeerId peer, long bytes, long nowMillis) {
    Score score = score(peer, nowMillis);
    if (score.bannedUntil > nowMillis) {
      return Admission.BANNED;
    }
    long elapsed = nowMillis - score.refilledAt;
    if (elapsed > 0) {
      score.tokens =
          Math.min(
              config.rateLimitBurst(),
              score.tokens + elapsed * (double) config.rateLimitFramesPerSecond() / 1000.0);
      score.refilledAt = nowMillis;
    }
    if (score.tokens < 1.0) {
      return Admission.RATE_LIMITED;
    }
    ByteBudget.Outcome outcome = score.bytes.take(bytes, nowMillis);
    if (outcome == ByteBudget.Outcome.OVER_BUDGET) {
      return Admission.OVER_BUDGET;
    }
    score.tokens -= 1.0;
    return outcome == ByteBudget.Outcome.IN_DEBT ? Admission.THROTTLED : Admission.ADMITTED;
  }

  /** When {@code peer} will have repaid its debt of bytes. */
  long repaidAt(PeerId peer, long nowMillis) {
    Score score = scores.get(peer);
    return score == null ? nowMillis : score.bytes.repaidAt(nowMillis);
  }

  /** Adds penalty points; returns the ban expiry when this crosses the threshold, else -1. */
  long penalize(PeerId peer, int points, long nowMillis) {
    Score score = score(peer, nowMillis);
    decay(score, nowMillis, decayMillis);
    score.points += points;
    if (score.points >= config.banThreshold() && score.bannedUntil <= nowMillis) {
      score.bannedUntil = nowMillis + banMillis;
      return score.bannedUntil;
    }
    return -1;
  }

  long points(PeerId peer, long nowMillis) {
    Score score = scores.get(peer);
    if (score == null) {
      return 0;
    }
    decay(score, nowMillis, decayMillis);
    return score.points;
  }

  /** Once a minute: expired bans lift, peers idle for a minute with no points are forgotten. */
  void heartbeat(long nowMillis) {
    if (nowMillis - sweptAt < SWEEP_MILLIS) {
      return;
    }
    sweptAt = nowMillis;
    Iterator<Map.Entry<PeerId, Score>> it = scores.entrySet().iterator();
    while (it.hasNext()) {
      Score score = it.next().getValue();
      decay(score, nowMillis, decayMillis);
      if (score.points == 0
          && score.bannedUntil <= nowMillis
          && nowMillis - score.refilledAt > SWEEP_MILLIS) {
        it.remove();
      }
    }
  }

  private static final long SWEEP_MILLIS = 60_000;

  private Score score(PeerId peer, long nowMillis) {
    Score s = scores.get(peer);
    if (s == null) {
      s = new Score();
      s.tokens = config.rateLimitBurst();
      s.refilledAt = nowMillis;
      s.decayedAt = nowMillis;
      s.bytes = limits.newBudget(nowMillis);
      scores.put(peer, s);
    }
    return s;
  }
}
