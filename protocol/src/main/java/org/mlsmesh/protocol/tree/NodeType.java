package org.mlsmesh.protocol.tree;

import org.mlsmesh.protocol.codec.CodePoint;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §7.8: enum { reserved(0), leaf(1), parent(2), (255) } NodeType; */
public enum NodeType implements CodePoint {
  LEAF(1),
  PARENT(2);

  public final int code;

  NodeType(int code) {
    this.code = code;
  }

  public static NodeType decode(TlsReader reader) throws DecodeException {
    return reader.u8CodePoint(values(), "node type");
  }

  @Override
  public int code() {
    return code;
  }

  public void encode(TlsWriter writer) {
    writer.u8(code);
  }
}
