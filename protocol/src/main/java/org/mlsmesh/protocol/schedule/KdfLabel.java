package org.mlsmesh.protocol.schedule;

import java.nio.charset.StandardCharsets;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * ExpandWithLabel over a label given as raw bytes (RFC 9420 §8), for MLS-Exporter, whose label is
 * an arbitrary application octet string rather than one of the protocol's ASCII labels.
 */
final class KdfLabel {
  private static final Bytes PREFIX = Bytes.of("MLS 1.0 ".getBytes(StandardCharsets.US_ASCII));

  private KdfLabel() {}

  /** struct { uint16 length; opaque label&lt;V&gt;; opaque context&lt;V&gt;; } KDFLabel. */
  static Bytes encode(Bytes label, Bytes context, int length) {
    return new TlsWriter()
        .u16(length)
        .vlBytes(Bytes.concat(PREFIX, label))
        .vlBytes(context)
        .toBytes();
  }

  static Secret expandWithLabel(
      CryptoProvider crypto, Secret secret, Bytes label, Bytes context, int length) {
    return crypto.expand(secret, encode(label, context, length), length);
  }
}
