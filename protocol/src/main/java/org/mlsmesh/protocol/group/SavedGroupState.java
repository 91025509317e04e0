package org.mlsmesh.protocol.group;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * The bytes of a saved {@link GroupState} (format: {@link GroupStateFormat}). They hold the group's
 * secrets and this member's private keys, so this holder is wipeable rather than an immutable
 * value: it never prints its content, and {@link #destroy()} overwrites it. Store the bytes
 * encrypted at rest, and destroy the holder once they are written.
 */
public final class SavedGroupState implements Destroyable {
  private final byte[] value;
  private boolean destroyed;

  private SavedGroupState(byte[] value) {
    this.value = value;
  }

  /** Copies {@code bytes} read back from storage; the caller may wipe its array afterwards. */
  public static SavedGroupState of(byte[] bytes) {
    return new SavedGroupState(bytes.clone());
  }

  /** Takes ownership of {@code bytes}: the caller must not keep or modify the array. */
  static SavedGroupState wrap(byte[] bytes) {
    return new SavedGroupState(bytes);
  }

  public int length() {
    return value.length;
  }

  /** A fresh copy of the bytes, for writing to storage; the caller should wipe it when done. */
  public byte[] exposeBytes() {
    return array().clone();
  }

  /** The held array itself, for the decoder: never handed out of the package. */
  byte[] array() {
    if (destroyed) {
      throw new IllegalStateException("saved group state used after destroy()");
    }
    return value;
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
  public String toString() {
    return "SavedGroupState[" + value.length + " bytes, redacted]";
  }
}
