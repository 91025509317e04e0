package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.HpkeCiphertext;

/**
 * RFC 9420 §12.4.3.1: struct { KeyPackageRef new_member; HPKECiphertext encrypted_group_secrets; }
 * EncryptedGroupSecrets; where a KeyPackageRef is an opaque {@code HashReference<V>} (§5.2).
 */
public record EncryptedGroupSecrets(Bytes newMember, HpkeCiphertext encryptedGroupSecrets)
    implements Encodable {
  public EncryptedGroupSecrets {
    Objects.requireNonNull(newMember, "newMember");
    Objects.requireNonNull(encryptedGroupSecrets, "encryptedGroupSecrets");
  }

  public static EncryptedGroupSecrets decode(TlsReader reader) throws DecodeException {
    return new EncryptedGroupSecrets(reader.vlBytes(), HpkeCiphertext.decode(reader));
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vlBytes(newMember);
    encryptedGroupSecrets.encode(writer);
  }
}
