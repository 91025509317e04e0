package org.mlsmesh.gossip;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** The id of a gossiped payload: the SHA-256 of its bytes, so every peer derives the same id. */
public final class MessageId implements Comparable<MessageId> {
  public static final int LENGTH = 32;

  private final byte[] digest;

  private MessageId(byte[] digest) {
    this.digest = digest;
  }

  public static MessageId ofPayload(byte[] payload) {
    try {
      return new MessageId(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** An id received from a peer; fails unless it has exactly {@link #LENGTH} bytes. */
  public static MessageId fromBytes(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "message id must be " + LENGTH + " bytes, got " + bytes.length);
    }
    return new MessageId(bytes.clone());
  }

  public byte[] toByteArray() {
    return digest.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MessageId && Arrays.equals(digest, ((MessageId) other).digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public int compareTo(MessageId other) {
    return Arrays.compareUnsigned(digest, other.digest);
  }

  /** The first 8 bytes in hex: enough to tell ids apart in logs. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(digest, 0, 8);
  }
}
