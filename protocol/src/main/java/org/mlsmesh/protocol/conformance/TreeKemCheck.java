package org.mlsmesh.protocol.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.UpdatePath;
import org.mlsmesh.protocol.tree.AppliedUpdatePath;
import org.mlsmesh.protocol.tree.CreatedUpdatePath;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.LeafNodeValidator;
import org.mlsmesh.protocol.tree.LeafValidationContext;
import org.mlsmesh.protocol.tree.NodeIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.TreeKem;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/**
 * The {@code treekem} vectors (RFC 9420 §7.4–§7.6): the private keys of each listed leaf match the
 * tree; every member with keys processes every UpdatePath to the given path secret, commit secret
 * and tree hash; and an UpdatePath freshly created from each such leaf is processed by the others
 * to the same commit secret and tree.
 */
public final class TreeKemCheck implements VectorCheck {
  @Override
  public String kind() {
    return "treekem";
  }

  /** One member's keys from {@code leaves_private}. */
  private record Member(LeafIndex index, Bytes signaturePrivateKey, String path) {}

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    CipherSuite suite = vector.cipherSuite();
    RatchetTree tree = TreeVectors.tree(vector, "ratchet_tree", suite);
    Bytes groupId = vector.hex("group_id");
    GroupContext context =
        new GroupContext(
            GroupContext.MLS10,
            suite.id(),
            groupId,
            vector.number("epoch"),
            Bytes.EMPTY,
            vector.hex("confirmed_transcript_hash"),
            List.of());
    LeafNodeValidator validator = new LeafNodeValidator(suite, (s, credential, key, now) -> {});
    LeafValidationContext leafContext =
        new LeafValidationContext(groupId, List.of(), List.of(), List.of(), 0, false);

    List<Member> members = new ArrayList<>();
    List<TreePrivateKeys> keys = new ArrayList<>();
    try {
      for (VectorCase entry : vector.objects("leaves_private")) {
        Member member =
            new Member(entry.leafIndex("index"), entry.hex("signature_priv"), entry.path());
        if (members.stream().anyMatch(m -> m.index().equals(member.index()))) {
          throw new VectorMismatch(entry.path() + ".index " + member.index() + " is listed twice");
        }
        if (tree.leaf(member.index()).isEmpty()) {
          throw new VectorMismatch(entry.path() + ".index " + member.index() + " is a blank leaf");
        }
        members.add(member);
        keys.add(privateKeys(tree, member, entry));
      }

      for (VectorCase entry : vector.objects("update_paths")) {
        checkUpdatePath(tree, entry, members, keys, context, validator, leafContext);
      }
      for (int i = 0; i < members.size(); i++) {
        checkFreshPath(tree, i, members, keys, context, validator, leafContext);
      }
    } finally {
      keys.forEach(TreePrivateKeys::destroy);
    }
  }

  private static TreePrivateKeys privateKeys(RatchetTree tree, Member member, VectorCase entry)
      throws VectorMismatch {
    TreePrivateKeys keys;
    try {
      keys =
          TreePrivateKeys.ofLeaf(
              tree.suite(), member.index(), Secret.of(entry.hex("encryption_priv")));
    } catch (CryptoException e) {
      throw new VectorMismatch(member.path() + ".encryption_priv is not a private key", e);
    }
    VectorCase.expectEqual(
        member.path() + ".encryption_priv public key",
        tree.leaf(member.index()).map(LeafNode::encryptionKey),
        keys.publicKey(NodeIndex.of(member.index())));
    for (VectorCase secret : entry.objects("path_secrets")) {
      NodeIndex node = secret.parentNode("node");
      TreePrivateKeys next = keys.withPathSecret(node, Secret.of(secret.hex("path_secret")));
      keys.destroy();
      keys = next;
      VectorCase.expectEqual(
          secret.path() + " public key",
          tree.parent(node).map(p -> p.encryptionKey()),
          keys.publicKey(node));
    }
    return keys;
  }

  private static void checkUpdatePath(
      RatchetTree tree,
      VectorCase entry,
      List<Member> members,
      List<TreePrivateKeys> keys,
      GroupContext context,
      LeafNodeValidator validator,
      LeafValidationContext leafContext)
      throws VectorMismatch {
    LeafIndex sender = entry.leafIndex("sender");
    UpdatePath path;
    try {
      path = TlsReader.decodeAll(entry.hex("update_path"), UpdatePath::decode);
    } catch (DecodeException e) {
      throw new VectorMismatch(entry.path() + ".update_path does not decode", e);
    }
    try {
      validator.validateForCommit(tree, sender, path.leafNode(), leafContext);
    } catch (ValidationException e) {
      throw new VectorMismatch(entry.path() + ".update_path leaf node is valid", e);
    }
    List<?> pathSecrets = entry.list("path_secrets");
    for (int i = 0; i < members.size(); i++) {
      LeafIndex me = members.get(i).index();
      if (me.equals(sender)) {
        continue;
      }
      String at = entry.path() + " at " + me;
      AppliedUpdatePath applied;
      try {
        applied = TreeKem.applyUpdatePath(tree, sender, path, keys.get(i), context, Set.of());
      } catch (ValidationException e) {
        throw new VectorMismatch(at + ": update_path applies", e);
      }
      try {
        VectorCase.expectEqual(
            at + ": path_secrets[" + me.value() + "]",
            pathSecret(entry, pathSecrets, me),
            applied.pathSecret().insecureAsBytes());
        VectorCase.expectEqual(
            at + ": commit_secret",
            entry.hex("commit_secret"),
            applied.commitSecret().insecureAsBytes());
        VectorCase.expectEqual(
            at + ": tree_hash_after", entry.hex("tree_hash_after"), applied.tree().treeHash());
        applied.tree().verifyParentHashes();
      } catch (ValidationException e) {
        throw new VectorMismatch(at + ": the tree after is parent-hash valid", e);
      } finally {
        applied.destroy();
        applied.privateKeys().destroy();
      }
    }
  }

  private static void checkFreshPath(
      RatchetTree tree,
      int committer,
      List<Member> members,
      List<TreePrivateKeys> keys,
      GroupContext context,
      LeafNodeValidator validator,
      LeafValidationContext leafContext)
      throws VectorMismatch {
    Member from = members.get(committer);
    String at = from.path() + " fresh UpdatePath";
    CreatedUpdatePath created;
    try {
      created =
          TreeKem.createUpdatePath(
              tree,
              from.index(),
              tree.leaf(from.index()).orElseThrow(),
              Secret.of(from.signaturePrivateKey()),
              context,
              Set.of(),
              new SeededEntropySource(from.index().value()));
      validator.validateForCommit(tree, from.index(), created.updatePath().leafNode(), leafContext);
      created.tree().verifyParentHashes();
    } catch (CryptoException | ValidationException e) {
      throw new VectorMismatch(at + " is created valid", e);
    }
    try {
      for (int i = 0; i < members.size(); i++) {
        if (i == committer) {
          continue;
        }
        AppliedUpdatePath applied;
        try {
          applied =
              TreeKem.applyUpdatePath(
                  tree, from.index(), created.updatePath(), keys.get(i), context, Set.of());
        } catch (ValidationException e) {
          throw new VectorMismatch(at + " applies at " + members.get(i).index(), e);
        }
        try {
          VectorCase.expectEqual(
              at + " commit secret at " + members.get(i).index(),
              created.commitSecret().insecureAsBytes(),
              applied.commitSecret().insecureAsBytes());
          VectorCase.expectEqual(
              at + " tree hash at " + members.get(i).index(),
              created.tree().treeHash(),
              applied.tree().treeHash());
        } finally {
          applied.destroy();
          applied.privateKeys().destroy();
        }
      }
    } finally {
      created.destroy();
      created.privateKeys().destroy();
    }
  }

  /** {@code path_secrets[me]}: hex, or null where the vector has none for that leaf. */
  private static Bytes pathSecret(VectorCase entry, List<?> pathSecrets, LeafIndex me)
      throws VectorMismatch {
    String at = entry.path() + ".path_secrets[" + me.value() + "]";
    if (me.value() >= pathSecrets.size()) {
      throw new VectorMismatch(at + " is missing: the list has " + pathSecrets.size() + " entries");
    }
    Object expected = pathSecrets.get((int) me.value());
    if (expected == null) {
      return null;
    }
    if (!(expected instanceof String hex)) {
      throw new VectorMismatch(at + " is neither a hex string nor null");
    }
    try {
      return Bytes.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new VectorMismatch(at + " is not valid hex");
    }
  }
}
