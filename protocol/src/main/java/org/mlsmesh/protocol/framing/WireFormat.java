package org.mlsmesh.protocol.framing;

import org.mlsmesh.protocol.codec.CodePoint;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §6, §17.2: uint16 WireFormat; the formats of RFC 9420 itself. */
public enum WireFormat implements CodePoint {
  PUBLIC_MESSAGE(0x0001),
  PRIVATE_MESSAGE(0x0002),
  WELCOME(0x0003),
  GROUP_INFO(0x0004),
  KEY_PACKAGE(0x0005);

  public final int code;

  WireFormat(int code) {
    this.code = code;
  }

  /** Reads a wire format; an unknown one is a decode error at its offset. */
  public static WireFormat decode(TlsReader reader) throws DecodeException {
    return reader.u16CodePoint(values(), "wire format");
  }

  @Override
  public int code() {
    return code;
  }

  public void encode(TlsWriter writer) {
    writer.u16(code);
  }
}
