package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §12.1.6: {@code struct { opaque kem_output<V>; } ExternalInit;} */
public record ExternalInit(Bytes kemOutput) implements Proposal {
  public ExternalInit {
    Objects.requireNonNull(kemOutput, "kemOutput");
  }

  @Override
  public Kind kind() {
    return Kind.EXTERNAL_INIT;
  }

  public static ExternalInit decodeBody(TlsReader reader) throws DecodeException {
    return new ExternalInit(reader.vlBytes());
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.vlBytes(kemOutput);
  }
}
