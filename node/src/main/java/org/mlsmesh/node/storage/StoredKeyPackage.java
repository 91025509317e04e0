package org.mlsmesh.node.storage;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * A published KeyPackage with the private keys that go with it (RFC 9420 §10: the init and leaf
 * encryption private keys), serialized by the caller into one bundle. The bundle is copied in and
 * handed out as fresh copies; {@link #toString} never shows it.
 */
public final class StoredKeyPackage implements Destroyable {
  private final KeyPackageInfo info;
  private final Secret privateBundle;

  /** Copies {@code privateBundle}; the caller keeps (and may destroy) its own. */
  public StoredKeyPackage(KeyPackageInfo info, Secret privateBundle) {
    this.info = Objects.requireNonNull(info, "info");
    this.privateBundle = Objects.requireNonNull(privateBundle, "privateBundle").copy();
  }

  /** The public part: ref, KeyPackage bytes, last-resort flag, creation time. */
  public KeyPackageInfo info() {
    return info;
  }

  /** The KeyPackageRef (RFC 9420 §5.2) that names this KeyPackage. */
  public Bytes ref() {
    return info.ref();
  }

  /** A fresh copy of the private bundle, which the caller should destroy when done. */
  public Secret privateBundle() {
    return privateBundle.copy();
  }

  /** An independent copy, for a store that must not share secrets with its callers. */
  StoredKeyPackage copy() {
    return new StoredKeyPackage(info, privateBundle);
  }

  @Override
  public void destroy() {
    privateBundle.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return privateBundle.isDestroyed();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredKeyPackage
        && info.equals(((StoredKeyPackage) other).info)
        && privateBundle.equals(((StoredKeyPackage) other).privateBundle);
  }

  @Override
  public int hashCode() {
    return info.hashCode();
  }

  @Override
  public String toString() {
    return "StoredKeyPackage[" + info + ", privateBundle=" + privateBundle + "]";
  }
}
