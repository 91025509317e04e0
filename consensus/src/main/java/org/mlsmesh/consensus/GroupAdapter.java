package org.mlsmesh.consensus;

import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * What the fork choice needs from an MLS group state {@code S}, and nothing more: the fork choice
 * is generic so that it can be tested with a fake group and wired to {@code
 * org.mlsmesh.protocol.group.GroupState} later. Implementations must be deterministic (the same
 * state and bytes give the same answers at every member) and must not throw on peer input: invalid
 * Commits are reported as {@link Staging.Invalid}.
 *
 * @param <S> an immutable group state of one epoch; its secrets are erased by {@link #destroy}
 */
public interface GroupAdapter<S> {
  /** The content-derived id of the epoch of {@code state} (see {@link EpochId}). */
  EpochId epochId(S state);

  /** {@code GroupContext.epoch} of {@code state} (RFC 9420 §8.1). */
  long epochNumber(S state);

  /**
   * Validates a Commit received (or created locally) against {@code parent}, without changing it:
   * RFC 9420 §12.4.2 and §14 (stage, then merge). A Commit that is invalid for the local member is
   * {@link Staging.Invalid} and is never chosen.
   */
  Staging<S> stage(S parent, Bytes wire);

  /**
   * The fork-choice exporter output of {@code state}, {@code MLS-Exporter("mlsmesh fork choice",
   * "", 32)} (RFC 9420 §8.5): the key of {@link TieBreak#rank}. A fresh secret that the caller
   * destroys.
   */
  Secret forkChoiceExporter(S state);

  /** The leaf indexes of the members of {@code state}, in increasing order (RFC 9420 §7.8). */
  List<LeafIndex> members(S state);

  /** The local member's leaf index in {@code state}. */
  LeafIndex ownLeaf(S state);

  /**
   * Erases the secrets of {@code state} (its epoch secrets, secret tree and private keys) so that
   * the fork choice keeps forward secrecy (RFC 9750 §5.2.2: copies of previous or forked states
   * must be deleted). Called exactly once per retained state; the state is not used afterwards.
   */
  void destroy(S state);
}
