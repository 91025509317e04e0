package org.mlsmesh.node.internal.directory;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * An announcement whose signature, identity binding and KeyPackage passed the rules (only {@link
 * DirectoryRules} makes one).
 *
 * @param identity the MLS identity (the owner's peer id bytes)
 * @param ref the KeyPackageRef (RFC 9420 §5.2)
 * @param lastResort whether the KeyPackage may be used more than once (RFC 9420 §16.8)
 * @param notAfterMillis the end of the KeyPackage's lifetime
 */
record VerifiedAnnouncement(
    DirectoryMessage.Announcement announcement,
    Bytes identity,
    Bytes ref,
    boolean lastResort,
    long notAfterMillis) {
  public VerifiedAnnouncement {
    Objects.requireNonNull(announcement, "announcement");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(ref, "ref");
  }

  /** The encoded KeyPackage. */
  public Bytes keyPackage() {
    return announcement.keyPackage();
  }
}
