package org.mlsmesh.protocol.keypackage;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNode;

/**
 * A KeyPackage that passed every check of RFC 9420 §10.1 for a group of {@link #suite()} at some
 * time: only {@link KeyPackageValidator} makes one.
 */
public final class VerifiedKeyPackage {
  private final KeyPackage keyPackage;
  private final CipherSuite suite;
  private final KeyPackageRef ref;

  VerifiedKeyPackage(KeyPackage keyPackage, CipherSuite suite, KeyPackageRef ref) {
    this.keyPackage = Objects.requireNonNull(keyPackage, "keyPackage");
    this.suite = Objects.requireNonNull(suite, "suite");
    this.ref = Objects.requireNonNull(ref, "ref");
  }

  public KeyPackage keyPackage() {
    return keyPackage;
  }

  public CipherSuite suite() {
    return suite;
  }

  public KeyPackageRef ref() {
    return ref;
  }

  public Bytes initKey() {
    return keyPackage.initKey();
  }

  public LeafNode leafNode() {
    return keyPackage.leafNode();
  }

  public boolean isLastResort() {
    return LastResort.isLastResort(keyPackage);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedKeyPackage
        && ((VerifiedKeyPackage) other).suite == suite
        && ((VerifiedKeyPackage) other).keyPackage.equals(keyPackage);
  }

  @Override
  public int hashCode() {
    return ref.hashCode();
  }

  @Override
  public String toString() {
    return "VerifiedKeyPackage[" + suite + ", " + ref + "]";
  }
}
