package org.mlsmesh.protocol.keypackage;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.KeyPackage;

/**
 * The last_resort KeyPackage extension (type 0x000A, empty {@code extension_data}): marks a
 * KeyPackage its owner allows to be used more than once, so that exhausting the one-time
 * KeyPackages cannot keep the owner out of new groups (RFC 9420 §16.8). The extension itself is
 * defined by the MLS extensions draft (draft-ietf-mls-extensions), not by RFC 9420.
 */
public final class LastResort {
  /** The extension, as it goes into {@code KeyPackage.extensions}. */
  public static final Extension EXTENSION = new Extension(Extension.LAST_RESORT, Bytes.EMPTY);

  private LastResort() {}

  /** Whether the KeyPackage carries the last_resort extension. */
  public static boolean isLastResort(KeyPackage keyPackage) {
    for (Extension extension : keyPackage.extensions()) {
      if (extension.type() == Extension.LAST_RESORT) {
        return true;
      }
    }
    return false;
  }
}
