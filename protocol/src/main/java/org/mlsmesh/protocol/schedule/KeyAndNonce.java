package org.mlsmesh.protocol.schedule;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * An AEAD key and nonce (RFC 9420 §6.3, §9.1). The holder owns both secrets and should {@link
 * #destroy()} them as soon as the message is sealed or opened (§9.2).
 */
public final class KeyAndNonce implements Destroyable {
  private final Secret key;
  private final Secret nonce;

  public KeyAndNonce(Secret key, Secret nonce) {
    this.key = Objects.requireNonNull(key, "key");
    this.nonce = Objects.requireNonNull(nonce, "nonce");
  }

  /** An independent copy that can be destroyed separately. */
  public KeyAndNonce copy() {
    return new KeyAndNonce(key.copy(), nonce.copy());
  }

  public Secret key() {
    return key;
  }

  public Secret nonce() {
    return nonce;
  }

  @Override
  public void destroy() {
    key.destroy();
    nonce.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed() && nonce.isDestroyed();
  }

  @Override
  public String toString() {
    return "KeyAndNonce[redacted]";
  }
}
