package org.mlsmesh.protocol.credential;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §5.3: a basic credential, a bare application-defined identity. */
public record BasicCredential(Bytes identity) implements Credential {
  public BasicCredential {
    Objects.requireNonNull(identity, "identity");
  }

  @Override
  public CredentialType type() {
    return CredentialType.BASIC;
  }

  static BasicCredential decodeBody(TlsReader reader) throws DecodeException {
    return new BasicCredential(reader.vlBytes());
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.vlBytes(identity);
  }
}
