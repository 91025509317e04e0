/**
 * The eventually consistent fork choice: a deterministic per-group state machine that picks the
 * same winning Commit per epoch at every member, keeps snapshots of parent states, rolls back to
 * the winner and re-sends what the local member sent on a losing branch (RFC 9750 §5.2.2).
 *
 * <ul>
 *   <li>{@link org.mlsmesh.consensus.ForkChoice}: the machine; {@link org.mlsmesh.consensus.Input}
 *       in, {@link org.mlsmesh.consensus.Step} of {@link org.mlsmesh.consensus.Effect}s out, time
 *       as a parameter.
 *   <li>{@link org.mlsmesh.consensus.GroupAdapter}, {@link org.mlsmesh.consensus.Staging}, {@link
 *       org.mlsmesh.consensus.StagedCandidate}: what it needs from an MLS group state (RFC 9420
 *       §14, stage then merge).
 *   <li>{@link org.mlsmesh.consensus.TieBreak}, {@link org.mlsmesh.consensus.Rank}, {@link
 *       org.mlsmesh.consensus.CommitClass}, {@link org.mlsmesh.consensus.CommitRecord}: the winner
 *       among sibling Commits.
 *   <li>{@code ForkTree} (the chain and its dead branches), {@code PendingCommits} (Commits on
 *       unknown parents), {@code History} (public records of final Commits), {@code Outbox}
 *       (re-sends), {@code Partitions} (beacons, long partitions), {@link
 *       org.mlsmesh.consensus.DeliveredIds} (exactly-once delivery), {@link
 *       org.mlsmesh.consensus.Pacing} (when to commit).
 * </ul>
 */
package org.mlsmesh.consensus;
