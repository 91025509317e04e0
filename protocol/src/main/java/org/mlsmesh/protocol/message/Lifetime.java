package org.mlsmesh.protocol.message;

import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §7.2: struct { uint64 not_before; uint64 not_after; } Lifetime; in seconds since the
 * Unix epoch. Both are unsigned: compare them with {@link Long#compareUnsigned}.
 */
public record Lifetime(long notBefore, long notAfter) implements Encodable {
  public static Lifetime decode(TlsReader reader) throws DecodeException {
    return new Lifetime(reader.u64(), reader.u64());
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.u64(notBefore).u64(notAfter);
  }
}
