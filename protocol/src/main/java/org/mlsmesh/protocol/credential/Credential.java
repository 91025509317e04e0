package org.mlsmesh.protocol.credential;

import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §5.3:
 *
 * <pre>
 * struct {
 *     CredentialType credential_type;
 *     select (Credential.credential_type) {
 *         case basic: opaque identity&lt;V&gt;;
 *         case x509:  Certificate certificates&lt;V&gt;;
 *     };
 * } Credential;
 * </pre>
 */
public sealed interface Credential extends Encodable permits BasicCredential, X509Credential {
  CredentialType type();

  /** Writes the fields selected by the credential type, without the type itself. */
  void encodeBody(TlsWriter writer);

  @Override
  default void encode(TlsWriter writer) {
    type().encode(writer);
    encodeBody(writer);
  }

  static Credential decode(TlsReader reader) throws DecodeException {
    CredentialType type = CredentialType.decode(reader);
    return switch (type) {
      case BASIC -> BasicCredential.decodeBody(reader);
      case X509 -> X509Credential.decodeBody(reader);
    };
  }
}
