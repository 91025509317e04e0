package org.mlsmesh.protocol.schedule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.schedule.SecretTreeException.Reason;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.NodeIndex;
import org.mlsmesh.protocol.tree.TreeMath;

/**
 * The secret tree of one epoch (RFC 9420 §9): node secrets derived from the {@code
 * encryption_secret} at the root, and per leaf a handshake and an application sender ratchet.
 *
 * <p>Secrets are derived lazily, and deleted as §9.2 asks: a node secret once both its children are
 * derived, a leaf secret once its two ratchets are started, a ratchet secret once the ratchet moves
 * past it, and a key once it is handed out (its new holder destroys it after use) or falls out of
 * the out-of-order window.
 *
 * <p>Mutable state with a single owner: not thread-safe, and not shared between forks of an epoch.
 */
public final class SecretTree implements Destroyable {
  private static final Bytes LEFT = Bytes.of("left".getBytes(StandardCharsets.US_ASCII));
  private static final Bytes RIGHT = Bytes.of("right".getBytes(StandardCharsets.US_ASCII));

  private final CryptoProvider crypto;
  private final long leafCount;
  private final SecretTreeConfig config;

  /** Node secrets not yet split into their children, by node index. */
  private final TreeMap<Long, Secret> nodeSecrets = new TreeMap<>();

  /** Started ratchets, by leaf index. */
  private final TreeMap<Long, Map<RatchetType, SenderRatchet>> ratchets = new TreeMap<>();

  private boolean destroyed;

  private SecretTree(CryptoProvider crypto, long leafCount, SecretTreeConfig config) {
    this.crypto = crypto;
    this.leafCount = leafCount;
    this.config = config;
  }

  /**
   * A secret tree over {@code leafCount} leaves, which must be the size of the epoch's ratchet
   * tree: a power of two (RFC 9420 §4.1).
   *
   * <p>The tree takes ownership of {@code encryptionSecret} and destroys it once the root's
   * children are derived (§9.2); pass a {@link Secret#copy()} to keep using it elsewhere.
   */
  public static SecretTree create(
      CryptoProvider crypto, Secret encryptionSecret, long leafCount, SecretTreeConfig config) {
    Objects.requireNonNull(crypto, "crypto");
    Objects.requireNonNull(encryptionSecret, "encryptionSecret");
    Objects.requireNonNull(config, "config");
    if (leafCount < 1 || leafCount > TreeMath.MAX_LEAVES || Long.bitCount(leafCount) != 1) {
      throw new IllegalArgumentException(
          "a secret tree has 2^d leaves, like the ratchet tree; got " + leafCount);
    }
    if (encryptionSecret.length() != crypto.suite().hashLength()) {
      throw new IllegalArgumentException("encryption_secret must be Nh bytes long");
    }
    SecretTree tree = new SecretTree(crypto, leafCount, config);
    tree.nodeSecrets.put(TreeMath.root(leafCount).value(), encryptionSecret);
    return tree;
  }

  public long leafCount() {
    return leafCount;
  }

  public SecretTreeConfig config() {
    return config;
  }

  /**
   * The key and nonce of {@code generation} of a sender's ratchet, for decrypting a message from
   * that sender. Each generation is handed out at most once; the caller destroys the result after
   * use. Requesting a later generation keeps the keys of the skipped ones inside the out-of-order
   * window.
   *
   * @throws SecretTreeException when the leaf is outside the tree, or the generation was already
   *     used, lies behind the window, or too far ahead
   */
  public KeyAndNonce keyFor(LeafIndex leaf, RatchetType type, long generation)
      throws SecretTreeException {
    return ratchet(leaf, type).keyFor(generation);
  }

  /**
   * The key and nonce of the next generation of this member's own ratchet, for encrypting. The
   * caller destroys the result after use.
   *
   * @throws SecretTreeException when the leaf is outside the tree, or the ratchet is exhausted
   */
  public RatchetKey next(LeafIndex leaf, RatchetType type) throws SecretTreeException {
    return ratchet(leaf, type).next();
  }

  private SenderRatchet ratchet(LeafIndex leaf, RatchetType type) throws SecretTreeException {
    checkAlive();
    Objects.requireNonNull(type, "type");
    if (leaf.value() >= leafCount) {
      throw new SecretTreeException(
          Reason.LEAF_OUT_OF_RANGE, leaf + " is outside a tree of " + leafCount + " leaves");
    }
    Map<RatchetType, SenderRatchet> started = ratchets.get(leaf.value());
    if (started == null) {
      started = startRatchets(leaf);
      ratchets.put(leaf.value(), started);
    }
    return started.get(type);
  }

  /** Derives the leaf's secret down from its lowest ancestor still held, then its two ratchets. */
  private Map<RatchetType, SenderRatchet> startRatchets(LeafIndex leaf) {
    NodeIndex target = NodeIndex.of(leaf);
    List<NodeIndex> upward = new ArrayList<>();
    upward.add(target);
    upward.addAll(TreeMath.directPath(target, leafCount));
    NodeIndex at =
        upward.stream()
            .filter(n -> nodeSecrets.containsKey(n.value()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no secret above " + leaf));
    int nh = crypto.suite().hashLength();
    while (!at.equals(target)) {
      // RFC 9420 §9: tree_node_[child]_secret = ExpandWithLabel(parent, "tree", "left"|"right", Nh)
      Secret parent = nodeSecrets.remove(at.value());
      NodeIndex left = TreeMath.left(at);
      NodeIndex right = TreeMath.right(at, leafCount);
      nodeSecrets.put(left.value(), crypto.expandWithLabel(parent, "tree", LEFT, nh));
      nodeSecrets.put(right.value(), crypto.expandWithLabel(parent, "tree", RIGHT, nh));
      parent.destroy();
      at = target.value() < at.value() ? left : right;
    }
    Secret leafSecret = nodeSecrets.remove(target.value());
    Map<RatchetType, SenderRatchet> started = new EnumMap<>(RatchetType.class);
    for (RatchetType type : RatchetType.values()) {
      Secret first = crypto.expandWithLabel(leafSecret, type.label(), Bytes.EMPTY, nh);
      started.put(type, new SenderRatchet(crypto, first, config));
    }
    leafSecret.destroy();
    return started;
  }

  // --- Saving and restoring (for group state serialization) ---

  /**
   * Copies of the node secrets not yet split, by node index: with {@link #copyRatchets()}, the
   * whole position of the tree. The caller owns (and destroys) the copies.
   */
  public SortedMap<Long, Secret> copyNodeSecrets() {
    checkAlive();
    TreeMap<Long, Secret> copy = new TreeMap<>();
    nodeSecrets.forEach((node, secret) -> copy.put(node, secret.copy()));
    return copy;
  }

  /** Copies of the started sender ratchets, by leaf then type. The caller owns the copies. */
  public List<RatchetPosition> copyRatchets() {
    checkAlive();
    List<RatchetPosition> out = new ArrayList<>();
    ratchets.forEach(
        (leaf, byType) ->
            byType.forEach(
                (type, ratchet) ->
                    out.add(
                        new RatchetPosition(
                            LeafIndex.of(leaf),
                            type,
                            ratchet.head(),
                            ratchet.copySecret(),
                            ratchet.copySkipped()))));
    return out;
  }

  /**
   * A tree at a saved position: the node secrets not yet split and the started ratchets, as {@link
   * #copyNodeSecrets()} and {@link #copyRatchets()} return them. Takes ownership of every secret
   * (and destroys them all when the position is rejected).
   *
   * @throws IllegalArgumentException when the position is not one a tree of {@code leafCount}
   *     leaves can reach: an index outside the tree, a secret of the wrong length, a leaf with one
   *     ratchet only, a kept key outside the out-of-order window, or leaves covered twice or not at
   *     all
   */
  public static SecretTree restore(
      CryptoProvider crypto,
      long leafCount,
      SecretTreeConfig config,
      SortedMap<Long, Secret> nodeSecrets,
      List<RatchetPosition> ratchets) {
    try {
      return restoreChecked(crypto, leafCount, config, nodeSecrets, ratchets);
    } catch (IllegalArgumentException e) {
      nodeSecrets.values().forEach(Secret::destroy);
      ratchets.forEach(RatchetPosition::destroy);
      throw e;
    }
  }

  private static SecretTree restoreChecked(
      CryptoProvider crypto,
      long leafCount,
      SecretTreeConfig config,
      SortedMap<Long, Secret> nodeSecrets,
      List<RatchetPosition> positions) {
    Objects.requireNonNull(crypto, "crypto");
    Objects.requireNonNull(config, "config");
    if (leafCount < 1 || leafCount > TreeMath.MAX_LEAVES || Long.bitCount(leafCount) != 1) {
      throw new IllegalArgumentException("a secret tree has 2^d leaves; got " + leafCount);
    }
    int nh = crypto.suite().hashLength();
    long width = TreeMath.nodeWidth(leafCount);
    long covered = 0;
    for (var entry : nodeSecrets.entrySet()) {
      if (entry.getKey() < 0 || entry.getKey() >= width) {
        throw new IllegalArgumentException(
            "node " + entry.getKey() + " is outside a tree of " + leafCount + " leaves");
      }
      requireLength(entry.getValue(), nh, "the secret of node " + entry.getKey());
      covered += 1L << TreeMath.level(NodeIndex.of(entry.getKey()));
    }
    TreeMap<Long, Map<RatchetType, SenderRatchet>> started = new TreeMap<>();
    for (RatchetPosition position : positions) {
      long leaf = position.leaf().value();
      if (leaf >= leafCount) {
        throw new IllegalArgumentException(
            position.leaf() + " is outside a tree of " + leafCount + " leaves");
      }
      Map<RatchetType, SenderRatchet> byType =
          started.computeIfAbsent(leaf, x -> new EnumMap<>(RatchetType.class));
      if (byType.containsKey(position.type())) {
        throw new IllegalArgumentException(
            "two " + position.type() + " ratchets for " + position.leaf());
      }
      byType.put(position.type(), position.toRatchet(crypto, config));
    }
    for (var entry : started.entrySet()) {
      if (entry.getValue().size() != RatchetType.values().length) {
        throw new IllegalArgumentException("leaf " + entry.getKey() + " has one ratchet only");
      }
    }
    covered += started.size();
    // Every leaf is below exactly one held node secret or has started ratchets (§9.2 deletion).
    for (long node : nodeSecrets.keySet()) {
      requireNoHeldAncestor(NodeIndex.of(node), leafCount, nodeSecrets);
    }
    for (long leaf : started.keySet()) {
      NodeIndex x = NodeIndex.of(LeafIndex.of(leaf));
      if (nodeSecrets.containsKey(x.value())) {
        throw new IllegalArgumentException(
            "leaf " + leaf + " has both started ratchets and a leaf secret");
      }
      requireNoHeldAncestor(x, leafCount, nodeSecrets);
    }
    if (covered != leafCount) {
      throw new IllegalArgumentException(
          "the secrets cover " + covered + " of " + leafCount + " leaves");
    }
    SecretTree tree = new SecretTree(crypto, leafCount, config);
    tree.nodeSecrets.putAll(nodeSecrets);
    tree.ratchets.putAll(started);
    return tree;
  }

  private static void requireNoHeldAncestor(
      NodeIndex x, long leafCount, SortedMap<Long, Secret> nodeSecrets) {
    for (NodeIndex ancestor : TreeMath.directPath(x, leafCount)) {
      if (nodeSecrets.containsKey(ancestor.value())) {
        throw new IllegalArgumentException(
            "node " + x.value() + " is below node " + ancestor.value() + ", whose secret is held");
      }
    }
  }

  static void requireLength(Secret secret, int length, String what) {
    if (secret.length() != length) {
      throw new IllegalArgumentException(
          what + " is " + secret.length() + " bytes long, expected " + length);
    }
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("secret tree used after destroy()");
    }
  }

  /**
   * The saved position of one sender ratchet: the next unused generation {@code head}, its ratchet
   * secret (empty once every generation is used), and the keys kept for skipped generations. Owns
   * its secrets.
   */
  public static final class RatchetPosition implements Destroyable {
    private final LeafIndex leaf;
    private final RatchetType type;
    private final long head;
    private final Optional<Secret> secret;
    private final TreeMap<Long, KeyAndNonce> skipped;

    /** Takes ownership of the secrets. */
    public RatchetPosition(
        LeafIndex leaf,
        RatchetType type,
        long head,
        Optional<Secret> secret,
        SortedMap<Long, KeyAndNonce> skipped) {
      this.leaf = Objects.requireNonNull(leaf, "leaf");
      this.type = Objects.requireNonNull(type, "type");
      this.head = head;
      this.secret = Objects.requireNonNull(secret, "secret");
      this.skipped = new TreeMap<>(skipped);
    }

    public LeafIndex leaf() {
      return leaf;
    }

    public RatchetType type() {
      return type;
    }

    /** The next generation not yet used. */
    public long head() {
      return head;
    }

    /** ratchet_secret_[head], owned by this position. */
    public Optional<Secret> secret() {
      return secret;
    }

    /** The kept keys of skipped generations, owned by this position. */
    public SortedMap<Long, KeyAndNonce> skipped() {
      return Collections.unmodifiableSortedMap(skipped);
    }

    private SenderRatchet toRatchet(CryptoProvider crypto, SecretTreeConfig config) {
      String at = leaf + " " + type;
      if (head < 0 || head > SenderRatchet.MAX_GENERATION + 1) {
        throw new IllegalArgumentException(at + ": head " + head + " is not a generation");
      }
      if (secret.isPresent() != (head <= SenderRatchet.MAX_GENERATION)) {
        throw new IllegalArgumentException(
            at + ": a ratchet secret is held exactly until every generation is used");
      }
      secret.ifPresent(s -> requireLength(s, crypto.suite().hashLength(), at + " secret"));
      long oldest = head - 1 - config.outOfOrderTolerance();
      for (var entry : skipped.entrySet()) {
        long generation = entry.getKey();
        if (generation < Math.max(0, oldest) || generation >= head - 1) {
          throw new IllegalArgumentException(
              at + ": kept key of generation " + generation + " is outside the window");
        }
        requireLength(entry.getValue().key(), crypto.suite().aeadKeyLength(), at + " key");
        requireLength(entry.getValue().nonce(), crypto.suite().aeadNonceLength(), at + " nonce");
      }
      return new SenderRatchet(crypto, config, secret.orElse(null), head, skipped);
    }

    @Override
    public void destroy() {
      secret.ifPresent(Secret::destroy);
      skipped.values().forEach(KeyAndNonce::destroy);
    }

    @Override
    public boolean isDestroyed() {
      return secret.map(Secret::isDestroyed).orElse(true)
          && skipped.values().stream().allMatch(KeyAndNonce::isDestroyed);
    }

    @Override
    public String toString() {
      return "RatchetPosition[" + leaf + ", " + type + ", head " + head + ", redacted]";
    }
  }

  /**
   * An independent deep copy, for a fork of the epoch's state: keys used or destroyed through one
   * are still available through the other, so a fork that is rolled back sees none of the ratchet
   * steps taken on the branch that replaced it (RFC 9750 §5.2.2).
   */
  public SecretTree copy() {
    if (destroyed) {
      throw new IllegalStateException("secret tree used after destroy()");
    }
    SecretTree copy = new SecretTree(crypto, leafCount, config);
    // A node secret may already be erased through the epoch secrets that shared it: copy it erased.
    nodeSecrets.forEach((node, secret) -> copy.nodeSecrets.put(node, copyOrErased(secret)));
    ratchets.forEach(
        (leaf, started) -> {
          Map<RatchetType, SenderRatchet> copied = new EnumMap<>(RatchetType.class);
          started.forEach((type, ratchet) -> copied.put(type, ratchet.copy()));
          copy.ratchets.put(leaf, copied);
        });
    return copy;
  }

  private static Secret copyOrErased(Secret secret) {
    if (!secret.isDestroyed()) {
      return secret.copy();
    }
    Secret erased = Secret.zero(secret.length());
    erased.destroy();
    return erased;
  }

  /** Destroys every secret and key still held; the tree cannot be used afterwards. */
  @Override
  public void destroy() {
    nodeSecrets.values().forEach(Secret::destroy);
    nodeSecrets.clear();
    ratchets.values().forEach(m -> m.values().forEach(SenderRatchet::destroy));
    ratchets.clear();
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** For tests: how many node secrets are held. */
  int heldNodeSecrets() {
    return nodeSecrets.size();
  }

  @Override
  public String toString() {
    return "SecretTree[" + leafCount + " leaves, redacted]";
  }
}
