package org.mlsmesh.protocol.framing;

import org.mlsmesh.protocol.codec.CodePoint;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §6: enum { reserved(0), application(1), proposal(2), commit(3), (255) } ContentType; */
public enum ContentType implements CodePoint {
  APPLICATION(1),
  PROPOSAL(2),
  COMMIT(3);

  public final int code;

  ContentType(int code) {
    this.code = code;
  }

  public static ContentType decode(TlsReader reader) throws DecodeException {
    return reader.u8CodePoint(values(), "content type");
  }

  @Override
  public int code() {
    return code;
  }

  public void encode(TlsWriter writer) {
    writer.u8(code);
  }
}
