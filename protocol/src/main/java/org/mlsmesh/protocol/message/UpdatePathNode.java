package org.mlsmesh.protocol.message;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.HpkeCiphertext;

/**
 * RFC 9420 §7.6:
 *
 * <pre>
 * struct {
 *     HPKEPublicKey encryption_key;
 *     HPKECiphertext encrypted_path_secret&lt;V&gt;;
 * } UpdatePathNode;
 * </pre>
 */
public record UpdatePathNode(Bytes encryptionKey, List<HpkeCiphertext> encryptedPathSecret)
    implements Encodable {
  public UpdatePathNode {
    Objects.requireNonNull(encryptionKey, "encryptionKey");
    encryptedPathSecret = List.copyOf(encryptedPathSecret);
  }

  public static UpdatePathNode decode(TlsReader reader) throws DecodeException {
    return new UpdatePathNode(reader.vlBytes(), reader.vector(HpkeCiphertext::decode));
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vlBytes(encryptionKey).vector(encryptedPathSecret);
  }
}
