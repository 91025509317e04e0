package org.mlsmesh.protocol.keypackage;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.message.KeyPackage;

/** RFC 9420 §5.2: KeyPackageRef = RefHash("MLS 1.0 KeyPackage Reference", KeyPackage). */
public record KeyPackageRef(Bytes value) {
  static final String LABEL = "MLS 1.0 KeyPackage Reference";

  public KeyPackageRef {
    Objects.requireNonNull(value, "value");
  }

  /** The reference of a KeyPackage under the hash of {@code suite}. */
  public static KeyPackageRef of(CipherSuite suite, KeyPackage keyPackage) {
    return ofEncoded(suite, keyPackage.encoded());
  }

  /** The reference of an encoded KeyPackage under the hash of {@code suite}. */
  public static KeyPackageRef ofEncoded(CipherSuite suite, Bytes encodedKeyPackage) {
    return new KeyPackageRef(suite.crypto().refHash(LABEL, encodedKeyPackage));
  }

  @Override
  public String toString() {
    return "KeyPackageRef[" + value.toHex() + "]";
  }
}
