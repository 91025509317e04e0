package org.mlsmesh.protocol.tree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.LeafNode;

/**
 * The public ratchet tree of a group (RFC 9420 §4, §7): an immutable, persistent value. Every
 * change returns a new tree that shares all unchanged subtrees with this one, so a change along one
 * path costs O(log n) and forks of a group share memory. Tree hashes are memoized per subtree:
 * after a change along one path, {@link #treeHash()} recomputes only the O(log n) hashes of that
 * path.
 *
 * <p>The tree always has a power-of-two number of leaf slots ({@link #leafCount()}), some of which
 * may be blank. Private keys of a member are not part of this value: see {@link TreePrivateKeys}.
 */
public final class RatchetTree {
  private final CipherSuite suite;
  private final CryptoProvider crypto;
  private final Subtree root;
  private final KeyIndex encryptionKeys;
  private final KeyIndex signatureKeys;

  /** Memoized on first use; a function of the immutable tree. */
  private CredentialSupport credentialSupport;

  private RatchetTree(
      CipherSuite suite, Subtree root, KeyIndex encryptionKeys, KeyIndex signatureKeys) {
    this.suite = suite;
    this.crypto = suite.crypto();
    this.root = root;
    this.encryptionKeys = encryptionKeys;
    this.signatureKeys = signatureKeys;
  }

  /** A one-member tree: the creator of a group at leaf 0 (RFC 9420 §11). */
  public static RatchetTree create(CipherSuite suite, LeafNode creator) {
    Objects.requireNonNull(creator, "creator");
    return new RatchetTree(
        suite,
        new Subtree.Leaf(creator),
        KeyIndex.EMPTY.add(creator.encryptionKey()),
        KeyIndex.EMPTY.add(creator.signatureKey()));
  }

  /**
   * The tree of a {@code ratchet_tree} (RFC 9420 §12.4.3.3), checking its shape only: it is not
   * empty, its last node is not blank, and leaves and parents sit at even and odd indices. Use
   * {@link #validate} before trusting a tree received from a peer.
   */
  public static RatchetTree fromNodes(CipherSuite suite, RatchetTreeNodes nodes)
      throws ValidationException {
    List<Optional<Node>> list = nodes.nodes();
    int n = list.size();
    if (n == 0) {
      throw new ValidationException(ValidationCode.TREE_SHAPE_INVALID, "the tree is empty");
    }
    if (list.get(n - 1).isEmpty()) {
      throw new ValidationException(ValidationCode.TREE_SHAPE_INVALID, "the last node is blank");
    }
    for (int i = 0; i < n; i++) {
      Optional<Node> node = list.get(i);
      if (node.isPresent() && (node.get().type() == NodeType.LEAF) != (i % 2 == 0)) {
        throw new ValidationException(
            ValidationCode.TREE_SHAPE_INVALID,
            "node "
                + i
                + " is a "
                + node.get().type()
                + " node at a "
                + (i % 2 == 0 ? "leaf" : "parent")
                + " position");
      }
    }
    long leaves = (n + 1L) / 2 + ((n + 1L) % 2);
    int level = 0;
    while ((1L << level) < leaves) {
      level++;
    }
    Subtree root = build(list, level, 0, new HashMap<>());
    KeyIndex encryption = KeyIndex.EMPTY;
    KeyIndex signature = KeyIndex.EMPTY;
    for (Optional<Node> node : list) {
      if (node.isEmpty()) {
        continue;
      }
      switch (node.get().type()) {
        case LEAF -> {
          LeafNode leaf = ((Node.Leaf) node.get()).leafNode();
          encryption = encryption.add(leaf.encryptionKey());
          signature = signature.add(leaf.signatureKey());
        }
        case PARENT ->
            encryption = encryption.add(((Node.Parent) node.get()).parentNode().encryptionKey());
      }
    }
    return new RatchetTree(suite, root, encryption, signature);
  }

  /** A tree over an already built subtree (for tests and benchmarks of this package). */
  static RatchetTree fromSubtree(CipherSuite suite, Subtree root) {
    List<Optional<Node>> nodes = new ArrayList<>();
    collect(root, nodes);
    KeyIndex encryption = KeyIndex.EMPTY;
    KeyIndex signature = KeyIndex.EMPTY;
    for (Optional<Node> node : nodes) {
      if (node.isPresent() && node.get() instanceof Node.Leaf) {
        LeafNode leaf = ((Node.Leaf) node.get()).leafNode();
        encryption = encryption.add(leaf.encryptionKey());
        signature = signature.add(leaf.signatureKey());
      } else if (node.isPresent()) {
        encryption = encryption.add(((Node.Parent) node.get()).parentNode().encryptionKey());
      }
    }
    return new RatchetTree(suite, root, encryption, signature);
  }

  /**
   * Builds the subtree of {@code level} from leaf {@code first}. Equal capabilities are stored once
   * ({@code shared}): most members of a group list the same ones, and at 100,000 members the copies
   * would be a sixth of the tree's memory.
   */
  private static Subtree build(
      List<Optional<Node>> list, int level, long first, Map<Capabilities, Capabilities> shared) {
    if (level == 0) {
      long at = 2 * first;
      if (at >= list.size() || list.get((int) at).isEmpty()) {
        return Subtree.Leaf.blank();
      }
      return new Subtree.Leaf(
          withSharedCapabilities(((Node.Leaf) list.get((int) at).get()).leafNode(), shared));
    }
    long half = 1L << (level - 1);
    long at = 2 * first + (1L << level) - 1;
    ParentNode value =
        at < list.size()
            ? list.get((int) at).map(node -> ((Node.Parent) node).parentNode()).orElse(null)
            : null;
    return new Subtree.Parent(
        value, build(list, level - 1, first, shared), build(list, level - 1, first + half, shared));
  }

  private static LeafNode withSharedCapabilities(
      LeafNode leaf, Map<Capabilities, Capabilities> shared) {
    Capabilities capabilities = shared.putIfAbsent(leaf.capabilities(), leaf.capabilities());
    if (capabilities == null || capabilities == leaf.capabilities()) {
      return leaf;
    }
    return new LeafNode(
        leaf.encryptionKey(),
        leaf.signatureKey(),
        leaf.credential(),
        capabilities,
        leaf.source(),
        leaf.lifetime(),
        leaf.parentHash(),
        leaf.extensions(),
        leaf.signature());
  }

  /** The wire form: every node in array order, without the trailing blank nodes. */
  public RatchetTreeNodes toNodes() {
    List<Optional<Node>> out = new ArrayList<>();
    collect(root, out);
    int end = out.size();
    while (end > 0 && out.get(end - 1).isEmpty()) {
      end--;
    }
    return new RatchetTreeNodes(out.subList(0, end));
  }

  /**
   * Writes {@link #toNodes()} (RFC 9420 §12.4.3.3), each leaf from its memoized encoding: a saved
   * group state holds the trees of its epochs, which share almost all of their leaves, and is
   * written at every change of the head.
   */
  public void encodeNodes(TlsWriter writer) {
    List<Subtree> slots = new ArrayList<>();
    slots(root, slots);
    int end = slots.size();
    while (end > 0 && slots.get(end - 1).isBlank()) {
      end--;
    }
    List<Subtree> nodes = slots.subList(0, end);
    writer.vector(
        w -> {
          for (Subtree s : nodes) {
            if (s instanceof Subtree.Leaf leaf) {
              w.bytes(leaf.encodedSlot());
            } else {
              w.optional(((Subtree.Parent) s).value().map(Node::parent));
            }
          }
        });
  }

  /** The slots in array order. */
  private static void slots(Subtree s, List<Subtree> out) {
    if (s instanceof Subtree.Leaf) {
      out.add(s);
      return;
    }
    Subtree.Parent p = (Subtree.Parent) s;
    slots(p.left, out);
    out.add(p);
    slots(p.right, out);
  }

  private static void collect(Subtree s, List<Optional<Node>> out) {
    if (s instanceof Subtree.Leaf) {
      out.add(((Subtree.Leaf) s).value().map(Node::leaf));
      return;
    }
    Subtree.Parent p = (Subtree.Parent) s;
    collect(p.left, out);
    out.add(p.value().map(Node::parent));
    collect(p.right, out);
  }

  // --- Shape and lookups ---

  public CipherSuite suite() {
    return suite;
  }

  /** The number of leaf slots, blank or not: a power of two (RFC 9420 §4.1). */
  public long leafCount() {
    return root.capacity();
  }

  /** The number of non-blank leaves. */
  public long memberCount() {
    return root.members;
  }

  /** The number of nodes, blank or not: {@code 2 * leafCount() - 1}. */
  public long nodeWidth() {
    return TreeMath.nodeWidth(leafCount());
  }

  public NodeIndex rootIndex() {
    return TreeMath.root(leafCount());
  }

  public boolean contains(NodeIndex x) {
    return x.value() < nodeWidth();
  }

  public boolean contains(LeafIndex leaf) {
    return leaf.value() < leafCount();
  }

  /** The node at {@code x}; empty when blank. */
  public Optional<Node> node(NodeIndex x) {
    Subtree s = at(x);
    return s instanceof Subtree.Leaf
        ? ((Subtree.Leaf) s).value().map(Node::leaf)
        : ((Subtree.Parent) s).value().map(Node::parent);
  }

  /** The leaf node at {@code leaf}; empty when blank. */
  public Optional<LeafNode> leaf(LeafIndex leaf) {
    return ((Subtree.Leaf) at(NodeIndex.of(leaf))).value();
  }

  /** The parent node at parent index {@code x}; empty when blank. */
  public Optional<ParentNode> parent(NodeIndex x) {
    if (x.isLeaf()) {
      throw new IllegalArgumentException(x + " is a leaf");
    }
    return ((Subtree.Parent) at(x)).value();
  }

  public boolean isBlank(NodeIndex x) {
    return at(x).isBlank();
  }

  /** The non-blank leaves, in order. */
  public List<LeafIndex> members() {
    List<LeafIndex> out = new ArrayList<>((int) Math.min(root.members, Integer.MAX_VALUE));
    members(root, 0, out);
    return out;
  }

  private static void members(Subtree s, long first, List<LeafIndex> out) {
    if (s.members == 0) {
      return;
    }
    if (s instanceof Subtree.Leaf) {
      out.add(LeafIndex.of(first));
      return;
    }
    Subtree.Parent p = (Subtree.Parent) s;
    members(p.left, first, out);
    members(p.right, first + (1L << (s.level - 1)), out);
  }

  /** The subtree headed by {@code x}. */
  Subtree at(NodeIndex x) {
    if (!contains(x)) {
      throw new IllegalArgumentException(x + " is outside a tree of " + leafCount() + " leaves");
    }
    Subtree s = root;
    long first = 0;
    long target = x.value();
    while (true) {
      long index = s.nodeIndex(first);
      if (index == target) {
        return s;
      }
      Subtree.Parent p = (Subtree.Parent) s;
      if (target < index) {
        s = p.left;
      } else {
        first += 1L << (s.level - 1);
        s = p.right;
      }
    }
  }

  /** The leftmost leaf index under node {@code x}. */
  static long firstLeaf(NodeIndex x) {
    int level = TreeMath.level(x);
    return (x.value() - ((1L << level) - 1)) / 2;
  }

  // --- Paths (RFC 9420 §4.1.2) ---

  public List<NodeIndex> directPath(LeafIndex leaf) {
    return TreeMath.directPath(NodeIndex.of(leaf), leafCount());
  }

  public List<NodeIndex> copath(LeafIndex leaf) {
    return TreeMath.copath(NodeIndex.of(leaf), leafCount());
  }

  /**
   * The filtered direct path of {@code leaf}: its direct path without the nodes whose copath child
   * has an empty resolution.
   */
  public List<NodeIndex> filteredDirectPath(LeafIndex leaf) {
    List<NodeIndex> path = directPath(leaf);
    List<NodeIndex> copath = copath(leaf);
    List<NodeIndex> out = new ArrayList<>(path.size());
    for (int i = 0; i < path.size(); i++) {
      if (at(copath.get(i)).occupied > 0) {
        out.add(path.get(i));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The copath child of each node of {@link #filteredDirectPath}, in the same order. */
  public List<NodeIndex> filteredCopath(LeafIndex leaf) {
    List<NodeIndex> copath = copath(leaf);
    List<NodeIndex> out = new ArrayList<>(copath.size());
    for (NodeIndex c : copath) {
      if (at(c).occupied > 0) {
        out.add(c);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The resolution of {@code x} (RFC 9420 §4.1.1). */
  public List<NodeIndex> resolution(NodeIndex x) {
    return resolution(x, Set.of());
  }

  /** The resolution of {@code x} without the leaves in {@code excluded} (new members, §12.4.2). */
  public List<NodeIndex> resolution(NodeIndex x, Set<LeafIndex> excluded) {
    List<NodeIndex> out = new ArrayList<>();
    resolve(at(x), firstLeaf(x), excluded, out);
    return out;
  }

  private static void resolve(Subtree s, long first, Set<LeafIndex> excluded, List<NodeIndex> out) {
    if (s.occupied == 0) {
      return;
    }
    if (s instanceof Subtree.Leaf) {
      if (!excluded.contains(LeafIndex.of(first))) {
        out.add(NodeIndex.of(2 * first));
      }
      return;
    }
    Subtree.Parent p = (Subtree.Parent) s;
    if (p.value().isPresent()) {
      out.add(NodeIndex.of(s.nodeIndex(first)));
      for (LeafIndex u : p.value().get().unmergedLeaves()) {
        if (!excluded.contains(u)) {
          out.add(NodeIndex.of(u));
        }
      }
      return;
    }
    resolve(p.left, first, excluded, out);
    resolve(p.right, first + (1L << (s.level - 1)), excluded, out);
  }

  // --- Keys ---

  /** Whether any node of the tree holds {@code key} as its encryption key. */
  public boolean containsEncryptionKey(Bytes key) {
    return encryptionKeys.count(key) > 0;
  }

  /** How many nodes hold {@code key} as their encryption key. */
  public int encryptionKeyCount(Bytes key) {
    return encryptionKeys.count(key);
  }

  /** How many leaves hold {@code key} as their signature key. */
  public int signatureKeyCount(Bytes key) {
    return signatureKeys.count(key);
  }

  // --- Changes (RFC 9420 §7.7, §12.1) ---

  /**
   * Adds {@code leaf} at the leftmost blank leaf, extending the tree when it is full, and records
   * it as unmerged at every non-blank parent above it (RFC 9420 §12.1.1).
   */
  public AddedLeaf addLeaf(LeafNode leaf) {
    Objects.requireNonNull(leaf, "leaf");
    RatchetTree tree = root.members == root.capacity() ? extended() : this;
    long index = tree.leftmostBlankLeaf();
    LeafIndex added = LeafIndex.of(index);
    Changes changes = new Changes();
    changes.leaf(index, leaf);
    for (NodeIndex x : tree.directPath(added)) {
      Optional<ParentNode> p = ((Subtree.Parent) tree.at(x)).value();
      if (p.isPresent()) {
        changes.parent(x.value(), withUnmerged(p.get(), added));
      }
    }
    return new AddedLeaf(tree.with(changes), added);
  }

  private static ParentNode withUnmerged(ParentNode p, LeafIndex leaf) {
    List<LeafIndex> unmerged = new ArrayList<>(p.unmergedLeaves().size() + 1);
    boolean placed = false;
    for (LeafIndex u : p.unmergedLeaves()) {
      if (!placed && u.compareTo(leaf) > 0) {
        unmerged.add(leaf);
        placed = true;
      }
      unmerged.add(u);
    }
    if (!placed) {
      unmerged.add(leaf);
    }
    return new ParentNode(p.encryptionKey(), p.parentHash(), unmerged);
  }

  private long leftmostBlankLeaf() {
    Subtree s = root;
    long first = 0;
    while (s instanceof Subtree.Parent) {
      Subtree.Parent p = (Subtree.Parent) s;
      if (p.left.members < p.left.capacity()) {
        s = p.left;
      } else {
        first += p.left.capacity();
        s = p.right;
      }
    }
    return first;
  }

  /** The tree with twice the leaves: a blank root above this tree and a blank right subtree. */
  RatchetTree extended() {
    if (root.capacity() >= TreeMath.MAX_LEAVES) {
      throw new IllegalStateException("the tree is at its maximum size");
    }
    RatchetTree out =
        new RatchetTree(
            suite,
            new Subtree.Parent(null, root, Subtree.blank(root.level)),
            encryptionKeys,
            signatureKeys);
    out.credentialSupport = credentialSupport; // the same leaves
    return out;
  }

  /**
   * Blanks leaf {@code leaf} and its direct path, then truncates the tree while its right half is
   * empty (RFC 9420 §12.1.3).
   *
   * @throws IllegalArgumentException when the leaf is blank or outside the tree
   */
  public RatchetTree removeLeaf(LeafIndex leaf) {
    requireMember(leaf);
    Changes changes = new Changes();
    changes.blank(NodeIndex.of(leaf).value());
    for (NodeIndex x : directPath(leaf)) {
      changes.blank(x.value());
    }
    return with(changes).truncated();
  }

  /**
   * Replaces the leaf node of member {@code leaf} and blanks its direct path (RFC 9420 §12.1.2).
   *
   * @throws IllegalArgumentException when the leaf is blank or outside the tree
   */
  public RatchetTree updateLeaf(LeafIndex leaf, LeafNode node) {
    requireMember(leaf);
    Changes changes = new Changes();
    changes.leaf(leaf.value(), node);
    for (NodeIndex x : directPath(leaf)) {
      changes.blank(x.value());
    }
    return with(changes);
  }

  /**
   * The leftmost blank leaf, in this tree or, when it is full, in the tree extended to the right:
   * where an external joiner's commit places its sender (RFC 9420 §12.4.2). The leaf stays blank.
   */
  public AddedLeaf reserveFreeLeaf() {
    RatchetTree tree = root.members == root.capacity() ? extended() : this;
    return new AddedLeaf(tree, LeafIndex.of(tree.leftmostBlankLeaf()));
  }

  /** This tree with the leaf at {@code leaf} replaced, nothing else changed. */
  RatchetTree withLeaf(LeafIndex leaf, LeafNode node) {
    return with(new Changes().leaf(leaf.value(), node));
  }

  /** A tree with an UpdatePath's parent nodes merged, and the parent hash its leaf must carry. */
  record MergedPath(RatchetTree tree, Bytes leafParentHash) {}

  /**
   * Merges the public keys of an UpdatePath from {@code sender} (RFC 9420 §7.5): blanks the direct
   * path, sets each filtered direct path node to its new key with no unmerged leaves, and computes
   * the parent hashes from the root down (§7.9). The sender's leaf is not changed.
   */
  MergedPath mergePath(LeafIndex sender, List<Bytes> keys) {
    List<NodeIndex> path = filteredDirectPath(sender);
    List<NodeIndex> copath = filteredCopath(sender);
    if (keys.size() != path.size()) {
      throw new IllegalArgumentException(
          keys.size() + " keys for a filtered direct path of " + path.size());
    }
    Changes changes = new Changes();
    for (NodeIndex x : directPath(sender)) {
      changes.blank(x.value());
    }
    Bytes parentHash = Bytes.EMPTY;
    for (int i = path.size() - 1; i >= 0; i--) {
      ParentNode node = new ParentNode(keys.get(i), parentHash, List.of());
      changes.parent(path.get(i).value(), node);
      // The copath subtree is not touched by this merge: its hash in this tree is the one after.
      parentHash = parentHashOf(node, copath.get(i));
    }
    return new MergedPath(with(changes), parentHash);
  }

  private void requireMember(LeafIndex leaf) {
    if (!contains(leaf) || leaf(leaf).isEmpty()) {
      throw new IllegalArgumentException(leaf + " is not a member");
    }
  }

  /** Drops the right half and the root while the right half has no member (RFC 9420 §7.7). */
  RatchetTree truncated() {
    Subtree s = root;
    KeyIndex encryption = encryptionKeys;
    KeyIndex signature = signatureKeys;
    while (s instanceof Subtree.Parent && ((Subtree.Parent) s).right.members == 0) {
      Subtree.Parent p = (Subtree.Parent) s;
      if (p.value().isPresent()) {
        encryption = encryption.remove(p.value().get().encryptionKey());
      }
      encryption = withoutKeys(p.right, encryption);
      s = p.left;
    }
    if (s == root) {
      return this;
    }
    RatchetTree out = new RatchetTree(suite, s, encryption, signature);
    out.credentialSupport = credentialSupport; // only member-less subtrees were dropped
    return out;
  }

  /** Removes the parent keys of a member-less subtree from the index. */
  private static KeyIndex withoutKeys(Subtree s, KeyIndex index) {
    if (s.occupied == 0 || s instanceof Subtree.Leaf) {
      return index;
    }
    Subtree.Parent p = (Subtree.Parent) s;
    KeyIndex out = index;
    if (p.value().isPresent()) {
      out = out.remove(p.value().get().encryptionKey());
    }
    return withoutKeys(p.right, withoutKeys(p.left, out));
  }

  /** A set of node replacements, applied in one pass by {@link #with}. */
  static final class Changes {
    private final NavigableMap<Long, Optional<Object>> nodes = new TreeMap<>();

    Changes leaf(long leafIndex, LeafNode leaf) {
      nodes.put(2 * leafIndex, Optional.of(leaf));
      return this;
    }

    Changes parent(long nodeIndex, ParentNode parent) {
      if ((nodeIndex & 1) == 0) {
        throw new IllegalArgumentException("node " + nodeIndex + " is not a parent");
      }
      nodes.put(nodeIndex, Optional.of(parent));
      return this;
    }

    Changes blank(long nodeIndex) {
      nodes.put(nodeIndex, Optional.empty());
      return this;
    }
  }

  /** This tree with {@code changes} applied: only the paths to the changed nodes are copied. */
  RatchetTree with(Changes changes) {
    KeyIndex encryption = encryptionKeys;
    KeyIndex signature = signatureKeys;
    List<LeafNode> removedLeaves = new ArrayList<>();
    List<LeafNode> addedLeaves = new ArrayList<>();
    for (var change : changes.nodes.entrySet()) {
      NodeIndex x = NodeIndex.of(change.getKey());
      Optional<Node> old = node(x);
      if (old.isPresent()) {
        if (old.get() instanceof Node.Leaf) {
          LeafNode leaf = ((Node.Leaf) old.get()).leafNode();
          encryption = encryption.remove(leaf.encryptionKey());
          signature = signature.remove(leaf.signatureKey());
          removedLeaves.add(leaf);
        } else {
          encryption = encryption.remove(((Node.Parent) old.get()).parentNode().encryptionKey());
        }
      }
      if (change.getValue().isPresent()) {
        Object value = change.getValue().get();
        if (value instanceof LeafNode) {
          encryption = encryption.add(((LeafNode) value).encryptionKey());
          signature = signature.add(((LeafNode) value).signatureKey());
          addedLeaves.add((LeafNode) value);
        } else {
          encryption = encryption.add(((ParentNode) value).encryptionKey());
        }
      }
    }
    RatchetTree out = new RatchetTree(suite, apply(root, 0, changes.nodes), encryption, signature);
    CredentialSupport memo = credentialSupport;
    if (memo != null) {
      out.credentialSupport = memo.with(removedLeaves, addedLeaves);
    }
    return out;
  }

  private static Subtree apply(
      Subtree s, long first, NavigableMap<Long, Optional<Object>> changes) {
    long low = 2 * first;
    long high = 2 * (first + s.capacity() - 1);
    if (changes.subMap(low, true, high, true).isEmpty()) {
      return s;
    }
    if (s instanceof Subtree.Leaf) {
      return new Subtree.Leaf((LeafNode) changes.get(low).orElse(null));
    }
    Subtree.Parent p = (Subtree.Parent) s;
    long index = s.nodeIndex(first);
    ParentNode value =
        changes.containsKey(index)
            ? (ParentNode) changes.get(index).orElse(null)
            : p.value().orElse(null);
    return new Subtree.Parent(
        value,
        apply(p.left, first, changes),
        apply(p.right, first + (1L << (s.level - 1)), changes));
  }

  // --- Hashes (RFC 9420 §7.8, §7.9) ---

  /** The tree hash of the root (RFC 9420 §7.8). */
  public Bytes treeHash() {
    return root.treeHash(crypto, 0);
  }

  /** The tree hash of the subtree headed by {@code x}. */
  public Bytes treeHash(NodeIndex x) {
    return at(x).treeHash(crypto, firstLeaf(x));
  }

  /**
   * The parent hash of non-blank parent {@code p} with copath child {@code s} (RFC 9420 §7.9):
   * Hash(ParentHashInput) over P's key and parent hash and S's original tree hash.
   */
  public Bytes parentHash(NodeIndex p, NodeIndex s) {
    ParentNode parent = parent(p).orElseThrow(() -> new IllegalArgumentException(p + " is blank"));
    if (!p.equals(TreeMath.parent(s, leafCount()))) {
      throw new IllegalArgumentException(s + " is not a child of " + p);
    }
    return parentHashOf(parent, s);
  }

  Bytes parentHashOf(ParentNode parent, NodeIndex s) {
    TlsWriter writer = new TlsWriter(256);
    writer
        .vlBytes(parent.encryptionKey())
        .vlBytes(parent.parentHash())
        .vlBytes(originalTreeHash(s, parent.unmergedLeaves()));
    return crypto.hash(writer.toBytes());
  }

  /**
   * The tree hash of {@code s} with the leaves {@code unmerged} blanked and removed from the
   * unmerged lists below it: the original sibling tree hash of RFC 9420 §7.9.
   */
  Bytes originalTreeHash(NodeIndex s, List<LeafIndex> unmerged) {
    long first = firstLeaf(s);
    Subtree subtree = at(s);
    SortedSet<Long> excluded = new TreeSet<>();
    for (LeafIndex u : unmerged) {
      if (u.value() >= first && u.value() < first + subtree.capacity()) {
        excluded.add(u.value());
      }
    }
    return excluded.isEmpty()
        ? subtree.treeHash(crypto, first)
        : hashExcluding(subtree, first, excluded);
  }

  private Bytes hashExcluding(Subtree s, long first, SortedSet<Long> excluded) {
    if (excluded.subSet(first, first + s.capacity()).isEmpty()) {
      return s.treeHash(crypto, first);
    }
    if (s instanceof Subtree.Leaf) {
      return Subtree.Leaf.leafHash(crypto, first, Optional.empty());
    }
    Subtree.Parent p = (Subtree.Parent) s;
    Optional<ParentNode> value =
        p.value()
            .map(
                node -> {
                  List<LeafIndex> kept = new ArrayList<>(node.unmergedLeaves().size());
                  for (LeafIndex u : node.unmergedLeaves()) {
                    if (!excluded.contains(u.value())) {
                      kept.add(u);
                    }
                  }
                  return new ParentNode(node.encryptionKey(), node.parentHash(), kept);
                });
    long half = 1L << (s.level - 1);
    return Subtree.Parent.parentHash(
        crypto,
        value,
        hashExcluding(p.left, first, excluded),
        hashExcluding(p.right, first + half, excluded));
  }

  /**
   * Checks that every non-blank parent node is parent-hash valid (RFC 9420 §7.9.2, top down):
   * exactly one of its children's sides holds a node D whose parent hash is the parent hash of P
   * with the other child, with D in the child's resolution and the rest of that resolution being
   * exactly P's unmerged leaves below the child.
   */
  public void verifyParentHashes() throws ValidationException {
    ParentHashVerifier.verify(this);
  }

  // --- Validation (RFC 9420 §12.4.3.1) ---

  /**
   * Checks a tree received from a peer (RFC 9420 §12.4.3.1): its tree hash is {@code
   * expectedTreeHash}, every unmerged leaf is consistent, every encryption key appears once, every
   * non-blank parent is parent-hash valid, and every leaf node is valid (§7.3).
   */
  public void validate(
      Bytes expectedTreeHash, LeafNodeValidator leaves, LeafValidationContext context)
      throws ValidationException {
    TreeValidator.validate(this, expectedTreeHash, leaves, context);
  }

  CredentialSupport credentialSupport() {
    CredentialSupport memo = credentialSupport;
    if (memo == null) {
      memo = CredentialSupport.of(this);
      credentialSupport = memo;
    }
    return memo;
  }

  // --- Internal access for the package ---

  Subtree rootSubtree() {
    return root;
  }

  CryptoProvider crypto() {
    return crypto;
  }

  @Override
  public String toString() {
    return "RatchetTree[" + root.members + " members, " + leafCount() + " leaves]";
  }
}
