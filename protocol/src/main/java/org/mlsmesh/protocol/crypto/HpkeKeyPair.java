package org.mlsmesh.protocol.crypto;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;

/** An HPKE key pair of the suite's KEM: raw private key (secret) and serialized public key. */
public final class HpkeKeyPair implements Destroyable {
  private final Secret privateKey;
  private final Bytes publicKey;

  public HpkeKeyPair(Secret privateKey, Bytes publicKey) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
  }

  public Secret privateKey() {
    return privateKey;
  }

  public Bytes publicKey() {
    return publicKey;
  }

  @Override
  public void destroy() {
    privateKey.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return privateKey.isDestroyed();
  }

  @Override
  public String toString() {
    return "HpkeKeyPair[public=" + publicKey + ", private=redacted]";
  }
}
