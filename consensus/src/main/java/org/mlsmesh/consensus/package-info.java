/**
 * The eventually consistent fork choice: a deterministic per-group state machine that picks the
 * same winning Commit per epoch at every member, keeps snapshots of parent states, rolls back to
 * the winner and re-sends what the local member sent on a losing branch (RFC 9750 §5.2.2).
 */
package org.mlsmesh.consensus;
