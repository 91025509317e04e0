package org.mlsmesh.protocol.message;

import java.util.List;
import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §10:
 *
 * <pre>
 * struct {
 *     ProtocolVersion version;
 *     CipherSuite cipher_suite;
 *     HPKEPublicKey init_key;
 *     LeafNode leaf_node;
 *     Extension extensions&lt;V&gt;;
 *     opaque signature&lt;V&gt;;
 * } KeyPackage;
 * </pre>
 *
 * Decoding checks structure only; version, cipher suite and leaf node source are checked when the
 * KeyPackage is validated (§10.1).
 */
public record KeyPackage(
    int version,
    int cipherSuite,
    Bytes initKey,
    LeafNode leafNode,
    List<Extension> extensions,
    Bytes signature)
    implements Encodable {

  public KeyPackage {
    Codes.requireUint16(version, "version");
    Codes.requireUint16(cipherSuite, "cipherSuite");
    Objects.requireNonNull(initKey, "initKey");
    Objects.requireNonNull(leafNode, "leafNode");
    extensions = List.copyOf(extensions);
    Objects.requireNonNull(signature, "signature");
  }

  public static KeyPackage decode(TlsReader reader) throws DecodeException {
    return new KeyPackage(
        reader.u16(),
        reader.u16(),
        reader.vlBytes(),
        LeafNode.decode(reader),
        reader.vector(Extension::decode),
        reader.vlBytes());
  }

  private void encodeContent(TlsWriter writer) {
    writer.u16(version).u16(cipherSuite).vlBytes(initKey);
    leafNode.encode(writer);
    writer.vector(extensions);
  }

  @Override
  public void encode(TlsWriter writer) {
    encodeContent(writer);
    writer.vlBytes(signature);
  }

  /** The encoded KeyPackageTBS (RFC 9420 §10): every field but the signature. */
  public Bytes tbs() {
    TlsWriter writer = new TlsWriter();
    encodeContent(writer);
    return writer.toBytes();
  }
}
