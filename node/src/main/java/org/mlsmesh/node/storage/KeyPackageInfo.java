package org.mlsmesh.node.storage;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The public part of a stored KeyPackage, as listed for replenishment.
 *
 * @param ref the KeyPackageRef (RFC 9420 §5.2) naming it
 * @param keyPackage the encoded KeyPackage as published
 * @param lastResort a last-resort KeyPackage (RFC 9420 §16.8) is not deleted when consumed
 * @param createdAtMillis when it was generated
 */
public record KeyPackageInfo(
    Bytes ref, Bytes keyPackage, boolean lastResort, long createdAtMillis) {
  public KeyPackageInfo {
    Checks.id(ref, "ref");
    Objects.requireNonNull(keyPackage, "keyPackage");
  }
}
