package org.mlsmesh.protocol.group;

import java.util.Objects;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.tree.LeafIndex;

/** A member of the group: its leaf index and leaf node (credential, keys, capabilities). */
public record Member(LeafIndex index, LeafNode leafNode) {
  public Member {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(leafNode, "leafNode");
  }
}
