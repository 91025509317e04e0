package org.mlsmesh.protocol.message;

import org.mlsmesh.protocol.codec.CodePoint;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §7.2: enum { key_package(1), update(2), commit(3) } LeafNodeSource; */
public enum LeafNodeSource implements CodePoint {
  KEY_PACKAGE(1),
  UPDATE(2),
  COMMIT(3);

  public final int code;

  LeafNodeSource(int code) {
    this.code = code;
  }

  public static LeafNodeSource decode(TlsReader reader) throws DecodeException {
    return reader.u8CodePoint(values(), "leaf node source");
  }

  @Override
  public int code() {
    return code;
  }

  public void encode(TlsWriter writer) {
    writer.u8(code);
  }
}
