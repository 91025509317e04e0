package org.mlsmesh.protocol.crypto;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;

/** A signature key pair of the suite's scheme: raw private key (secret) and public key. */
public final class SignatureKeyPair implements Destroyable {
  private final Secret privateKey;
  private final Bytes publicKey;

  public SignatureKeyPair(Secret privateKey, Bytes publicKey) {
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
    return "SignatureKeyPair[public=" + publicKey + ", private=redacted]";
  }
}
