package org.mlsmesh.protocol.tree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.HpkeCiphertext;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.UpdatePath;
import org.mlsmesh.protocol.message.UpdatePathNode;

/**
 * TreeKEM (RFC 9420 §7.4–§7.6): creating an UpdatePath for a Commit, and applying one received.
 * Both work on the tree after the Commit's proposals have been applied, and cost O(log n) public
 * key operations plus one encryption per node of the copath resolutions.
 */
public final class TreeKem {
  private static final String LABEL = "UpdatePathNode";

  private TreeKem() {}

  /**
   * Creates the UpdatePath of a Commit from {@code sender} (RFC 9420 §7.4, §7.5, §12.4.1).
   *
   * @param tree the tree after the Commit's proposals
   * @param sender the committer's leaf; blank for an external commit (see {@link
   *     RatchetTree#reserveFreeLeaf})
   * @param template the committer's leaf node fields to keep: signature key, credential,
   *     capabilities and extensions
   * @param signaturePrivateKey signs the new leaf node
   * @param provisional the provisional GroupContext; its tree hash is replaced by that of the new
   *     tree
   * @param joiners the leaves added by this Commit: no path secret is encrypted to them
   * @param random the source of the fresh leaf secret and of the HPKE encryptions
   */
  public static CreatedUpdatePath createUpdatePath(
      RatchetTree tree,
      LeafIndex sender,
      LeafNode template,
      Secret signaturePrivateKey,
      GroupContext provisional,
      Set<LeafIndex> joiners,
      EntropySource random)
      throws CryptoException {
    CryptoProvider crypto = tree.suite().crypto();
    List<NodeIndex> path = tree.filteredDirectPath(sender);
    List<NodeIndex> copath = tree.filteredCopath(sender);

    // RFC 9420 §7.4: a fresh leaf key pair and the chain of path secrets above it.
    Secret leafSecret = random.randomSecret(tree.suite().hashLength());
    HpkeKeyPair leafKeys = TreePrivateKeys.nodeKeyPair(crypto, leafSecret);
    TreeMap<Long, Secret> pathSecrets = new TreeMap<>();
    TreeMap<Long, HpkeKeyPair> keys = new TreeMap<>();
    keys.put(NodeIndex.of(sender).value(), leafKeys);
    List<Bytes> publicKeys = new ArrayList<>(path.size());
    Secret secret = crypto.deriveSecret(leafSecret, "path");
    leafSecret.destroy();
    for (NodeIndex x : path) {
      pathSecrets.put(x.value(), secret);
      HpkeKeyPair pair = TreePrivateKeys.nodeKeyPair(crypto, secret);
      keys.put(x.value(), pair);
      publicKeys.add(pair.publicKey());
      secret = crypto.deriveSecret(secret, "path");
    }
    Secret commitSecret = secret;

    RatchetTree.MergedPath merged = tree.mergePath(sender, publicKeys);
    LeafNode unsigned =
        new LeafNode(
            leafKeys.publicKey(),
            template.signatureKey(),
            template.credential(),
            template.capabilities(),
            LeafNodeSource.COMMIT,
            Optional.empty(),
            Optional.of(merged.leafParentHash()),
            template.extensions(),
            Bytes.EMPTY);
    Bytes signature =
        crypto.signWithLabel(
            signaturePrivateKey, "LeafNodeTBS", unsigned.tbs(provisional.groupId(), sender));
    LeafNode leaf = withSignature(unsigned, signature);
    RatchetTree after = merged.tree().withLeaf(sender, leaf);
    GroupContext context = withTreeHash(provisional, after.treeHash());
    Bytes contextBytes = encode(context);

    // RFC 9420 §7.6: encrypt each path secret to the copath resolution, new members excluded.
    List<UpdatePathNode> nodes = new ArrayList<>(path.size());
    for (int i = 0; i < path.size(); i++) {
      List<HpkeCiphertext> ciphertexts = new ArrayList<>();
      Bytes plaintext = pathSecrets.get(path.get(i).value()).insecureAsBytes();
      for (NodeIndex r : tree.resolution(copath.get(i), joiners)) {
        Bytes recipient = TreePrivateKeys.publicKeyIn(tree, r).orElseThrow();
        ciphertexts.add(crypto.encryptWithLabel(recipient, LABEL, contextBytes, plaintext, random));
      }
      nodes.add(new UpdatePathNode(publicKeys.get(i), ciphertexts));
    }
    return new CreatedUpdatePath(
        after,
        new UpdatePath(leaf, nodes),
        context,
        commitSecret,
        TreePrivateKeys.of(tree.suite(), sender, keys),
        pathSecrets);
  }

  /**
   * Applies an UpdatePath received in a Commit from {@code sender} (RFC 9420 §7.5, §12.4.2): checks
   * its shape and keys, merges it, decrypts the one path secret this member can, derives the rest
   * and checks that they give the advertised public keys.
   *
   * <p>The caller validates the path's leaf node first ({@link
   * LeafNodeValidator#validateForCommit}): signature, credential and capabilities are not checked
   * here.
   *
   * @param tree the tree after the Commit's proposals
   * @param keys this member's private keys in {@code tree}; they are not changed
   * @param provisional the provisional GroupContext; its tree hash is replaced by that of the new
   *     tree
   * @param joiners the leaves added by this Commit, to which nothing was encrypted
   */
  public static AppliedUpdatePath applyUpdatePath(
      RatchetTree tree,
      LeafIndex sender,
      UpdatePath updatePath,
      TreePrivateKeys keys,
      GroupContext provisional,
      Set<LeafIndex> joiners)
      throws ValidationException {
    LeafIndex me = keys.leafIndex();
    if (me.equals(sender) || joiners.contains(me) || !tree.contains(sender) || !tree.contains(me)) {
      throw new IllegalArgumentException(me + " cannot apply a path from " + sender);
    }
    CryptoProvider crypto = tree.suite().crypto();
    List<NodeIndex> path = tree.filteredDirectPath(sender);
    List<NodeIndex> copath = tree.filteredCopath(sender);
    List<UpdatePathNode> nodes = updatePath.nodes();
    if (nodes.size() != path.size()) {
      throw new ValidationException(
          ValidationCode.UPDATE_PATH_LENGTH_INVALID,
          nodes.size() + " nodes for a filtered direct path of " + path.size());
    }
    List<List<NodeIndex>> resolutions = new ArrayList<>(path.size());
    for (int i = 0; i < path.size(); i++) {
      List<NodeIndex> resolution = tree.resolution(copath.get(i), joiners);
      if (nodes.get(i).encryptedPathSecret().size() != resolution.size()) {
        throw new ValidationException(
            ValidationCode.UPDATE_PATH_CIPHERTEXT_COUNT_INVALID,
            "node "
                + i
                + " has "
                + nodes.get(i).encryptedPathSecret().size()
                + " ciphertexts for a resolution of "
                + resolution.size());
      }
      resolutions.add(resolution);
    }
    checkNewKeys(tree, sender, updatePath);

    List<Bytes> publicKeys = new ArrayList<>(nodes.size());
    nodes.forEach(node -> publicKeys.add(node.encryptionKey()));
    RatchetTree.MergedPath merged = tree.mergePath(sender, publicKeys);
    LeafNode leaf = updatePath.leafNode();
    if (leaf.source() != LeafNodeSource.COMMIT) {
      throw new ValidationException(
          ValidationCode.LEAF_SOURCE_UNEXPECTED, "UpdatePath leaf from " + leaf.source());
    }
    if (!leaf.parentHash().orElseThrow().equals(merged.leafParentHash())) {
      throw new ValidationException(ValidationCode.UPDATE_PATH_PARENT_HASH_MISMATCH, sender + "");
    }
    RatchetTree after = merged.tree().withLeaf(sender, leaf);
    GroupContext context = withTreeHash(provisional, after.treeHash());

    // RFC 9420 §12.4.2: the lowest node of the path above this member, and a key to decrypt with.
    int at = lowestCommonIndex(path, me, tree.leafCount());
    List<NodeIndex> resolution = resolutions.get(at);
    int slot = -1;
    for (int j = 0; j < resolution.size() && slot < 0; j++) {
      Optional<Bytes> mine = keys.publicKey(resolution.get(j));
      if (mine.isPresent() && mine.equals(TreePrivateKeys.publicKeyIn(tree, resolution.get(j)))) {
        slot = j;
      }
    }
    if (slot < 0) {
      throw new IllegalStateException(me + " holds no key of the resolution it is in");
    }
    Secret decrypted;
    try {
      decrypted =
          Secret.of(
              crypto.decryptWithLabel(
                  keys.privateKey(resolution.get(slot)).orElseThrow(),
                  LABEL,
                  encode(context),
                  nodes.get(at).encryptedPathSecret().get(slot)));
    } catch (CryptoException e) {
      throw new ValidationException(
          ValidationCode.PATH_SECRET_UNDECRYPTABLE, "at " + path.get(at), e);
    }

    TreeMap<Long, HpkeKeyPair> derived = new TreeMap<>();
    Secret secret = decrypted.copy();
    try {
      for (int i = at; i < path.size(); i++) {
        HpkeKeyPair pair = TreePrivateKeys.nodeKeyPair(crypto, secret);
        derived.put(path.get(i).value(), pair);
        if (!pair.publicKey().equals(publicKeys.get(i))) {
          throw new ValidationException(
              ValidationCode.UPDATE_PATH_KEY_MISMATCH, "at " + path.get(i));
        }
        Secret next = crypto.deriveSecret(secret, "path");
        secret.destroy();
        secret = next;
      }
    } catch (ValidationException e) {
      secret.destroy();
      decrypted.destroy();
      derived.values().forEach(HpkeKeyPair::destroy);
      throw e;
    }
    Set<Long> directPath = new HashSet<>();
    tree.directPath(sender).forEach(x -> directPath.add(x.value()));
    TreeMap<Long, HpkeKeyPair> kept =
        keys.copyKeys(
            x ->
                !directPath.contains(x)
                    && after.contains(NodeIndex.of(x))
                    && TreePrivateKeys.publicKeyIn(after, NodeIndex.of(x))
                        .equals(keys.publicKey(NodeIndex.of(x))));
    kept.putAll(derived);
    return new AppliedUpdatePath(
        after,
        context,
        secret,
        decrypted,
        path.get(at),
        TreePrivateKeys.of(tree.suite(), me, kept));
  }

  /**
   * The keys of a new member from the path secret of its Welcome (RFC 9420 §12.4.3.1): the key of
   * the lowest common ancestor with the committer {@code sender} and, derived from it, those of the
   * rest of the committer's filtered direct path, each checked against {@code tree}.
   *
   * @param tree the tree of the new epoch
   * @param keys the new member's keys (its leaf key); not changed
   */
  public static TreePrivateKeys applyWelcomePathSecret(
      RatchetTree tree, LeafIndex sender, TreePrivateKeys keys, Secret pathSecret)
      throws ValidationException {
    CryptoProvider crypto = tree.suite().crypto();
    List<NodeIndex> path = tree.filteredDirectPath(sender);
    int at = lowestCommonIndex(path, keys.leafIndex(), tree.leafCount());
    TreeMap<Long, HpkeKeyPair> derived = new TreeMap<>();
    Secret secret = pathSecret.copy();
    try {
      for (int i = at; i < path.size(); i++) {
        HpkeKeyPair pair = TreePrivateKeys.nodeKeyPair(crypto, secret);
        derived.put(path.get(i).value(), pair);
        if (!Optional.of(pair.publicKey()).equals(TreePrivateKeys.publicKeyIn(tree, path.get(i)))) {
          throw new ValidationException(
              ValidationCode.UPDATE_PATH_KEY_MISMATCH, "Welcome path secret at " + path.get(i));
        }
        Secret next = crypto.deriveSecret(secret, "path");
        secret.destroy();
        secret = next;
      }
    } catch (ValidationException e) {
      derived.values().forEach(HpkeKeyPair::destroy);
      throw e;
    } finally {
      secret.destroy();
    }
    TreeMap<Long, HpkeKeyPair> all = keys.copyKeys(x -> !derived.containsKey(x));
    all.putAll(derived);
    return TreePrivateKeys.of(tree.suite(), keys.leafIndex(), all);
  }

  /**
   * RFC 9420 §12.4.2: no public key of the UpdatePath may already be in the tree, nor appear twice
   * in it; the leaf's key must differ from the one it replaces.
   */
  private static void checkNewKeys(RatchetTree tree, LeafIndex sender, UpdatePath updatePath)
      throws ValidationException {
    Optional<LeafNode> old = tree.leaf(sender);
    Bytes leafKey = updatePath.leafNode().encryptionKey();
    if (old.isPresent() && old.get().encryptionKey().equals(leafKey)) {
      throw new ValidationException(ValidationCode.LEAF_ENCRYPTION_KEY_UNCHANGED, "" + sender);
    }
    Set<Bytes> seen = new HashSet<>();
    List<Bytes> all = new ArrayList<>();
    all.add(leafKey);
    updatePath.nodes().forEach(node -> all.add(node.encryptionKey()));
    for (Bytes key : all) {
      if (tree.containsEncryptionKey(key) || !seen.add(key)) {
        throw new ValidationException(
            ValidationCode.ENCRYPTION_KEY_DUPLICATE, "UpdatePath key " + key);
      }
    }
  }

  /** The position in {@code path} of the lowest node above leaf {@code me}. */
  private static int lowestCommonIndex(List<NodeIndex> path, LeafIndex me, long leafCount) {
    NodeIndex leaf = NodeIndex.of(me);
    for (int i = 0; i < path.size(); i++) {
      NodeIndex x = path.get(i);
      long first = RatchetTree.firstLeaf(x);
      long end = first + (1L << TreeMath.level(x));
      if (me.value() >= first && me.value() < end) {
        return i;
      }
    }
    throw new IllegalStateException(leaf + " is under no node of the path in " + leafCount);
  }

  static GroupContext withTreeHash(GroupContext context, Bytes treeHash) {
    return new GroupContext(
        context.version(),
        context.cipherSuite(),
        context.groupId(),
        context.epoch(),
        treeHash,
        context.confirmedTranscriptHash(),
        context.extensions());
  }

  private static Bytes encode(GroupContext context) {
    TlsWriter writer = new TlsWriter(256);
    context.encode(writer);
    return writer.toBytes();
  }

  private static LeafNode withSignature(LeafNode leaf, Bytes signature) {
    return new LeafNode(
        leaf.encryptionKey(),
        leaf.signatureKey(),
        leaf.credential(),
        leaf.capabilities(),
        leaf.source(),
        leaf.lifetime(),
        leaf.parentHash(),
        leaf.extensions(),
        signature);
  }
}
