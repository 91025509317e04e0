package org.mlsmesh.consensus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The retained epochs: the chain from the final root to the head, where each epoch is followed by
 * its best valid child, and the dead branches hanging off it. A better sibling replaces the chain's
 * suffix (the rollback of RFC 9750 §5.2.2, option 2); settling the root makes its chain child final
 * and drops everything that does not descend from it.
 */
final class ForkTree<S> {
  /** How {@link #attach} placed a new child. */
  enum Placement {
    /** Built on the head: the head moved forward. */
    EXTENDED,
    /** Better than the chain child of its parent: the chain suffix was dropped. */
    REPLACED,
    /** Worse than the chain child of its parent: dead on arrival. */
    OUTRANKED
  }

  /** The outcome of {@link #attach}. */
  record Attached<S>(Placement placement, List<Node<S>> dropped, Optional<Node<S>> winner) {}

  private final ArrayList<Node<S>> chain = new ArrayList<>();
  private final LinkedHashMap<EpochId, Node<S>> nodes = new LinkedHashMap<>();

  ForkTree(Node<S> root) {
    root.onChain = true;
    chain.add(root);
    nodes.put(root.epochId, root);
  }

  Node<S> root() {
    return chain.get(0);
  }

  Node<S> head() {
    return chain.get(chain.size() - 1);
  }

  /** Root first. */
  List<Node<S>> chain() {
    return Collections.unmodifiableList(chain);
  }

  /** Every retained node, in the order they were added. */
  List<Node<S>> all() {
    return List.copyOf(nodes.values());
  }

  Optional<Node<S>> node(EpochId epoch) {
    return Optional.ofNullable(nodes.get(epoch));
  }

  boolean contains(EpochId epoch) {
    return nodes.containsKey(epoch);
  }

  /** The chain node after {@code node}, if {@code node} is on the chain and not the head. */
  Optional<Node<S>> chainChild(Node<S> node) {
    int at = chainIndex(node);
    return at >= 0 && at + 1 < chain.size() ? Optional.of(chain.get(at + 1)) : Optional.empty();
  }

  /**
   * Adds {@code child}, a valid Commit's epoch, under {@code parent}, which must be on the chain,
   * and moves the chain if the child is its parent's best.
   */
  Attached<S> attach(Node<S> parent, Node<S> child) {
    int at = chainIndex(parent);
    if (at < 0) {
      throw new IllegalStateException("attach below a dead epoch " + parent.epochId);
    }
    parent.children.add(child);
    nodes.put(child.epochId, child);
    if (at == chain.size() - 1) {
      child.onChain = true;
      chain.add(child);
      return new Attached<>(Placement.EXTENDED, List.of(), Optional.empty());
    }
    Node<S> current = chain.get(at + 1);
    if (!TieBreak.beats(child.record(), current.record())) {
      return new Attached<>(Placement.OUTRANKED, List.of(), Optional.of(current));
    }
    List<Node<S>> suffix = chain.subList(at + 1, chain.size());
    List<Node<S>> dropped = List.copyOf(suffix);
    suffix.clear();
    for (Node<S> n : dropped) {
      n.onChain = false;
    }
    child.onChain = true;
    chain.add(child);
    return new Attached<>(Placement.REPLACED, dropped, Optional.empty());
  }

  /**
   * Makes the root's chain child the new root and removes the old root and every node that does not
   * descend from the new root. Returns the removed nodes in the order they were added; their states
   * are still to be destroyed.
   */
  List<Node<S>> settleRoot() {
    if (chain.size() < 2) {
      throw new IllegalStateException("nothing to settle");
    }
    Set<EpochId> keep = new LinkedHashSet<>();
    Deque<Node<S>> todo = new ArrayDeque<>();
    todo.add(chain.get(1));
    while (!todo.isEmpty()) {
      Node<S> n = todo.poll();
      keep.add(n.epochId);
      todo.addAll(n.children);
    }
    List<Node<S>> removed = new ArrayList<>();
    Iterator<Node<S>> it = nodes.values().iterator();
    while (it.hasNext()) {
      Node<S> n = it.next();
      if (!keep.contains(n.epochId)) {
        removed.add(n);
        it.remove();
      }
    }
    chain.remove(0);
    return removed;
  }

  private int chainIndex(Node<S> node) {
    if (!node.onChain) {
      return -1;
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      if (chain.get(i) == node) {
        return i;
      }
    }
    return -1;
  }
}
