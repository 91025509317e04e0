package org.mlsmesh.protocol.keypackage;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.KeyPackage;

/**
 * A freshly created KeyPackage with the private keys only its owner holds: the HPKE private key of
 * {@code init_key} (to open the Welcome) and that of the leaf's {@code encryption_key}. Never
 * prints the private keys; {@link #destroy()} erases them.
 */
public final class KeyPackageBundle implements Destroyable {
  private final KeyPackage keyPackage;
  private final KeyPackageRef ref;
  private final Secret initPrivateKey;
  private final Secret encryptionPrivateKey;

  KeyPackageBundle(
      KeyPackage keyPackage,
      KeyPackageRef ref,
      Secret initPrivateKey,
      Secret encryptionPrivateKey) {
    this.keyPackage = Objects.requireNonNull(keyPackage, "keyPackage");
    this.ref = Objects.requireNonNull(ref, "ref");
    this.initPrivateKey = Objects.requireNonNull(initPrivateKey, "initPrivateKey");
    this.encryptionPrivateKey =
        Objects.requireNonNull(encryptionPrivateKey, "encryptionPrivateKey");
  }

  /** The public KeyPackage, ready to publish. */
  public KeyPackage keyPackage() {
    return keyPackage;
  }

  public KeyPackageRef ref() {
    return ref;
  }

  /** The private key of {@code init_key}. */
  public Secret initPrivateKey() {
    return initPrivateKey;
  }

  /** The private key of {@code leaf_node.encryption_key}. */
  public Secret encryptionPrivateKey() {
    return encryptionPrivateKey;
  }

  @Override
  public void destroy() {
    initPrivateKey.destroy();
    encryptionPrivateKey.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return initPrivateKey.isDestroyed() && encryptionPrivateKey.isDestroyed();
  }

  @Override
  public String toString() {
    return "KeyPackageBundle[" + ref + ", private keys redacted]";
  }
}
