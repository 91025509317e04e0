package org.mlsmesh.protocol.conformance;

import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.Update;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;

/**
 * The {@code tree-operations} vectors: applying an Add, Update or Remove to {@code tree_before}
 * (RFC 9420 §12.1.1–§12.1.3) gives {@code tree_after}, and both trees have the given tree hashes.
 */
public final class TreeOperationsCheck implements VectorCheck {
  @Override
  public String kind() {
    return "tree-operations";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    CipherSuite suite = vector.cipherSuite();
    RatchetTree before = TreeVectors.tree(vector, "tree_before", suite);
    VectorCase.expectEqual("tree_before", vector.hex("tree_before"), TreeVectors.encode(before));
    VectorCase.expectEqual("tree_hash_before", vector.hex("tree_hash_before"), before.treeHash());

    Proposal proposal;
    try {
      proposal = TlsReader.decodeAll(vector.hex("proposal"), Proposal::decode);
    } catch (DecodeException e) {
      throw new VectorMismatch("proposal does not decode", e);
    }
    LeafIndex sender = vector.leafIndex("proposal_sender");
    RatchetTree after =
        switch (proposal.kind()) {
          case ADD -> before.addLeaf(((Add) proposal).keyPackage().leafNode()).tree();
          case UPDATE -> before.updateLeaf(sender, ((Update) proposal).leafNode());
          case REMOVE -> before.removeLeaf(((Remove) proposal).removed());
          default -> throw new VectorMismatch("proposal: unexpected " + proposal.kind());
        };
    VectorCase.expectEqual("tree_after", vector.hex("tree_after"), TreeVectors.encode(after));
    VectorCase.expectEqual("tree_hash_after", vector.hex("tree_hash_after"), after.treeHash());
  }
}
