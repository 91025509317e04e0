package org.mlsmesh.protocol.tree;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.UpdatePath;

/**
 * What the committer gets from {@link TreeKem#createUpdatePath}: the UpdatePath to send, the tree
 * with the path merged, the provisional GroupContext (with the new tree hash) it was encrypted to,
 * the commit secret, the committer's new private keys, and the path secrets of its filtered direct
 * path (for the Welcome of new members, §12.4.3.1).
 *
 * <p>{@link #destroy()} erases the commit secret and path secrets. The private keys are handed
 * over: their owner destroys them.
 */
public final class CreatedUpdatePath implements Destroyable {
  private final RatchetTree tree;
  private final UpdatePath updatePath;
  private final GroupContext groupContext;
  private final Secret commitSecret;
  private final TreePrivateKeys privateKeys;
  private final TreeMap<Long, Secret> pathSecrets;
  private boolean destroyed;

  CreatedUpdatePath(
      RatchetTree tree,
      UpdatePath updatePath,
      GroupContext groupContext,
      Secret commitSecret,
      TreePrivateKeys privateKeys,
      Map<Long, Secret> pathSecrets) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.updatePath = Objects.requireNonNull(updatePath, "updatePath");
    this.groupContext = Objects.requireNonNull(groupContext, "groupContext");
    this.commitSecret = Objects.requireNonNull(commitSecret, "commitSecret");
    this.privateKeys = Objects.requireNonNull(privateKeys, "privateKeys");
    this.pathSecrets = new TreeMap<>(pathSecrets);
  }

  /** The tree after the Commit: the path merged, the committer's new leaf signed in. */
  public RatchetTree tree() {
    return tree;
  }

  public UpdatePath updatePath() {
    return updatePath;
  }

  /** The provisional GroupContext, with the tree hash of {@link #tree()}. */
  public GroupContext groupContext() {
    return groupContext;
  }

  /** path_secret[n+1] (§12.4.2); owned by this object. */
  public Secret commitSecret() {
    checkAlive();
    return commitSecret;
  }

  /** The committer's keys in {@link #tree()}: its new leaf key and its filtered direct path. */
  public TreePrivateKeys privateKeys() {
    return privateKeys;
  }

  /**
   * The path secret a new member at {@code joiner} needs (§12.4.3.1): that of the lowest node of
   * the committer's filtered direct path above the joiner; owned by this object.
   */
  public Optional<Secret> pathSecretFor(LeafIndex joiner) {
    checkAlive();
    long sender = privateKeys.leafIndex().value();
    if (joiner.value() == sender || !tree.contains(joiner)) {
      return Optional.empty();
    }
    NodeIndex ancestor =
        TreeMath.commonAncestor(
            NodeIndex.of(joiner), NodeIndex.of(privateKeys.leafIndex()), tree.leafCount());
    return Optional.ofNullable(pathSecrets.get(ancestor.value()));
  }

  /** The path secret of a node of the filtered direct path; owned by this object. */
  public Optional<Secret> pathSecret(NodeIndex x) {
    checkAlive();
    return Optional.ofNullable(pathSecrets.get(x.value()));
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("used after destroy()");
    }
  }

  @Override
  public void destroy() {
    commitSecret.destroy();
    pathSecrets.values().forEach(Secret::destroy);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "CreatedUpdatePath[" + tree + ", secrets redacted]";
  }
}
