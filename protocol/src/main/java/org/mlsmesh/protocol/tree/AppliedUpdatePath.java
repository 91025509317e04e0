package org.mlsmesh.protocol.tree;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.GroupContext;

/**
 * What a member gets from {@link TreeKem#applyUpdatePath}: the tree with the path merged, the
 * provisional GroupContext the path secrets were decrypted with, the commit secret, the path secret
 * it decrypted (that of the lowest common ancestor with the committer), and its new private keys.
 *
 * <p>{@link #destroy()} erases the commit secret and the path secret. The private keys are handed
 * over: their owner destroys them.
 */
public final class AppliedUpdatePath implements Destroyable {
  private final RatchetTree tree;
  private final GroupContext groupContext;
  private final Secret commitSecret;
  private final Secret pathSecret;
  private final NodeIndex pathSecretNode;
  private final TreePrivateKeys privateKeys;
  private boolean destroyed;

  AppliedUpdatePath(
      RatchetTree tree,
      GroupContext groupContext,
      Secret commitSecret,
      Secret pathSecret,
      NodeIndex pathSecretNode,
      TreePrivateKeys privateKeys) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.groupContext = Objects.requireNonNull(groupContext, "groupContext");
    this.commitSecret = Objects.requireNonNull(commitSecret, "commitSecret");
    this.pathSecret = Objects.requireNonNull(pathSecret, "pathSecret");
    this.pathSecretNode = Objects.requireNonNull(pathSecretNode, "pathSecretNode");
    this.privateKeys = Objects.requireNonNull(privateKeys, "privateKeys");
  }

  public RatchetTree tree() {
    return tree;
  }

  public GroupContext groupContext() {
    return groupContext;
  }

  /** path_secret[n+1] (§12.4.2); owned by this object. */
  public Secret commitSecret() {
    checkAlive();
    return commitSecret;
  }

  /** The decrypted path secret, of node {@link #pathSecretNode()}; owned by this object. */
  public Secret pathSecret() {
    checkAlive();
    return pathSecret;
  }

  public NodeIndex pathSecretNode() {
    return pathSecretNode;
  }

  /** This member's keys in {@link #tree()}. */
  public TreePrivateKeys privateKeys() {
    return privateKeys;
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("used after destroy()");
    }
  }

  @Override
  public void destroy() {
    commitSecret.destroy();
    pathSecret.destroy();
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "AppliedUpdatePath[" + tree + ", secrets redacted]";
  }
}
