package org.mlsmesh.node.storage;

/** What an outbox entry carries; storage keeps it as the constant's name. */
public enum OutboxKind {
  /** A Commit this member created, with any Welcome it releases once the epoch settles. */
  COMMIT,
  /** A standalone Proposal. */
  PROPOSAL,
  /** An application message (re-encrypted and re-sent if its epoch loses the fork choice). */
  APPLICATION,
  /** A Welcome waiting for its Commit to settle. */
  WELCOME
}
