package org.mlsmesh.protocol.group;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.message.Proposal;

/**
 * What a Commit created by {@link GroupState#commit} covers and carries (RFC 9420 §12.4.1).
 *
 * @param proposals proposals sent by value in the Commit (Add, Remove, PreSharedKey,
 *     GroupContextExtensions, ReInit), after the pending ones
 * @param includePending whether to include, by reference, the valid proposals received in this
 *     epoch (§12.4 SHOULD); conflicting ones are left out as §12.2 recommends
 * @param forcePath send an UpdatePath even when no proposal requires one
 * @param ratchetTreeInWelcome put the ratchet tree into the GroupInfo as a ratchet_tree extension
 *     (§12.4.3.3), so new members need not fetch it
 * @param externalPub put the external_pub extension into the GroupInfo (§12.4.3.2)
 * @param authenticatedData the Commit's authenticated_data
 */
public record CommitOptions(
    List<Proposal> proposals,
    boolean includePending,
    boolean forcePath,
    boolean ratchetTreeInWelcome,
    boolean externalPub,
    Bytes authenticatedData) {

  public CommitOptions {
    proposals = List.copyOf(proposals);
    Objects.requireNonNull(authenticatedData, "authenticatedData");
  }

  /** Pending proposals, a path, the tree in the Welcome, no external_pub. */
  public static CommitOptions defaults() {
    return new CommitOptions(List.of(), true, true, true, false, Bytes.EMPTY);
  }

  public CommitOptions withProposals(List<? extends Proposal> value) {
    return new CommitOptions(
        List.copyOf(value),
        includePending,
        forcePath,
        ratchetTreeInWelcome,
        externalPub,
        authenticatedData);
  }

  public CommitOptions withIncludePending(boolean value) {
    return new CommitOptions(
        proposals, value, forcePath, ratchetTreeInWelcome, externalPub, authenticatedData);
  }

  public CommitOptions withForcePath(boolean value) {
    return new CommitOptions(
        proposals, includePending, value, ratchetTreeInWelcome, externalPub, authenticatedData);
  }

  public CommitOptions withRatchetTreeInWelcome(boolean value) {
    return new CommitOptions(
        proposals, includePending, forcePath, value, externalPub, authenticatedData);
  }

  public CommitOptions withExternalPub(boolean value) {
    return new CommitOptions(
        proposals, includePending, forcePath, ratchetTreeInWelcome, value, authenticatedData);
  }

  public CommitOptions withAuthenticatedData(Bytes value) {
    return new CommitOptions(
        proposals, includePending, forcePath, ratchetTreeInWelcome, externalPub, value);
  }
}
