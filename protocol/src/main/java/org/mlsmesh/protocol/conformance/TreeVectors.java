package org.mlsmesh.protocol.conformance;

import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/** Helpers shared by the ratchet tree vector checks. */
final class TreeVectors {
  private TreeVectors() {}

  /** Decodes the serialized ratchet tree in field {@code field}. */
  static RatchetTree tree(VectorCase vector, String field, CipherSuite suite)
      throws VectorMismatch {
    try {
      return RatchetTree.fromNodes(
          suite, TlsReader.decodeAll(vector.hex(field), RatchetTreeNodes::decode));
    } catch (DecodeException | ValidationException e) {
      throw new VectorMismatch(field + " is not a ratchet tree", e);
    }
  }

  static Bytes encode(RatchetTree tree) {
    org.mlsmesh.protocol.codec.TlsWriter writer = new org.mlsmesh.protocol.codec.TlsWriter();
    tree.toNodes().encode(writer);
    return writer.toBytes();
  }
}
