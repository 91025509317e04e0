package org.mlsmesh.gossip;

/**
 * The engine's timers. A {@link Effect.SetTimer} replaces the pending timer of the same key; a
 * timer that fires early or twice is ignored, so a shell may be sloppy about replacement.
 */
public enum TimerKey {
  /** Liveness, view maintenance, shuffles, expiry. */
  HEARTBEAT,
  /** Flush of batched lazy announcements (IHAVE). */
  LAZY_PUSH,
  /** Pull of messages announced but not received (GRAFT). */
  GRAFT,
  /** An anti-entropy round (digest exchange with a random partner), every anti-entropy interval. */
  ANTI_ENTROPY
}
