package org.mlsmesh.consensus.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredential;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Member;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.tree.LeafIndex;

/** Members by identity: the identity of a basic credential (RFC 9420 §5.3), the node's peer id. */
public final class Members {
  private Members() {}

  /** The identities of the members of {@code state}, in leaf order. */
  public static List<Bytes> identities(GroupState state) {
    List<Bytes> out = new ArrayList<>();
    for (Member m : state.members()) {
      out.add(identity(m));
    }
    return out;
  }

  static Bytes identity(Member m) {
    return identity(m.leafNode());
  }

  /**
   * The identity of {@code leaf}'s basic credential, or empty bytes for another credential type.
   */
  static Bytes identity(LeafNode leaf) {
    return identity(leaf.credential());
  }

  /** The identity of a basic credential, or empty bytes for another credential type. */
  static Bytes identity(Credential credential) {
    return credential instanceof BasicCredential b ? b.identity() : Bytes.EMPTY;
  }

  /** The identity at {@code leaf}, or empty bytes for a blank leaf or another credential type. */
  public static Bytes identityOf(GroupState state, LeafIndex leaf) {
    return state.tree().leaf(leaf).map(Members::identity).orElse(Bytes.EMPTY);
  }

  /** The leaf of the member {@code identity}. */
  public static Optional<LeafIndex> leafOf(GroupState state, Bytes identity) {
    for (Member m : state.members()) {
      if (identity(m).equals(identity)) {
        return Optional.of(m.index());
      }
    }
    return Optional.empty();
  }
}
