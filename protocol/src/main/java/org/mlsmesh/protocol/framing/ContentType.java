package org.mlsmesh.protocol.framing;

import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §6: enum { reserved(0), application(1), proposal(2), commit(3), (255) } ContentType; */
public enum ContentType {
  APPLICATION(1),
  PROPOSAL(2),
  COMMIT(3);

  public final int code;

  ContentType(int code) {
    this.code = code;
  }

  public static ContentType decode(TlsReader reader) throws DecodeException {
    int at = reader.offset();
    int code = reader.u8();
    for (ContentType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new DecodeException("unknown content type " + code, at);
  }

  public void encode(TlsWriter writer) {
    writer.u8(code);
  }
}
