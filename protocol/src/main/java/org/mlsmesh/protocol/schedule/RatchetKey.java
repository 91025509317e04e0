package org.mlsmesh.protocol.schedule;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * The key and nonce of one generation of a sender ratchet, handed out for encryption by {@link
 * SecretTree#next}. The holder owns the secrets and destroys them after use (RFC 9420 §9.2).
 */
public final class RatchetKey implements Destroyable {
  private final long generation;
  private final KeyAndNonce keyAndNonce;

  RatchetKey(long generation, KeyAndNonce keyAndNonce) {
    this.generation = generation;
    this.keyAndNonce = Objects.requireNonNull(keyAndNonce, "keyAndNonce");
  }

  /** The generation, a uint32 that goes into SenderData (RFC 9420 §6.3.2). */
  public long generation() {
    return generation;
  }

  public KeyAndNonce keyAndNonce() {
    return keyAndNonce;
  }

  public Secret key() {
    return keyAndNonce.key();
  }

  public Secret nonce() {
    return keyAndNonce.nonce();
  }

  @Override
  public void destroy() {
    keyAndNonce.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return keyAndNonce.isDestroyed();
  }

  @Override
  public String toString() {
    return "RatchetKey[generation=" + generation + ", redacted]";
  }
}
