package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte SHA-256 value used as an identifier: the shared part of {@link MessageId} and {@link
 * PeerId}.
 */
abstract class Sha256Id {
  static final int LENGTH = 32;

  private final byte[] digest;
  private final int hash;

  Sha256Id(byte[] digest) {
    if (digest.length != LENGTH) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + " must be " + LENGTH + " bytes, got " + digest.length);
    }
    this.digest = digest;
    this.hash = Arrays.hashCode(digest);
  }

  private static final MessageDigest PROTOTYPE = prototype();

  private static MessageDigest prototype() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** A fresh SHA-256 instance; cloning the prototype is much cheaper than a provider lookup. */
  private static MessageDigest newSha256() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return prototype();
    }
  }

  static byte[] sha256(byte[] input) {
    return newSha256().digest(input);
  }

  static byte[] sha256(ByteString input) {
    // Not update(asReadOnlyByteBuffer()): a read-only buffer makes each fresh digest allocate a
    // 4 KiB staging array, which costs far more than this copy.
    return newSha256().digest(input.toByteArray());
  }

  public final byte[] toByteArray() {
    return digest.clone();
  }

  public final ByteString toByteString() {
    return ByteString.copyFrom(digest);
  }

  /** Byte {@code index} of the digest, as an unsigned value. */
  public final int byteAt(int index) {
    return digest[index] & 0xff;
  }

  /** The first 8 bytes of the digest as a big-endian long. */
  public final long prefix() {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (digest[i] & 0xff);
    }
    return value;
  }

  final int compareDigest(Sha256Id other) {
    return Arrays.compareUnsigned(digest, other.digest);
  }

  @Override
  public final boolean equals(Object other) {
    return this == other
        || other != null
            && other.getClass() == getClass()
            && hash == ((Sha256Id) other).hash
            && Arrays.equals(digest, ((Sha256Id) other).digest);
  }

  @Override
  public final int hashCode() {
    return hash;
  }

  /** The first 8 bytes in hex: enough to tell ids apart in logs. */
  @Override
  public final String toString() {
    return HexFormat.of().formatHex(digest, 0, 8);
  }
}
