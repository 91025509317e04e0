package org.mlsmesh.protocol.keypackage;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.framing.ProtocolVersion;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;

/**
 * The only way from a received {@link KeyPackage} to a {@link VerifiedKeyPackage}: the checks of
 * RFC 9420 §10.1, including those of §7.3 for a leaf node from a KeyPackage. Cheap structural
 * checks run first, then both signatures, then everything else; the credential goes to the
 * Authentication Service last, once the KeyPackage is known to be self-consistent.
 */
public final class KeyPackageValidator {
  private final CredentialValidator credentials;
  private final LifetimePolicy lifetimes;

  public KeyPackageValidator(CredentialValidator credentials, LifetimePolicy lifetimes) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.lifetimes = Objects.requireNonNull(lifetimes, "lifetimes");
  }

  /**
   * Validates {@code keyPackage} for a group of {@code groupSuite} at {@code nowMillis}.
   *
   * @throws ValidationException naming the first rule the KeyPackage breaks
   */
  public VerifiedKeyPackage verify(KeyPackage keyPackage, CipherSuite groupSuite, long nowMillis)
      throws ValidationException {
    if (nowMillis < 0) {
      throw new IllegalArgumentException("negative time: " + nowMillis);
    }
    LeafNode leaf = keyPackage.leafNode();
    // RFC 9420 §10.1: version and cipher suite match the group's.
    if (keyPackage.version() != ProtocolVersion.MLS10.code) {
      throw new ValidationException(
          ValidationCode.KEY_PACKAGE_VERSION_UNSUPPORTED, "version " + keyPackage.version());
    }
    if (keyPackage.cipherSuite() != groupSuite.id()) {
      throw new ValidationException(
          ValidationCode.KEY_PACKAGE_CIPHER_SUITE_MISMATCH,
          String.format("0x%04x, group uses %s", keyPackage.cipherSuite(), groupSuite));
    }
    if (leaf.source() != LeafNodeSource.KEY_PACKAGE) {
      throw new ValidationException(
          ValidationCode.KEY_PACKAGE_LEAF_SOURCE_INVALID, "source " + leaf.source());
    }
    CryptoProvider crypto = groupSuite.crypto();
    verifySignatures(crypto, keyPackage);
    checkExtensions(keyPackage);
    checkKeys(crypto, keyPackage);
    checkCapabilities(keyPackage);
    LifetimeCheck.check(leaf.lifetime().orElseThrow(), lifetimes, nowMillis);
    credentials.validate(groupSuite, leaf.credential(), leaf.signatureKey(), nowMillis);
    return new VerifiedKeyPackage(keyPackage, groupSuite, KeyPackageRef.of(groupSuite, keyPackage));
  }

  private static void verifySignatures(CryptoProvider crypto, KeyPackage keyPackage)
      throws ValidationException {
    LeafNode leaf = keyPackage.leafNode();
    try {
      crypto.verifyWithLabel(
          leaf.signatureKey(),
          KeyPackageSigning.KEY_PACKAGE_LABEL,
          keyPackage.tbs(),
          keyPackage.signature());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.KEY_PACKAGE_SIGNATURE_INVALID, "", e);
    }
    try {
      crypto.verifyWithLabel(
          leaf.signatureKey(), KeyPackageSigning.LEAF_NODE_LABEL, leaf.tbs(), leaf.signature());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.KEY_PACKAGE_LEAF_SIGNATURE_INVALID, "", e);
    }
  }

  /** RFC 9420 §13.4: one extension per type; known KeyPackage extensions well-formed. */
  private static void checkExtensions(KeyPackage keyPackage) throws ValidationException {
    requireDistinctTypes(keyPackage.leafNode().extensions(), "leaf");
    requireDistinctTypes(keyPackage.extensions(), "KeyPackage");
    for (Extension extension : keyPackage.extensions()) {
      if (extension.type() == Extension.LAST_RESORT && !extension.data().isEmpty()) {
        throw new ValidationException(
            ValidationCode.KEY_PACKAGE_EXTENSION_MALFORMED, "last_resort carries data");
      }
    }
  }

  private static void requireDistinctTypes(List<Extension> extensions, String where)
      throws ValidationException {
    Set<Integer> seen = new HashSet<>();
    for (Extension extension : extensions) {
      if (!seen.add(extension.type())) {
        throw new ValidationException(
            ValidationCode.KEY_PACKAGE_DUPLICATE_EXTENSION,
            String.format("%s extensions repeat type 0x%04x", where, extension.type()));
      }
    }
  }

  /** RFC 9420 §10, §10.1: both HPKE keys valid for the suite, and different. */
  private static void checkKeys(CryptoProvider crypto, KeyPackage keyPackage)
      throws ValidationException {
    try {
      crypto.validateHpkePublicKey(keyPackage.initKey());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.KEY_PACKAGE_INIT_KEY_INVALID, "", e);
    }
    try {
      crypto.validateHpkePublicKey(keyPackage.leafNode().encryptionKey());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.KEY_PACKAGE_LEAF_ENCRYPTION_KEY_INVALID, "", e);
    }
    if (keyPackage.initKey().equals(keyPackage.leafNode().encryptionKey())) {
      throw new ValidationException(ValidationCode.KEY_PACKAGE_INIT_KEY_EQUALS_ENCRYPTION_KEY, "");
    }
  }

  /**
   * RFC 9420 §7.2, §7.3: the capabilities list the leaf's own credential type and its non-default
   * extensions. They need not list the KeyPackage's version or cipher suite: §10.1 only asks that
   * those match the group's (checked in {@link #verify}), and the group's requirements on
   * capabilities are the required_capabilities extension's (§11.1), checked with the tree.
   */
  private static void checkCapabilities(KeyPackage keyPackage) throws ValidationException {
    LeafNode leaf = keyPackage.leafNode();
    Capabilities capabilities = leaf.capabilities();
    if (!capabilities.credentials().contains(leaf.credential().type().code)) {
      throw new ValidationException(
          ValidationCode.KEY_PACKAGE_CREDENTIAL_TYPE_NOT_IN_CAPABILITIES,
          leaf.credential().type().toString());
    }
    // Only the leaf's extensions: unknown KeyPackage extensions (GREASE) are ignored (§13.4,
    // §13.5).
    for (Extension extension : leaf.extensions()) {
      if (!DefaultTypes.isDefaultExtension(extension.type())
          && !capabilities.extensions().contains(extension.type())) {
        throw new ValidationException(
            ValidationCode.KEY_PACKAGE_LEAF_EXTENSION_NOT_IN_CAPABILITIES,
            String.format("type 0x%04x", extension.type()));
      }
    }
  }
}
