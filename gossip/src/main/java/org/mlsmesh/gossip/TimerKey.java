package org.mlsmesh.gossip;

/**
 * The engine's timers. A {@link Effect.SetTimer} replaces the pending timer of the same key; a
 * timer that fires early or twice is ignored, so a shell may be sloppy about replacement.
 */
public enum TimerKey {
  /** Liveness, view maintenance, shuffles, anti-entropy, expiry. */
  HEARTBEAT,
  /** Flush of batched lazy announcements (IHAVE). */
  LAZY_PUSH,
  /** Pull of messages announced but not received (GRAFT). */
  GRAFT
}
