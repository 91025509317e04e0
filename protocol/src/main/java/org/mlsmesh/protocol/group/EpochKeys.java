package org.mlsmesh.protocol.group;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.schedule.SecretTree;
import org.mlsmesh.protocol.schedule.SecretTreeConfig;
import org.mlsmesh.protocol.tree.RatchetTree;

/**
 * The message keys of one epoch (RFC 9420 §9): its secret tree and sender data secret, plus the
 * GroupContext and tree needed to authenticate late messages of the epoch. Mutable, with a single
 * owner: every decryption or encryption consumes ratchet keys. When the next epoch is merged, the
 * keys move into the new state's window of past epochs and are destroyed when they leave it.
 */
final class EpochKeys implements Destroyable {
  final GroupContext context;
  final RatchetTree tree;
  private final SecretTree secretTree;
  private final Secret senderDataSecret;

  private EpochKeys(
      GroupContext context, RatchetTree tree, SecretTree secretTree, Secret senderDataSecret) {
    this.context = context;
    this.tree = tree;
    this.secretTree = secretTree;
    this.senderDataSecret = senderDataSecret;
  }

  /**
   * The keys of {@code epoch}: consumes its encryption secret (§9.2), copies its sender data
   * secret. Call once per epoch.
   */
  static EpochKeys create(Epoch epoch, SecretTreeConfig config) {
    Objects.requireNonNull(config, "config");
    // RFC 9420 §9.2: the secret tree becomes the only holder of encryption_secret, so that
    // destroying the epoch's other secrets never reaches into keys a successor still uses.
    Secret encryptionSecret = epoch.secrets.encryptionSecret();
    SecretTree secretTree =
        SecretTree.create(epoch.crypto(), encryptionSecret.copy(), epoch.tree.leafCount(), config);
    encryptionSecret.destroy();
    return new EpochKeys(
        epoch.context, epoch.tree, secretTree, epoch.secrets.senderDataSecret().copy());
  }

  /** Keys restored from a saved state; takes ownership of the secrets. */
  static EpochKeys restore(
      GroupContext context, RatchetTree tree, SecretTree secretTree, Secret senderDataSecret) {
    return new EpochKeys(context, tree, secretTree, senderDataSecret);
  }

  /** An independent deep copy, for a fork of the state that holds these keys. */
  EpochKeys copy() {
    return new EpochKeys(context, tree, secretTree.copy(), senderDataSecret.copy());
  }

  long epoch() {
    return context.epoch();
  }

  SecretTree secretTree() {
    return secretTree;
  }

  Secret senderDataSecret() {
    return senderDataSecret;
  }

  @Override
  public void destroy() {
    secretTree.destroy();
    senderDataSecret.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return secretTree.isDestroyed();
  }

  @Override
  public String toString() {
    return "EpochKeys[epoch " + context.epoch() + ", redacted]";
  }
}
