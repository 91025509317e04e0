package org.mlsmesh.protocol.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * Key material: never printed, compared in constant time, and erased by {@link #destroy()}. Using a
 * destroyed secret is a library bug and throws {@link IllegalStateException}.
 */
public final class Secret implements Destroyable {
  private final byte[] value;
  private boolean destroyed;

  private Secret(byte[] value) {
    this.value = value;
  }

  /** Copies {@code value}. */
  public static Secret of(byte[] value) {
    return new Secret(value.clone());
  }

  /** Copies {@code value}. */
  public static Secret of(Bytes value) {
    return new Secret(value.toByteArray());
  }

  /** Takes ownership of {@code value}: the caller must not keep or modify it. */
  public static Secret wrap(byte[] value) {
    return new Secret(value);
  }

  /** {@code length} zero bytes (RFC 9420 §8: the all-zero vector used when no secret exists). */
  public static Secret zero(int length) {
    return new Secret(new byte[length]);
  }

  public int length() {
    return value.length;
  }

  /** A fresh copy of the key material; the caller should erase it when done. */
  public byte[] exposeBytes() {
    checkAlive();
    return value.clone();
  }

  /**
   * The key material as an immutable public value. Only for places that must put a secret on the
   * wire inside an encrypted struct, or compare it with a test vector.
   */
  public Bytes insecureAsBytes() {
    checkAlive();
    return Bytes.of(value);
  }

  /** An independent copy that can be destroyed separately. */
  public Secret copy() {
    checkAlive();
    return new Secret(value.clone());
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("secret used after destroy()");
    }
  }

  @Override
  public void destroy() {
    Arrays.fill(value, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret && MessageDigest.isEqual(value, ((Secret) other).value);
  }

  @Override
  public int hashCode() {
    return value.length;
  }

  @Override
  public String toString() {
    return "Secret[" + value.length + " bytes, redacted]";
  }
}
