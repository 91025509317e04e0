package org.mlsmesh.protocol.tree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mlsmesh.protocol.message.LeafNode;

/**
 * Which credential types the members of a tree use and support (RFC 9420 §7.3), counted so that the
 * contribution of one leaf (the one an Update replaces) can be left out.
 */
final class CredentialSupport {
  private final long members;
  private final Map<Integer, Long> used = new TreeMap<>();
  private final Map<Integer, Long> supported = new TreeMap<>();

  private CredentialSupport(List<LeafNode> leaves) {
    this.members = leaves.size();
    for (LeafNode leaf : leaves) {
      used.merge(leaf.credential().type().code, 1L, Long::sum);
      for (int type : new HashSet<>(leaf.capabilities().credentials())) {
        supported.merge(type, 1L, Long::sum);
      }
    }
  }

  static CredentialSupport of(RatchetTree tree) {
    List<LeafNode> leaves = new ArrayList<>();
    for (LeafIndex member : tree.members()) {
      leaves.add(tree.leaf(member).orElseThrow());
    }
    return new CredentialSupport(leaves);
  }

  /** Whether every member but {@code excluded} lists {@code type} in its capabilities. */
  boolean supportedByAll(int type, Optional<LeafNode> excluded) {
    long others = members - (excluded.isPresent() ? 1 : 0);
    long count = supported.getOrDefault(type, 0L);
    if (excluded.isPresent() && excluded.get().capabilities().credentials().contains(type)) {
      count--;
    }
    return count >= others;
  }

  /** The credential types used by the members but {@code excluded}, in increasing order. */
  List<Integer> typesInUse(Optional<LeafNode> excluded) {
    List<Integer> out = new ArrayList<>();
    for (var entry : used.entrySet()) {
      long count = entry.getValue();
      if (excluded.isPresent() && excluded.get().credential().type().code == entry.getKey()) {
        count--;
      }
      if (count > 0) {
        out.add(entry.getKey());
      }
    }
    return out;
  }
}
