package org.mlsmesh.protocol.message;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §12.4.3.1:
 *
 * <pre>
 * struct {
 *   CipherSuite cipher_suite;
 *   EncryptedGroupSecrets secrets&lt;V&gt;;
 *   opaque encrypted_group_info&lt;V&gt;;
 * } Welcome;
 * </pre>
 */
public record Welcome(
    int cipherSuite, List<EncryptedGroupSecrets> secrets, Bytes encryptedGroupInfo)
    implements Encodable {
  public Welcome {
    Codes.requireUint16(cipherSuite, "cipherSuite");
    secrets = List.copyOf(secrets);
    Objects.requireNonNull(encryptedGroupInfo, "encryptedGroupInfo");
  }

  public static Welcome decode(TlsReader reader) throws DecodeException {
    return new Welcome(
        reader.u16(), reader.vector(EncryptedGroupSecrets::decode), reader.vlBytes());
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.u16(cipherSuite).vector(secrets).vlBytes(encryptedGroupInfo);
  }
}
