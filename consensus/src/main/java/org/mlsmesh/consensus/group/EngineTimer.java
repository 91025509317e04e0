package org.mlsmesh.consensus.group;

/**
 * The group engine's timers. A {@link GroupEffect.SetTimer} replaces the pending timer of the same
 * key; one that fires early, late or twice is harmless (each checks what is due at the time given).
 */
public enum EngineTimer {
  /** The fork choice's settle window of the oldest retained epoch ends. */
  SETTLE,
  /** Queued proposals are due to be committed, if nobody else did. */
  COMMIT_PENDING,
  /** Released Welcomes not yet acknowledged are due for another send. */
  WELCOME_RETRY,
  /** The member's signed beacon is due. */
  BEACON,
  /** A rejoin by external Commit checks on its progress. */
  REJOIN
}
