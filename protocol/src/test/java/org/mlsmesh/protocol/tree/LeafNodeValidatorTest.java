package org.mlsmesh.protocol.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.Lifetime;

/** Leaf node validation (RFC 9420 §7.3), one broken rule at a time. */
class LeafNodeValidatorTest {
  private static final CipherSuite SUITE =
      CipherSuite.MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519;

  private final TestGroup group;
  private final SignatureKeyPair signature;
  private final HpkeKeyPair encryption;

  LeafNodeValidatorTest() throws Exception {
    group = TestGroup.of(SUITE, 4, 0);
    signature = SUITE.crypto().generateSignatureKeyPair(group.random);
    encryption = SUITE.crypto().generateKeyPair(group.random);
  }

  private static ValidationCode code(Executable check) {
    return catchThrowableOfType(check::execute, ValidationException.class).code();
  }

  private void add(LeafNode leaf) throws ValidationException {
    group.validator().validateForAdd(group.tree, leaf, group.leafContext());
  }

  private LeafNode leaf(Capabilities capabilities, List<Extension> extensions, Lifetime lifetime) {
    return group.keyPackageLeaf(signature, encryption, capabilities, extensions, lifetime);
  }

  private LeafNode updateLeaf(LeafIndex at, Bytes encryptionKey) {
    LeafNode old = group.tree.leaf(at).orElseThrow();
    LeafNode unsigned =
        new LeafNode(
            encryptionKey,
            old.signatureKey(),
            old.credential(),
            old.capabilities(),
            LeafNodeSource.UPDATE,
            Optional.empty(),
            Optional.empty(),
            old.extensions(),
            Bytes.EMPTY);
    return group.signed(unsigned, group.signatureKeys.get(at.value()), Optional.of(at));
  }

  @Test
  void validLeavesPass() {
    assertThatCode(() -> add(group.keyPackageLeaf(signature, encryption)))
        .doesNotThrowAnyException();
    LeafNode update = updateLeaf(LeafIndex.of(2), encryption.publicKey());
    assertThatCode(
            () ->
                group
                    .validator()
                    .validateForUpdate(group.tree, LeafIndex.of(2), update, group.leafContext()))
        .doesNotThrowAnyException();
  }

  @Test
  @Covers(ValidationCode.LEAF_SIGNATURE_INVALID)
  void signatureOverAnotherGroupOrPosition() {
    LeafNode update = updateLeaf(LeafIndex.of(2), encryption.publicKey());
    assertThat(
            code(
                () ->
                    group
                        .validator()
                        .validateForUpdate(
                            group.tree, LeafIndex.of(1), update, group.leafContext())))
        .isEqualTo(ValidationCode.LEAF_SIGNATURE_INVALID);
  }

  @Test
  @Covers(ValidationCode.LEAF_SOURCE_UNEXPECTED)
  void keyPackageLeafInAnUpdate() {
    LeafNode leaf = group.keyPackageLeaf(signature, encryption);
    assertThat(
            code(
                () ->
                    group
                        .validator()
                        .validateForUpdate(group.tree, LeafIndex.of(1), leaf, group.leafContext())))
        .isEqualTo(ValidationCode.LEAF_SOURCE_UNEXPECTED);
  }

  @Test
  @Covers(ValidationCode.LEAF_CAPABILITIES_INSUFFICIENT)
  void missingRequiredCapability() throws Exception {
    TlsWriter required = new TlsWriter();
    required.vector(List.of(0xff00), TlsWriter::u16);
    required.vector(List.of(), TlsWriter::u16);
    required.vector(List.of(), TlsWriter::u16);
    LeafValidationContext context =
        LeafValidationContext.of(
            TestGroup.GROUP_ID,
            List.of(new Extension(Extension.REQUIRED_CAPABILITIES, required.toBytes())),
            0,
            false);
    assertThat(context.requiredExtensions()).containsExactly(0xff00);
    LeafNode leaf = group.keyPackageLeaf(signature, encryption);
    assertThat(code(() -> group.validator().validateForAdd(group.tree, leaf, context)))
        .isEqualTo(ValidationCode.LEAF_CAPABILITIES_INSUFFICIENT);
  }

  @Test
  @Covers(ValidationCode.LEAF_CREDENTIAL_TYPE_UNSUPPORTED)
  void credentialTypeNotInCapabilities() {
    Capabilities noBasic =
        new Capabilities(List.of(1), List.of(SUITE.id()), List.of(), List.of(), List.of(2));
    assertThat(code(() -> add(leaf(noBasic, List.of(), new Lifetime(0, -1L)))))
        .isEqualTo(ValidationCode.LEAF_CREDENTIAL_TYPE_UNSUPPORTED);
  }

  @Test
  @Covers(ValidationCode.LEAF_EXTENSION_UNSUPPORTED)
  void extensionNotInCapabilities() {
    List<Extension> extensions = List.of(new Extension(0xff01, Bytes.fromHex("00")));
    assertThat(
            code(() -> add(leaf(TestGroup.capabilities(SUITE), extensions, new Lifetime(0, -1L)))))
        .isEqualTo(ValidationCode.LEAF_EXTENSION_UNSUPPORTED);
  }

  @Test
  @Covers(ValidationCode.LEAF_LIFETIME_INVALID)
  void expiredLifetime() {
    LeafNode leaf = leaf(TestGroup.capabilities(SUITE), List.of(), new Lifetime(0, 1000));
    LeafValidationContext now =
        new LeafValidationContext(
            TestGroup.GROUP_ID, List.of(), List.of(), List.of(), 1_700_000_000_000L, true);
    assertThat(code(() -> group.validator().validateForAdd(group.tree, leaf, now)))
        .isEqualTo(ValidationCode.LEAF_LIFETIME_INVALID);
  }

  @Test
  @Covers(ValidationCode.ENCRYPTION_KEY_DUPLICATE)
  void encryptionKeyAlreadyInTheTree() {
    HpkeKeyPair taken =
        new HpkeKeyPair(
            encryption.privateKey(),
            group.tree.parent(NodeIndex.of(3)).orElseThrow().encryptionKey());
    assertThat(code(() -> add(group.keyPackageLeaf(signature, taken))))
        .isEqualTo(ValidationCode.ENCRYPTION_KEY_DUPLICATE);
  }

  @Test
  @Covers(ValidationCode.SIGNATURE_KEY_DUPLICATE)
  void signatureKeyOfAnotherMember() {
    LeafNode leaf = group.keyPackageLeaf(group.signatureKeys.get(1L), encryption);
    assertThat(code(() -> add(leaf))).isEqualTo(ValidationCode.SIGNATURE_KEY_DUPLICATE);
  }

  @Test
  @Covers(ValidationCode.LEAF_ENCRYPTION_KEY_UNCHANGED)
  void updateKeepsTheEncryptionKey() {
    LeafIndex at = LeafIndex.of(2);
    LeafNode update = updateLeaf(at, group.tree.leaf(at).orElseThrow().encryptionKey());
    assertThat(
            code(
                () ->
                    group
                        .validator()
                        .validateForUpdate(group.tree, at, update, group.leafContext())))
        .isEqualTo(ValidationCode.LEAF_ENCRYPTION_KEY_UNCHANGED);
  }
}
