package org.mlsmesh.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the gossip layer: membership (HyParView views, shuffles, failure detection),
 * per-topic broadcast (Plumtree lazy push and graft timers), the seen-cache and retention for
 * anti-entropy, wire limits, and the penalties and rate limits applied to misbehaving peers. Every
 * value is documented in {@code reference.conf} under {@code mlsmesh.gossip}.
 */
public record GossipConfig(
    List<String> seeds,
    int activeViewSize,
    int passiveViewSize,
    int activeRandomWalkLength,
    int passiveRandomWalkLength,
    int shuffleSize,
    Duration shuffleInterval,
    Duration heartbeatInterval,
    Duration failureTimeout,
    Duration neighborRequestTimeout,
    Duration reconnectBackoff,
    Duration reconnectBackoffMax,
    Duration lazyPushDelay,
    Duration graftTimeout,
    Duration treeOptimizationGain,
    Duration treeOptimizationInterval,
    Duration seenCacheTtl,
    int seenCacheMaxEntries,
    Duration retention,
    int retentionMaxMessages,
    Duration antiEntropyInterval,
    Duration antiEntropyDelay,
    int maxFrameBytes,
    int maxPayloadBytes,
    int maxTopics,
    int penaltyInvalidFrame,
    int penaltyRejectedMessage,
    int penaltyRateLimited,
    int banThreshold,
    Duration banDuration,
    int rateLimitFramesPerSecond,
    int rateLimitBurst,
    Duration idleTimeout) {

  static final String SECTION = "mlsmesh.gossip";

  public GossipConfig {
    seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
    seeds.forEach(SeedAddress::check);
    requireRange("active-view-size", activeViewSize, 1, 64);
    requireRange("passive-view-size", passiveViewSize, activeViewSize, 10_000);
    requireRange("active-random-walk-length", activeRandomWalkLength, 1, 32);
    requireRange("passive-random-walk-length", passiveRandomWalkLength, 0, activeRandomWalkLength);
    requireRange("shuffle-size", shuffleSize, 1, passiveViewSize);
    requirePositive("shuffle-interval", shuffleInterval);
    requirePositive("heartbeat-interval", heartbeatInterval);
    requirePositive("failure-timeout", failureTimeout);
    if (failureTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new ConfigException(
          SECTION + ".failure-timeout",
          "must be at least twice heartbeat-interval ("
              + heartbeatInterval
              + "), got "
              + failureTimeout);
    }
    requirePositive("neighbor-request-timeout", neighborRequestTimeout);
    requirePositive("reconnect-backoff", reconnectBackoff);
    requirePositive("reconnect-backoff-max", reconnectBackoffMax);
    if (reconnectBackoffMax.compareTo(reconnectBackoff) < 0) {
      throw new ConfigException(
          SECTION + ".reconnect-backoff-max",
          "must be at least reconnect-backoff ("
              + reconnectBackoff
              + "), got "
              + reconnectBackoffMax);
    }
    requirePositive("lazy-push-delay", lazyPushDelay);
    requirePositive("graft-timeout", graftTimeout);
    requireNonNegative("tree-optimization-gain", treeOptimizationGain);
    requirePositive("tree-optimization-interval", treeOptimizationInterval);
    requirePositive("retention", retention);
    if (seenCacheTtl.compareTo(retention) < 0) {
      throw new ConfigException(
          SECTION + ".seen-cache-ttl",
          "must be at least retention (" + retention + "), got " + seenCacheTtl);
    }
    requireRange("seen-cache-max-entries", seenCacheMaxEntries, 16, 100_000_000);
    requireRange("retention-max-messages", retentionMaxMessages, 1, seenCacheMaxEntries);
    requirePositive("anti-entropy-interval", antiEntropyInterval);
    requirePositive("anti-entropy-delay", antiEntropyDelay);
    if (antiEntropyDelay.compareTo(retention) >= 0) {
      throw new ConfigException(
          SECTION + ".anti-entropy-delay",
          "must be below retention (" + retention + "), got " + antiEntropyDelay);
    }
    requireRange("max-frame-bytes", maxFrameBytes, 1024, 64 * 1024 * 1024);
    requireRange("max-payload-bytes", maxPayloadBytes, 1, maxFrameBytes - 256);
    requireRange("max-topics", maxTopics, 1, 1_000_000);
    requireRange("penalty-invalid-frame", penaltyInvalidFrame, 0, 1_000_000);
    requireRange("penalty-rejected-message", penaltyRejectedMessage, 0, 1_000_000);
    requireRange("penalty-rate-limited", penaltyRateLimited, 0, 1_000_000);
    requireRange("ban-threshold", banThreshold, 1, 1_000_000_000);
    requirePositive("ban-duration", banDuration);
    requireRange("rate-limit-frames-per-second", rateLimitFramesPerSecond, 1, 10_000_000);
    requireRange("rate-limit-burst", rateLimitBurst, 1, 100_000_000);
    requirePositive("idle-timeout", idleTimeout);
  }

  private static void requireRange(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new ConfigException(
          SECTION + "." + key, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static void requireNonNegative(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative()) {
      throw new ConfigException(SECTION + "." + key, "must not be negative, got " + value);
    }
  }

  private static void requirePositive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigException(SECTION + "." + key, "must be a positive duration, got " + value);
    }
  }

  /** A copy with other seed addresses (host:port); tests and the simulator build many peers. */
  public GossipConfig withSeeds(List<String> newSeeds) {
    return new GossipConfig(
        newSeeds,
        activeViewSize,
        passiveViewSize,
        activeRandomWalkLength,
        passiveRandomWalkLength,
        shuffleSize,
        shuffleInterval,
        heartbeatInterval,
        failureTimeout,
        neighborRequestTimeout,
        reconnectBackoff,
        reconnectBackoffMax,
        lazyPushDelay,
        graftTimeout,
        treeOptimizationGain,
        treeOptimizationInterval,
        seenCacheTtl,
        seenCacheMaxEntries,
        retention,
        retentionMaxMessages,
        antiEntropyInterval,
        antiEntropyDelay,
        maxFrameBytes,
        maxPayloadBytes,
        maxTopics,
        penaltyInvalidFrame,
        penaltyRejectedMessage,
        penaltyRateLimited,
        banThreshold,
        banDuration,
        rateLimitFramesPerSecond,
        rateLimitBurst,
        idleTimeout);
  }
}
