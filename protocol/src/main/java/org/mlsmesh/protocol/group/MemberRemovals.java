package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.LeafIndex;

/** The Removes of {@link GroupState#removeMembers} and its by-identity form, checked first. */
final class MemberRemovals {
  private MemberRemovals() {}

  /** A Remove for each of {@code leaves}: members other than {@code state}'s own. */
  static List<Proposal> removes(GroupState state, List<LeafIndex> leaves) {
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("no member to remove");
    }
    List<Proposal> removes = new ArrayList<>();
    for (LeafIndex leaf : leaves) {
      if (leaf.equals(state.ownLeaf())) {
        throw new IllegalArgumentException(
            "a member cannot commit its own removal (RFC 9420 §12.4.2): leave() instead");
      }
      if (state.member(leaf).isEmpty()) {
        throw new IllegalArgumentException("no member at " + leaf);
      }
      removes.add(new Remove(leaf));
    }
    return removes;
  }

  /** Every leaf whose basic credential has one of {@code identities}; each must have one. */
  static List<LeafIndex> leavesOf(GroupState state, List<Bytes> identities) {
    List<LeafIndex> leaves = new ArrayList<>();
    for (Bytes identity : identities) {
      int before = leaves.size();
      for (Member member : state.members()) {
        if (member.hasIdentity(identity)) {
          leaves.add(member.index());
        }
      }
      if (leaves.size() == before) {
        throw new IllegalArgumentException("no member has the identity " + identity);
      }
    }
    return leaves;
  }
}
