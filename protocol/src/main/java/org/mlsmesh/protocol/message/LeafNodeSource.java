package org.mlsmesh.protocol.message;

import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §7.2: enum { key_package(1), update(2), commit(3) } LeafNodeSource; */
public enum LeafNodeSource {
  KEY_PACKAGE(1),
  UPDATE(2),
  COMMIT(3);

  public final int code;

  LeafNodeSource(int code) {
    this.code = code;
  }

  public static LeafNodeSource decode(TlsReader reader) throws DecodeException {
    int at = reader.offset();
    int code = reader.u8();
    for (LeafNodeSource source : values()) {
      if (source.code == code) {
        return source;
      }
    }
    throw new DecodeException("unknown leaf node source " + code, at);
  }

  public void encode(TlsWriter writer) {
    writer.u8(code);
  }
}
