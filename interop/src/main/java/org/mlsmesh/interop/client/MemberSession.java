package org.mlsmesh.interop.client;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.GroupState;

/**
 * One member of one group, as the interop protocol's {@code state_id} names it: the current state,
 * the Commit it created and has not merged yet, and the proposals it sent in this epoch (the runner
 * hands them back by reference, and a member does not process its own messages).
 */
final class MemberSession {
  final Bytes identity;
  final boolean encryptHandshake;
  final Map<Bytes, Secret> psks;
  private GroupState state;
  private Optional<CommitResult> pending = Optional.empty();
  private final Set<Bytes> ownProposals = new HashSet<>();

  /** {@code psks} is the live map the state's environment reads external PSKs from. */
  MemberSession(
      Bytes identity, boolean encryptHandshake, Map<Bytes, Secret> psks, GroupState state) {
    this.identity = identity;
    this.encryptHandshake = encryptHandshake;
    this.psks = psks;
    this.state = state;
  }

  GroupState state() {
    return state;
  }

  /** Moves to the next epoch: what was pending for the old one is dropped. */
  void advance(GroupState next) {
    if (next != state) {
      state.destroy();
    }
    state = next;
    pending = Optional.empty();
    ownProposals.clear();
  }

  void sent(Bytes proposal) {
    ownProposals.add(proposal);
  }

  boolean isOwn(Bytes proposal) {
    return ownProposals.contains(proposal);
  }

  void pending(CommitResult commit) {
    pending.ifPresent(old -> old.staged().discard());
    pending = Optional.of(commit);
  }

  Optional<CommitResult> takePending() {
    Optional<CommitResult> out = pending;
    pending = Optional.empty();
    return out;
  }
}
