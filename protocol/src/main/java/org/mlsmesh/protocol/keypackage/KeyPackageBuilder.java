package org.mlsmesh.protocol.keypackage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.ProtocolVersion;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.Lifetime;
import org.mlsmesh.protocol.message.SelfRemove;

/**
 * Creates signed KeyPackages (RFC 9420 §10) with fresh init and leaf encryption key pairs.
 *
 * <p>The leaf's capabilities always list mls10, the suite in use, the credential's type, SelfRemove
 * (0x000a, which this library supports) and every non-default extension type in the leaf and
 * KeyPackage extensions; {@link #additionalCapabilities} adds more (other suites, proposal types,
 * GREASE values).
 */
public final class KeyPackageBuilder {
  private final CipherSuite suite;
  private final SignatureKeyPair signatureKeyPair;
  private final Credential credential;
  private Optional<Lifetime> lifetime = Optional.empty();
  private List<Extension> leafExtensions = List.of();
  private List<Extension> keyPackageExtensions = List.of();
  private boolean supportSelfRemove = true;
  private Capabilities additional =
      new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of());

  private KeyPackageBuilder(
      CipherSuite suite, SignatureKeyPair signatureKeyPair, Credential credential) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.signatureKeyPair = Objects.requireNonNull(signatureKeyPair, "signatureKeyPair");
    this.credential = Objects.requireNonNull(credential, "credential");
  }

  /** A builder for KeyPackages of {@code suite} signed with {@code signatureKeyPair}. */
  public static KeyPackageBuilder create(
      CipherSuite suite, SignatureKeyPair signatureKeyPair, Credential credential) {
    return new KeyPackageBuilder(suite, signatureKeyPair, credential);
  }

  public KeyPackageBuilder lifetime(Lifetime lifetime) {
    this.lifetime = Optional.of(lifetime);
    return this;
  }

  /** Valid from {@code nowMillis} (rounded down to seconds) for {@code duration}. */
  public KeyPackageBuilder validFor(long nowMillis, Duration duration) {
    if (nowMillis < 0 || duration.isNegative()) {
      throw new IllegalArgumentException("negative time or duration");
    }
    long notBefore = Math.floorDiv(nowMillis, 1000L);
    return lifetime(new Lifetime(notBefore, Math.addExact(notBefore, duration.toSeconds())));
  }

  public KeyPackageBuilder leafExtensions(List<Extension> extensions) {
    this.leafExtensions = List.copyOf(extensions);
    return this;
  }

  public KeyPackageBuilder keyPackageExtensions(List<Extension> extensions) {
    this.keyPackageExtensions = List.copyOf(extensions);
    return this;
  }

  /** Adds the last_resort extension to the KeyPackage extensions. */
  public KeyPackageBuilder lastResort() {
    List<Extension> extensions = new ArrayList<>(keyPackageExtensions);
    extensions.removeIf(extension -> extension.type() == Extension.LAST_RESORT);
    extensions.add(LastResort.EXTENSION);
    this.keyPackageExtensions = List.copyOf(extensions);
    return this;
  }

  /**
   * Whether the capabilities list SelfRemove (0x000a), so that the member can {@code leave()} a
   * group; true unless set otherwise. A group accepts a SelfRemove only when every member lists it.
   */
  public KeyPackageBuilder supportSelfRemove(boolean support) {
    this.supportSelfRemove = support;
    return this;
  }

  /**
   * Values to list in the capabilities besides the ones this KeyPackage needs.
   *
   * @throws IllegalArgumentException when it lists a default extension or proposal type (§7.2)
   */
  public KeyPackageBuilder additionalCapabilities(Capabilities capabilities) {
    for (int type : capabilities.extensions()) {
      if (DefaultTypes.isDefaultExtension(type)) {
        throw new IllegalArgumentException("default extension type listed: " + type);
      }
    }
    for (int type : capabilities.proposals()) {
      if (DefaultTypes.isDefaultProposal(type)) {
        throw new IllegalArgumentException("default proposal type listed: " + type);
      }
    }
    this.additional = capabilities;
    return this;
  }

  /**
   * Generates the key pairs from {@code random} and signs the leaf node and the KeyPackage.
   *
   * @throws IllegalStateException when no lifetime was set
   * @throws IllegalArgumentException when an extension list repeats a type
   */
  public KeyPackageBundle build(EntropySource random) {
    Lifetime validity = lifetime.orElseThrow(() -> new IllegalStateException("no lifetime set"));
    requireDistinctTypes(leafExtensions, "leaf");
    requireDistinctTypes(keyPackageExtensions, "KeyPackage");
    CryptoProvider crypto = suite.crypto();
    HpkeKeyPair init = crypto.generateKeyPair(random);
    HpkeKeyPair encryption = crypto.generateKeyPair(random);
    if (init.publicKey().equals(encryption.publicKey())) {
      init.destroy();
      encryption.destroy();
      throw new IllegalStateException("the entropy source repeated a key pair");
    }
    LeafNode unsigned =
        new LeafNode(
            encryption.publicKey(),
            signatureKeyPair.publicKey(),
            credential,
            capabilities(),
            LeafNodeSource.KEY_PACKAGE,
            Optional.of(validity),
            Optional.empty(),
            leafExtensions,
            Bytes.EMPTY);
    LeafNode leaf = KeyPackageSigning.signLeaf(crypto, signatureKeyPair.privateKey(), unsigned);
    KeyPackage keyPackage =
        KeyPackageSigning.sign(
            crypto,
            signatureKeyPair.privateKey(),
            new KeyPackage(
                ProtocolVersion.MLS10.code,
                suite.id(),
                init.publicKey(),
                leaf,
                keyPackageExtensions,
                Bytes.EMPTY));
    return new KeyPackageBundle(
        keyPackage,
        KeyPackageRef.of(suite, keyPackage),
        init.privateKey(),
        encryption.privateKey());
  }

  private Capabilities capabilities() {
    Set<Integer> extensions = new LinkedHashSet<>();
    for (Extension extension : leafExtensions) {
      extensions.add(extension.type());
    }
    for (Extension extension : keyPackageExtensions) {
      extensions.add(extension.type());
    }
    extensions.removeIf(DefaultTypes::isDefaultExtension);
    extensions.addAll(additional.extensions());
    return new Capabilities(
        union(List.of(ProtocolVersion.MLS10.code), additional.versions()),
        union(List.of(suite.id()), additional.cipherSuites()),
        List.copyOf(extensions),
        union(supportSelfRemove ? List.of(SelfRemove.TYPE) : List.of(), additional.proposals()),
        union(List.of(credential.type().code), additional.credentials()));
  }

  private static List<Integer> union(List<Integer> required, List<Integer> more) {
    Set<Integer> values = new LinkedHashSet<>(required);
    values.addAll(more);
    return List.copyOf(values);
  }

  private static void requireDistinctTypes(List<Extension> extensions, String where) {
    Set<Integer> seen = new LinkedHashSet<>();
    for (Extension extension : extensions) {
      if (!seen.add(extension.type())) {
        throw new IllegalArgumentException(where + " extensions repeat type " + extension.type());
      }
    }
  }
}
