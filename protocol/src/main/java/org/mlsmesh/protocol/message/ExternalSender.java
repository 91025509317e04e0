package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.credential.Credential;

/**
 * RFC 9420 §12.1.8.1: struct { SignaturePublicKey signature_key; Credential credential; }
 * ExternalSender; the {@code external_senders} extension holds {@code ExternalSender<V>}.
 */
public record ExternalSender(Bytes signatureKey, Credential credential) implements Encodable {
  public ExternalSender {
    Objects.requireNonNull(signatureKey, "signatureKey");
    Objects.requireNonNull(credential, "credential");
  }

  public static ExternalSender decode(TlsReader reader) throws DecodeException {
    return new ExternalSender(reader.vlBytes(), Credential.decode(reader));
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vlBytes(signatureKey);
    credential.encode(writer);
  }
}
