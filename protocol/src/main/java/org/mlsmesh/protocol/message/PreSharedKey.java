package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §12.1.4: struct { PreSharedKeyID psk; } PreSharedKey; */
public record PreSharedKey(PreSharedKeyId psk) implements Proposal {
  public PreSharedKey {
    Objects.requireNonNull(psk, "psk");
  }

  @Override
  public Kind kind() {
    return Kind.PSK;
  }

  public static PreSharedKey decodeBody(TlsReader reader) throws DecodeException {
    return new PreSharedKey(PreSharedKeyId.decode(reader));
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    psk.encode(writer);
  }
}
