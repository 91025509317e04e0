package org.mlsmesh.protocol.framing;

import org.mlsmesh.protocol.codec.CodePoint;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §6: enum { reserved(0), mls10(1), (65535) } ProtocolVersion; the versions we speak. */
public enum ProtocolVersion implements CodePoint {
  MLS10(1);

  public final int code;

  ProtocolVersion(int code) {
    this.code = code;
  }

  /** Reads a protocol version; any version but mls10 is a decode error at its offset. */
  public static ProtocolVersion decode(TlsReader reader) throws DecodeException {
    return reader.u16CodePoint(values(), "protocol version");
  }

  @Override
  public int code() {
    return code;
  }

  public void encode(TlsWriter writer) {
    writer.u16(code);
  }
}
