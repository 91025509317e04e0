package org.mlsmesh.node.storage;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * The node's long-term identity: its signature key pair and credential, as serialized by the
 * caller. The private key is copied in and handed out as fresh copies; {@link #toString} never
 * shows it, and {@link #destroy} erases this value's copy.
 */
public final class StoredIdentity implements Destroyable {
  private final Bytes signaturePublicKey;
  private final Secret signaturePrivateKey;
  private final Bytes credential;
  private final long createdAtMillis;

  /** Copies {@code signaturePrivateKey}; the caller keeps (and may destroy) its own. */
  public StoredIdentity(
      Bytes signaturePublicKey,
      Secret signaturePrivateKey,
      Bytes credential,
      long createdAtMillis) {
    this.signaturePublicKey = Objects.requireNonNull(signaturePublicKey, "signaturePublicKey");
    this.signaturePrivateKey =
        Objects.requireNonNull(signaturePrivateKey, "signaturePrivateKey").copy();
    this.credential = Objects.requireNonNull(credential, "credential");
    this.createdAtMillis = createdAtMillis;
  }

  public Bytes signaturePublicKey() {
    return signaturePublicKey;
  }

  /** A fresh copy of the private key, which the caller should destroy when done. */
  public Secret signaturePrivateKey() {
    return signaturePrivateKey.copy();
  }

  public Bytes credential() {
    return credential;
  }

  public long createdAtMillis() {
    return createdAtMillis;
  }

  /** An independent copy, for a store that must not share secrets with its callers. */
  StoredIdentity copy() {
    return new StoredIdentity(signaturePublicKey, signaturePrivateKey, credential, createdAtMillis);
  }

  @Override
  public void destroy() {
    signaturePrivateKey.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return signaturePrivateKey.isDestroyed();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredIdentity
        && signaturePublicKey.equals(((StoredIdentity) other).signaturePublicKey)
        && signaturePrivateKey.equals(((StoredIdentity) other).signaturePrivateKey)
        && credential.equals(((StoredIdentity) other).credential)
        && createdAtMillis == ((StoredIdentity) other).createdAtMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(signaturePublicKey, credential, createdAtMillis);
  }

  @Override
  public String toString() {
    return "StoredIdentity[signaturePublicKey="
        + signaturePublicKey
        + ", signaturePrivateKey="
        + signaturePrivateKey
        + ", credential="
        + credential.length()
        + " bytes, createdAtMillis="
        + createdAtMillis
        + "]";
  }
}
