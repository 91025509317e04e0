package org.mlsmesh.protocol.conformance;

import java.util.ArrayList;
import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.tree.LeafNodeValidator;
import org.mlsmesh.protocol.tree.LeafValidationContext;
import org.mlsmesh.protocol.tree.NodeIndex;
import org.mlsmesh.protocol.tree.RatchetTree;

/**
 * The {@code tree-validation} vectors: the tree hash and resolution of every node (RFC 9420 §4.1.1,
 * §7.8), and that the whole tree is valid (§12.4.3.1): parent hashes, unmerged leaves, key
 * uniqueness and the signature of every leaf in group {@code group_id}. Credentials are accepted as
 * they are (the vectors carry no trust anchors) and lifetimes are not checked (no clock).
 */
public final class TreeValidationCheck implements VectorCheck {
  @Override
  public String kind() {
    return "tree-validation";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    CipherSuite suite = vector.cipherSuite();
    RatchetTree tree = TreeVectors.tree(vector, "tree", suite);

    List<Bytes> hashes = vector.hexList("tree_hashes");
    VectorCase.expectEqual("tree_hashes length", tree.nodeWidth(), (long) hashes.size());
    for (int i = 0; i < hashes.size(); i++) {
      VectorCase.expectEqual(
          "tree_hashes[" + i + "]", hashes.get(i), tree.treeHash(NodeIndex.of(i)));
    }

    List<?> resolutions = vector.list("resolutions");
    VectorCase.expectEqual("resolutions length", tree.nodeWidth(), (long) resolutions.size());
    for (int i = 0; i < resolutions.size(); i++) {
      if (!(resolutions.get(i) instanceof List)) {
        throw new VectorMismatch("resolutions[" + i + "] is not a list");
      }
      List<Long> expected = new ArrayList<>();
      for (Object x : (List<?>) resolutions.get(i)) {
        if (!(x instanceof Number)) {
          throw new VectorMismatch("resolutions[" + i + "] holds a non-number");
        }
        expected.add(((Number) x).longValue());
      }
      List<Long> actual = new ArrayList<>();
      for (NodeIndex x : tree.resolution(NodeIndex.of(i))) {
        actual.add(x.value());
      }
      VectorCase.expectEqual("resolutions[" + i + "]", expected, actual);
    }

    LeafNodeValidator leaves = new LeafNodeValidator(suite, (s, credential, key, now) -> {});
    LeafValidationContext context =
        new LeafValidationContext(
            vector.hex("group_id"), List.of(), List.of(), List.of(), 0, false);
    try {
      tree.validate(tree.treeHash(), leaves, context);
    } catch (ValidationException e) {
      throw new VectorMismatch("tree is valid", e);
    }
  }
}
