package org.mlsmesh.protocol.crypto;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The sender side of an HPKE export (RFC 9420 §8.3, external init): the KEM output to publish and
 * the exported secret.
 */
public final class HpkeExport {
  private final Bytes kemOutput;
  private final Secret exportedSecret;

  public HpkeExport(Bytes kemOutput, Secret exportedSecret) {
    this.kemOutput = Objects.requireNonNull(kemOutput, "kemOutput");
    this.exportedSecret = Objects.requireNonNull(exportedSecret, "exportedSecret");
  }

  public Bytes kemOutput() {
    return kemOutput;
  }

  public Secret exportedSecret() {
    return exportedSecret;
  }

  @Override
  public String toString() {
    return "HpkeExport[kemOutput=" + kemOutput + ", exportedSecret=redacted]";
  }
}
