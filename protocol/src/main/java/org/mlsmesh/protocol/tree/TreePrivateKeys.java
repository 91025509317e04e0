package org.mlsmesh.protocol.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * The HPKE private keys one member holds in a ratchet tree (RFC 9420 §4.2): its leaf's and those of
 * the parent nodes on its direct path it has been sent. Each instance owns its secrets: an instance
 * derived from another copies the keys it keeps, so two forks never share a key object, and {@link
 * #destroy()} erases exactly this instance's keys. Call it when the epoch (or fork) that holds this
 * instance is dropped.
 */
public final class TreePrivateKeys implements Destroyable {
  private final CipherSuite suite;
  private final LeafIndex leaf;
  private final TreeMap<Long, HpkeKeyPair> keys;
  private boolean destroyed;

  private TreePrivateKeys(CipherSuite suite, LeafIndex leaf, TreeMap<Long, HpkeKeyPair> keys) {
    this.suite = suite;
    this.leaf = leaf;
    this.keys = keys;
  }

  /**
   * The keys of a member that knows only its leaf key (a new member, §12.4.3.1).
   *
   * @throws CryptoException when {@code leafPrivateKey} is not a valid private key
   */
  public static TreePrivateKeys ofLeaf(CipherSuite suite, LeafIndex leaf, Secret leafPrivateKey)
      throws CryptoException {
    Secret copy = leafPrivateKey.copy();
    Bytes publicKey = suite.crypto().hpkePublicKey(copy);
    TreeMap<Long, HpkeKeyPair> keys = new TreeMap<>();
    keys.put(NodeIndex.of(leaf).value(), new HpkeKeyPair(copy, publicKey));
    return new TreePrivateKeys(suite, leaf, keys);
  }

  /**
   * The keys of a saved state: private keys by node, their public keys computed here. Takes
   * ownership of the secrets (and destroys them all when one is rejected).
   *
   * @throws CryptoException when a key is not a valid private key of the suite
   */
  public static TreePrivateKeys restore(
      CipherSuite suite, LeafIndex leaf, SortedMap<NodeIndex, Secret> privateKeys)
      throws CryptoException {
    TreeMap<Long, HpkeKeyPair> keys = new TreeMap<>();
    try {
      for (var entry : privateKeys.entrySet()) {
        Bytes publicKey = suite.crypto().hpkePublicKey(entry.getValue());
        keys.put(entry.getKey().value(), new HpkeKeyPair(entry.getValue(), publicKey));
      }
    } catch (CryptoException | RuntimeException e) {
      privateKeys.values().forEach(Secret::destroy);
      throw e;
    }
    return new TreePrivateKeys(suite, leaf, keys);
  }

  /** Takes ownership of {@code keys}. */
  static TreePrivateKeys of(CipherSuite suite, LeafIndex leaf, Map<Long, HpkeKeyPair> keys) {
    return new TreePrivateKeys(suite, leaf, new TreeMap<>(keys));
  }

  public CipherSuite suite() {
    return suite;
  }

  public LeafIndex leafIndex() {
    return leaf;
  }

  /** The nodes this member holds a private key for, in increasing order. */
  public List<NodeIndex> nodes() {
    checkAlive();
    List<NodeIndex> out = new ArrayList<>(keys.size());
    keys.keySet().forEach(x -> out.add(NodeIndex.of(x)));
    return out;
  }

  /** The public key this member's private key for {@code x} belongs to. */
  public Optional<Bytes> publicKey(NodeIndex x) {
    checkAlive();
    return Optional.ofNullable(keys.get(x.value())).map(HpkeKeyPair::publicKey);
  }

  /**
   * The private key for node {@code x}, owned by this instance: do not destroy it, and do not use
   * it after this instance is destroyed.
   */
  public Optional<Secret> privateKey(NodeIndex x) {
    checkAlive();
    return Optional.ofNullable(keys.get(x.value())).map(HpkeKeyPair::privateKey);
  }

  /**
   * A new instance with the key pair of node {@code x} derived from {@code pathSecret} (§7.4) in
   * place of any key this one holds for it; the other keys are copied.
   */
  public TreePrivateKeys withPathSecret(NodeIndex x, Secret pathSecret) {
    checkAlive();
    TreeMap<Long, HpkeKeyPair> copy = copyKeys(k -> k != x.value());
    copy.put(x.value(), nodeKeyPair(suite.crypto(), pathSecret));
    return new TreePrivateKeys(suite, leaf, copy);
  }

  /**
   * A copy holding only the keys whose node in {@code tree} still has the same public key: the keys
   * of nodes blanked, replaced or truncated away are left behind (§7.5).
   */
  public TreePrivateKeys retainedIn(RatchetTree tree) {
    checkAlive();
    return new TreePrivateKeys(
        suite,
        leaf,
        copyKeys(
            x ->
                tree.contains(NodeIndex.of(x))
                    && publicKeyIn(tree, NodeIndex.of(x))
                        .equals(Optional.of(keys.get(x).publicKey()))));
  }

  /** Checks that every key matches the public key of its node in {@code tree}. */
  public boolean matches(RatchetTree tree) {
    checkAlive();
    for (var entry : keys.entrySet()) {
      NodeIndex x = NodeIndex.of(entry.getKey());
      if (!tree.contains(x)
          || !publicKeyIn(tree, x).equals(Optional.of(entry.getValue().publicKey()))) {
        return false;
      }
    }
    return true;
  }

  static Optional<Bytes> publicKeyIn(RatchetTree tree, NodeIndex x) {
    return tree.node(x)
        .map(
            node ->
                node instanceof Node.Leaf
                    ? ((Node.Leaf) node).leafNode().encryptionKey()
                    : ((Node.Parent) node).parentNode().encryptionKey());
  }

  /** Copies of the keys whose node index passes {@code keep}. */
  TreeMap<Long, HpkeKeyPair> copyKeys(java.util.function.LongPredicate keep) {
    TreeMap<Long, HpkeKeyPair> copy = new TreeMap<>();
    for (var entry : keys.entrySet()) {
      if (keep.test(entry.getKey())) {
        HpkeKeyPair pair = entry.getValue();
        copy.put(entry.getKey(), new HpkeKeyPair(pair.privateKey().copy(), pair.publicKey()));
      }
    }
    return copy;
  }

  /** node_secret = DeriveSecret(path_secret, "node"); DeriveKeyPair(node_secret) (§7.4). */
  static HpkeKeyPair nodeKeyPair(CryptoProvider crypto, Secret pathSecret) {
    Secret nodeSecret = crypto.deriveSecret(pathSecret, "node");
    try {
      return crypto.deriveKeyPair(nodeSecret);
    } finally {
      nodeSecret.destroy();
    }
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("tree private keys used after destroy()");
    }
  }

  @Override
  public void destroy() {
    keys.values().forEach(HpkeKeyPair::destroy);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "TreePrivateKeys[" + leaf + ", nodes=" + keys.keySet() + ", private keys redacted]";
  }
}
