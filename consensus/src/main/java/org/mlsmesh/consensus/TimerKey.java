package org.mlsmesh.consensus;

/**
 * The fork choice's timers. An {@link Effect.SetTimer} replaces the pending timer of the same key;
 * a timer that fires early, late or twice is harmless because every input first settles whatever is
 * due at its {@code nowMillis}.
 */
public enum TimerKey {
  /** The settle window of the oldest retained epoch ends: its winning Commit becomes final. */
  SETTLE
}
