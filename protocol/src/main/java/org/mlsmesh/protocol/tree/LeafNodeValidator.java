package org.mlsmesh.protocol.tree;

import java.util.Objects;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;

/**
 * Leaf node validation (RFC 9420 §7.3) for each place a leaf node enters a group: a KeyPackage in
 * an Add, an Update proposal, the UpdatePath of a Commit, and every leaf of a received tree.
 * Credentials are judged by the application's {@link CredentialValidator}.
 */
public final class LeafNodeValidator {
  /** The largest "default" extension type, which need not be listed in capabilities (§7.2). */
  private static final int LAST_DEFAULT_EXTENSION = 0x0005;

  private final CipherSuite suite;
  private final CredentialValidator credentials;

  public LeafNodeValidator(CipherSuite suite, CredentialValidator credentials) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** The leaf node of a KeyPackage about to be added to {@code tree} (§12.1.1). */
  public void validateForAdd(RatchetTree tree, LeafNode leaf, LeafValidationContext context)
      throws ValidationException {
    check(
        tree,
        leaf,
        Optional.of(LeafNodeSource.KEY_PACKAGE),
        Optional.empty(),
        context,
        false,
        true);
  }

  /**
   * The leaf node of a validated KeyPackage about to be added to {@code tree} (§12.1.1): KeyPackage
   * validation verified its signature over the same LeafNodeTBS with the same key (§10.1), so every
   * check of {@link #validateForAdd(RatchetTree, LeafNode, LeafValidationContext)} runs but that
   * one.
   */
  public void validateForAdd(
      RatchetTree tree, VerifiedKeyPackage keyPackage, LeafValidationContext context)
      throws ValidationException {
    check(
        tree,
        keyPackage.leafNode(),
        Optional.of(LeafNodeSource.KEY_PACKAGE),
        Optional.empty(),
        context,
        false,
        false);
  }

  /** The leaf node of an Update proposal from member {@code at} (§12.1.2). */
  public void validateForUpdate(
      RatchetTree tree, LeafIndex at, LeafNode leaf, LeafValidationContext context)
      throws ValidationException {
    check(tree, leaf, Optional.of(LeafNodeSource.UPDATE), Optional.of(at), context, false, true);
  }

  /**
   * The leaf node of the UpdatePath of a Commit from {@code at} (§12.4.2), against the tree after
   * the Commit's proposals; {@code at} may be a blank leaf for an external commit.
   */
  public void validateForCommit(
      RatchetTree tree, LeafIndex at, LeafNode leaf, LeafValidationContext context)
      throws ValidationException {
    check(tree, leaf, Optional.of(LeafNodeSource.COMMIT), Optional.of(at), context, false, true);
  }

  /** Leaf {@code at} of a received tree, which holds it already (§12.4.3.1). */
  void validateInTree(RatchetTree tree, LeafIndex at, LeafNode leaf, LeafValidationContext context)
      throws ValidationException {
    check(tree, leaf, Optional.empty(), Optional.of(at), context, true, true);
  }

  /**
   * @param expected the source the leaf must have; empty in a received tree
   * @param at the leaf's position; empty for a KeyPackage leaf not yet placed
   * @param inTree whether the leaf is already in {@code tree} (at {@code at})
   * @param verifySignature false only for a leaf whose KeyPackage's validation verified it
   */
  private void check(
      RatchetTree tree,
      LeafNode leaf,
      Optional<LeafNodeSource> expected,
      Optional<LeafIndex> at,
      LeafValidationContext context,
      boolean inTree,
      boolean verifySignature)
      throws ValidationException {
    if (expected.isPresent() && leaf.source() != expected.get()) {
      throw new ValidationException(
          ValidationCode.LEAF_SOURCE_UNEXPECTED,
          "expected " + expected.get() + ", got " + leaf.source());
    }
    if (verifySignature) {
      verifySignature(leaf, at, context);
    }
    credentials.validate(suite, leaf.credential(), leaf.signatureKey(), context.nowMillis());
    checkCapabilities(leaf, context);
    Optional<LeafNode> replaced =
        inTree || at.isEmpty() || !tree.contains(at.get()) ? Optional.empty() : tree.leaf(at.get());
    checkCredentialType(tree, leaf, inTree ? Optional.of(leaf) : replaced);
    if (leaf.source() == LeafNodeSource.KEY_PACKAGE && context.checkLifetime()) {
      checkLifetime(leaf, context.nowMillis());
    }
    checkExtensions(leaf);
    checkUniqueness(tree, leaf, replaced, inTree);
  }

  private void verifySignature(LeafNode leaf, Optional<LeafIndex> at, LeafValidationContext context)
      throws ValidationException {
    Bytes tbs;
    if (leaf.source() == LeafNodeSource.KEY_PACKAGE) {
      tbs = leaf.tbs();
    } else if (at.isPresent()) {
      tbs = leaf.tbs(context.groupId(), at.get());
    } else {
      throw new ValidationException(
          ValidationCode.LEAF_SOURCE_UNEXPECTED, leaf.source() + " leaf without a position");
    }
    try {
      suite.crypto().verifyWithLabel(leaf.signatureKey(), "LeafNodeTBS", tbs, leaf.signature());
    } catch (CryptoException e) {
      throw new ValidationException(
          ValidationCode.LEAF_SIGNATURE_INVALID, at.map(LeafIndex::toString).orElse(""), e);
    }
  }

  private static void checkCapabilities(LeafNode leaf, LeafValidationContext context)
      throws ValidationException {
    Capabilities caps = leaf.capabilities();
    for (int type : context.requiredExtensions()) {
      if (!caps.extensions().contains(type)) {
        throw insufficient("extension", type);
      }
    }
    for (int type : context.requiredProposals()) {
      if (!caps.proposals().contains(type)) {
        throw insufficient("proposal", type);
      }
    }
    for (int type : context.requiredCredentials()) {
      if (!caps.credentials().contains(type)) {
        throw insufficient("credential", type);
      }
    }
  }

  private static ValidationException insufficient(String what, int type) {
    return new ValidationException(
        ValidationCode.LEAF_CAPABILITIES_INSUFFICIENT,
        String.format("required %s type 0x%04x is not supported", what, type));
  }

  /**
   * §7.2: the leaf's credential type is in its capabilities; §7.3: every other member supports it,
   * and the leaf supports every credential type other members use.
   */
  private static void checkCredentialType(
      RatchetTree tree, LeafNode leaf, Optional<LeafNode> excluded) throws ValidationException {
    int type = leaf.credential().type().code;
    if (!leaf.capabilities().credentials().contains(type)) {
      throw new ValidationException(
          ValidationCode.LEAF_CREDENTIAL_TYPE_UNSUPPORTED,
          String.format("credential type 0x%04x is not in the leaf's capabilities", type));
    }
    CredentialSupport support = tree.credentialSupport();
    if (!support.supportedByAll(type, excluded)) {
      throw new ValidationException(
          ValidationCode.LEAF_CREDENTIAL_TYPE_UNSUPPORTED,
          String.format("credential type 0x%04x is not supported by every member", type));
    }
    for (int used : support.typesInUse(excluded)) {
      if (!leaf.capabilities().credentials().contains(used)) {
        throw new ValidationException(
            ValidationCode.LEAF_CREDENTIAL_TYPE_UNSUPPORTED,
            String.format("the leaf does not support credential type 0x%04x in use", used));
      }
    }
  }

  private static void checkLifetime(LeafNode leaf, long nowMillis) throws ValidationException {
    var lifetime = leaf.lifetime().orElseThrow();
    long now = Math.floorDiv(nowMillis, 1000);
    if (now < 0
        || Long.compareUnsigned(now, lifetime.notBefore()) < 0
        || Long.compareUnsigned(now, lifetime.notAfter()) > 0) {
      throw new ValidationException(
          ValidationCode.LEAF_LIFETIME_INVALID,
          "now "
              + now
              + " s, lifetime "
              + Long.toUnsignedString(lifetime.notBefore())
              + ".."
              + Long.toUnsignedString(lifetime.notAfter()));
    }
  }

  private static void checkExtensions(LeafNode leaf) throws ValidationException {
    for (var extension : leaf.extensions()) {
      int type = extension.type();
      if (type > LAST_DEFAULT_EXTENSION && !leaf.capabilities().extensions().contains(type)) {
        throw new ValidationException(
            ValidationCode.LEAF_EXTENSION_UNSUPPORTED,
            String.format("extension 0x%04x is not in the leaf's capabilities", type));
      }
    }
  }

  private static void checkUniqueness(
      RatchetTree tree, LeafNode leaf, Optional<LeafNode> replaced, boolean inTree)
      throws ValidationException {
    if (replaced.isPresent() && replaced.get().encryptionKey().equals(leaf.encryptionKey())) {
      throw new ValidationException(ValidationCode.LEAF_ENCRYPTION_KEY_UNCHANGED, "");
    }
    int allowedEncryption = inTree ? 1 : 0;
    if (tree.encryptionKeyCount(leaf.encryptionKey()) > allowedEncryption) {
      throw new ValidationException(
          ValidationCode.ENCRYPTION_KEY_DUPLICATE, "leaf key " + leaf.encryptionKey());
    }
    int allowedSignature =
        inTree || replaced.isPresent() && replaced.get().signatureKey().equals(leaf.signatureKey())
            ? 1
            : 0;
    if (tree.signatureKeyCount(leaf.signatureKey()) > allowedSignature) {
      throw new ValidationException(
          ValidationCode.SIGNATURE_KEY_DUPLICATE, "signature key " + leaf.signatureKey());
    }
  }
}
