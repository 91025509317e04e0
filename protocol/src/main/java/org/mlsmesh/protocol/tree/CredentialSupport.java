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
  private final TreeMap<Integer, Long> used;
  private final TreeMap<Integer, Long> supported;

  private CredentialSupport(
      long members, TreeMap<Integer, Long> used, TreeMap<Integer, Long> supported) {
    this.members = members;
    this.used = used;
    this.supported = supported;
  }

  static CredentialSupport of(RatchetTree tree) {
    List<LeafNode> leaves = new ArrayList<>();
    for (LeafIndex member : tree.members()) {
      leaves.add(tree.leaf(member).orElseThrow());
    }
    return new CredentialSupport(0, new TreeMap<>(), new TreeMap<>()).with(List.of(), leaves);
  }

  /**
   * The counts after the leaves {@code removed} left and {@code added} joined: a change of a few
   * leaves costs no pass over the whole tree.
   */
  CredentialSupport with(List<LeafNode> removed, List<LeafNode> added) {
    if (removed.isEmpty() && added.isEmpty()) {
      return this;
    }
    TreeMap<Integer, Long> nextUsed = new TreeMap<>(used);
    TreeMap<Integer, Long> nextSupported = new TreeMap<>(supported);
    for (LeafNode leaf : removed) {
      count(nextUsed, nextSupported, leaf, -1);
    }
    for (LeafNode leaf : added) {
      count(nextUsed, nextSupported, leaf, 1);
    }
    return new CredentialSupport(members - removed.size() + added.size(), nextUsed, nextSupported);
  }

  private static void count(
      Map<Integer, Long> used, Map<Integer, Long> supported, LeafNode leaf, long delta) {
    used.merge(leaf.credential().type().code, delta, CredentialSupport::sumOrNull);
    for (int type : new HashSet<>(leaf.capabilities().credentials())) {
      supported.merge(type, delta, CredentialSupport::sumOrNull);
    }
  }

  /** A count that drops to zero leaves the map, as if never counted. */
  private static Long sumOrNull(Long a, Long b) {
    long sum = a + b;
    return sum == 0 ? null : sum;
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
