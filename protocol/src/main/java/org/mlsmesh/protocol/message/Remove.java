package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.tree.LeafIndex;

/** RFC 9420 §12.1.3: struct { uint32 removed; } Remove; */
public record Remove(LeafIndex removed) implements Proposal {
  public Remove {
    Objects.requireNonNull(removed, "removed");
  }

  @Override
  public Kind kind() {
    return Kind.REMOVE;
  }

  public static Remove decodeBody(TlsReader reader) throws DecodeException {
    return new Remove(LeafIndex.decode(reader));
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    removed.encode(writer);
  }
}
