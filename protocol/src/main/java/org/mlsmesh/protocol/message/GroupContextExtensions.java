package org.mlsmesh.protocol.message;

import java.util.List;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §12.1.7: {@code struct { Extension extensions<V>; } GroupContextExtensions;} */
public record GroupContextExtensions(List<Extension> extensions) implements Proposal {
  public GroupContextExtensions {
    extensions = List.copyOf(extensions);
  }

  @Override
  public Kind kind() {
    return Kind.GROUP_CONTEXT_EXTENSIONS;
  }

  public static GroupContextExtensions decodeBody(TlsReader reader) throws DecodeException {
    return new GroupContextExtensions(reader.vector(Extension::decode));
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.vector(extensions);
  }
}
