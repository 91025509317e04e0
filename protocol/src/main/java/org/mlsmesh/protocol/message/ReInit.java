package org.mlsmesh.protocol.message;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §12.1.5:
 *
 * <pre>
 * struct {
 *     opaque group_id&lt;V&gt;;
 *     ProtocolVersion version;
 *     CipherSuite cipher_suite;
 *     Extension extensions&lt;V&gt;;
 * } ReInit;
 * </pre>
 */
public record ReInit(Bytes groupId, int version, int cipherSuite, List<Extension> extensions)
    implements Proposal {
  public ReInit {
    Objects.requireNonNull(groupId, "groupId");
    Codes.requireUint16(version, "version");
    Codes.requireUint16(cipherSuite, "cipherSuite");
    extensions = List.copyOf(extensions);
  }

  @Override
  public Kind kind() {
    return Kind.REINIT;
  }

  public static ReInit decodeBody(TlsReader reader) throws DecodeException {
    return new ReInit(
        reader.vlBytes(), reader.u16(), reader.u16(), reader.vector(Extension::decode));
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.vlBytes(groupId).u16(version).u16(cipherSuite).vector(extensions);
  }
}
