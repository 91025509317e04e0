package org.mlsmesh.gossip;

import com.google.protobuf.ByteString;

/**
 * A peer's identity: the SHA-256 of its long-term public key in X.509 SubjectPublicKeyInfo
 * encoding. A link is authenticated when the key the peer proved possession of hashes to the
 * expected id.
 */
public final class PeerId extends Sha256Id implements Comparable<PeerId> {
  public static final int LENGTH = Sha256Id.LENGTH;

  private PeerId(byte[] digest) {
    super(digest);
  }

  /** The id of the peer whose public key has this SubjectPublicKeyInfo encoding. */
  public static PeerId ofPublicKey(byte[] subjectPublicKeyInfo) {
    return new PeerId(sha256(subjectPublicKeyInfo));
  }

  /** An id received from a peer or a configuration; fails unless it has {@link #LENGTH} bytes. */
  public static PeerId fromBytes(byte[] bytes) {
    return new PeerId(bytes.clone());
  }

  /** An id received from a peer; fails unless it has exactly {@link #LENGTH} bytes. */
  public static PeerId fromBytes(ByteString bytes) {
    return new PeerId(bytes.toByteArray());
  }

  @Override
  public int compareTo(PeerId other) {
    return compareDigest(other);
  }
}
