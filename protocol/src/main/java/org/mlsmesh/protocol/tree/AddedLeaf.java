package org.mlsmesh.protocol.tree;

import java.util.Objects;

/** The result of {@link RatchetTree#addLeaf}: the new tree and where the leaf went. */
public record AddedLeaf(RatchetTree tree, LeafIndex index) {
  public AddedLeaf {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(index, "index");
  }
}
