package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;

/** The id of a gossiped payload: the SHA-256 of its bytes, so every peer derives the same id. */
public final class MessageId extends Sha256Id implements Comparable<MessageId> {
  public static final int LENGTH = Sha256Id.LENGTH;

  private MessageId(byte[] digest) {
    super(digest);
  }

  public static MessageId ofPayload(byte[] payload) {
    return new MessageId(sha256(payload));
  }

  public static MessageId ofPayload(ByteString payload) {
    return new MessageId(sha256(payload));
  }

  /** An id received from a peer; fails unless it has exactly {@link #LENGTH} bytes. */
  public static MessageId fromBytes(byte[] bytes) {
    return new MessageId(bytes.clone());
  }

  /** An id received from a peer; fails unless it has exactly {@link #LENGTH} bytes. */
  public static MessageId fromBytes(ByteString bytes) {
    return new MessageId(bytes.toByteArray());
  }

  @Override
  public int compareTo(MessageId other) {
    return compareDigest(other);
  }
}
