package org.mlsmesh.protocol.conformance;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;

/** The {@code deserialization} vectors: a vector length header decodes to its length (§2.1.2). */
public final class DeserializationCheck implements VectorCheck {
  @Override
  public String kind() {
    return "deserialization";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    Bytes header = vector.hex("vlbytes_header");
    long length;
    try {
      length = TlsReader.decodeAll(header, TlsReader::varint);
    } catch (DecodeException e) {
      throw new VectorMismatch("vlbytes_header does not decode", e);
    }
    VectorCase.expectEqual("length", vector.number("length"), length);
  }
}
