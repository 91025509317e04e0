package org.mlsmesh.protocol.credential;

import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §5.3: an X.509 chain, end-entity certificate first. Each entry is the {@code cert_data}
 * of a {@code struct { opaque cert_data<V>; } Certificate;}, a DER-encoded certificate.
 */
public record X509Credential(List<Bytes> certificates) implements Credential {
  public X509Credential {
    certificates = List.copyOf(certificates);
  }

  @Override
  public CredentialType type() {
    return CredentialType.X509;
  }

  static X509Credential decodeBody(TlsReader reader) throws DecodeException {
    return new X509Credential(reader.vector(TlsReader::vlBytes));
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.vector(certificates, TlsWriter::vlBytes);
  }
}
