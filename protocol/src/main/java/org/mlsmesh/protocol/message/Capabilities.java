package org.mlsmesh.protocol.message;

import java.util.List;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §7.2:
 *
 * <pre>
 * struct {
 *     ProtocolVersion versions&lt;V&gt;;
 *     CipherSuite cipher_suites&lt;V&gt;;
 *     ExtensionType extensions&lt;V&gt;;
 *     ProposalType proposals&lt;V&gt;;
 *     CredentialType credentials&lt;V&gt;;
 * } Capabilities;
 * </pre>
 *
 * Every list holds raw uint16 code points: unknown (GREASE) values must survive a round trip.
 */
public record Capabilities(
    List<Integer> versions,
    List<Integer> cipherSuites,
    List<Integer> extensions,
    List<Integer> proposals,
    List<Integer> credentials)
    implements Encodable {

  public Capabilities {
    versions = uint16s(versions, "versions");
    cipherSuites = uint16s(cipherSuites, "cipherSuites");
    extensions = uint16s(extensions, "extensions");
    proposals = uint16s(proposals, "proposals");
    credentials = uint16s(credentials, "credentials");
  }

  private static List<Integer> uint16s(List<Integer> values, String what) {
    List<Integer> copy = List.copyOf(values);
    for (int value : copy) {
      Codes.requireUint16(value, what);
    }
    return copy;
  }

  public static Capabilities decode(TlsReader reader) throws DecodeException {
    return new Capabilities(
        reader.vector(TlsReader::u16),
        reader.vector(TlsReader::u16),
        reader.vector(TlsReader::u16),
        reader.vector(TlsReader::u16),
        reader.vector(TlsReader::u16));
  }

  @Override
  public void encode(TlsWriter writer) {
    writer
        .vector(versions, TlsWriter::u16)
        .vector(cipherSuites, TlsWriter::u16)
        .vector(extensions, TlsWriter::u16)
        .vector(proposals, TlsWriter::u16)
        .vector(credentials, TlsWriter::u16);
  }
}
