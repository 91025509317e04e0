package org.mlsmesh.protocol.codec;

/** A wire struct that writes its own TLS encoding. */
public interface Encodable {
  void encode(TlsWriter writer);

  /** The TLS encoding of this value. */
  default Bytes encoded() {
    TlsWriter writer = new TlsWriter();
    encode(writer);
    return writer.toBytes();
  }
}
