/**
 * The fork choice over real MLS groups (RFC 9420, RFC 9750 §5.2.2).
 *
 * <ul>
 *   <li>{@link org.mlsmesh.consensus.mls.MlsGroupAdapter}: {@code GroupAdapter<GroupState>}; epoch
 *       ids and the fork-choice exporter from MLS exporters, Commit ids from the gossiped bytes,
 *       every Commit (the local member's own too) staged on an independent copy of its parent.
 *   <li>{@link org.mlsmesh.consensus.mls.MeshHeader}: the authenticated_data of every message, the
 *       id of the epoch it was framed in; {@link org.mlsmesh.consensus.mls.AppContent}: the
 *       application message id that survives re-sends.
 *   <li>{@link org.mlsmesh.consensus.mls.ConsensusMessage} and {@link
 *       org.mlsmesh.consensus.mls.Beacons}: signed beacons and pulls on the wire, bounded and
 *       versioned; {@link org.mlsmesh.consensus.mls.MeshCode}: the rules they enforce.
 * </ul>
 */
package org.mlsmesh.consensus.mls;
