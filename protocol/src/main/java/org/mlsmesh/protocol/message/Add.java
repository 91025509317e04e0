package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §12.1.1: struct { KeyPackage key_package; } Add; */
public record Add(KeyPackage keyPackage) implements Proposal {
  public Add {
    Objects.requireNonNull(keyPackage, "keyPackage");
  }

  @Override
  public Kind kind() {
    return Kind.ADD;
  }

  public static Add decodeBody(TlsReader reader) throws DecodeException {
    return new Add(KeyPackage.decode(reader));
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    keyPackage.encode(writer);
  }
}
