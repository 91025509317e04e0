package org.mlsmesh.gossip;

/** The validation hook's answer about a message, given before anything is forwarded. */
public enum Verdict {
  /** Deliver and forward. */
  ACCEPT,
  /** Invalid: drop, don't forward, and penalize the peer that sent it. */
  REJECT,
  /** Not for us or not now (e.g. an old epoch): drop and don't forward, without penalty. */
  IGNORE
}
