package org.mlsmesh.protocol.group;

import java.util.Optional;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The application's approval of external joiners (RFC 9420 §12.4.3.2: anyone holding a GroupInfo
 * can join by external Commit, so the application decides who may). Consulted for every external
 * Commit after its signature and proposal list are verified and before its key schedule runs.
 */
@FunctionalInterface
public interface ExternalCommitPolicy {
  /**
   * The reason to refuse the joiner, or empty to accept it.
   *
   * @param joiner the joiner's new leaf node, with its credential and signature key
   * @param replaced the leaf the joiner removes to resync, if any
   * @param context the GroupContext of the epoch the Commit was sent in
   */
  Optional<String> refusal(LeafNode joiner, Optional<LeafIndex> replaced, GroupContext context);

  /** Accepts every joiner: the default. */
  static ExternalCommitPolicy acceptAll() {
    return (joiner, replaced, context) -> Optional.empty();
  }

  /** Refuses every joiner. */
  static ExternalCommitPolicy refuseAll() {
    return (joiner, replaced, context) -> Optional.of("this group accepts no external joiners");
  }
}
