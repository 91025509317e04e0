package org.mlsmesh.protocol.keypackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlsmesh.protocol.keypackage.KeyPackageFixture.NOW;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlsmesh.protocol.Covers;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.credential.BasicCredentialValidator;
import org.mlsmesh.protocol.credential.CredentialValidator;
import org.mlsmesh.protocol.credential.X509Credential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.Lifetime;

/** Each rule of RFC 9420 §10.1 rejects a KeyPackage that breaks it. */
class KeyPackageValidatorTest {
  private static final CipherSuite SUITE_1 =
      CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final CipherSuite SUITE_2 = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256;

  private final KeyPackageFixture fixture = KeyPackageFixture.of(SUITE_1);

  private static AbstractThrowableAssert<?, ?> assertRejected(
      KeyPackage keyPackage, CipherSuite suite, long nowMillis, ValidationCode code) {
    return assertThatThrownBy(
            () -> KeyPackageFixture.validator().verify(keyPackage, suite, nowMillis))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private static AbstractThrowableAssert<?, ?> assertRejected(
      KeyPackage keyPackage, CipherSuite suite, ValidationCode code) {
    return assertRejected(keyPackage, suite, NOW, code);
  }

  private KeyPackageEditor edit() {
    return KeyPackageEditor.of(fixture.create().keyPackage());
  }

  @Test
  @Covers(ValidationCode.KEY_PACKAGE_VERSION_UNSUPPORTED)
  void versionOtherThanMls10() {
    KeyPackageEditor editor = edit();
    editor.version = 2;
    editor.capabilities =
        new Capabilities(List.of(1, 2), List.of(1), List.of(), List.of(), List.of(1));
    assertRejected(editor.resign(fixture), SUITE_1, ValidationCode.KEY_PACKAGE_VERSION_UNSUPPORTED);
    editor.version = 0;
    assertRejected(editor.resign(fixture), SUITE_1, ValidationCode.KEY_PACKAGE_VERSION_UNSUPPORTED);
  }

  @Test
  @Covers(ValidationCode.KEY_PACKAGE_CIPHER_SUITE_MISMATCH)
  void cipherSuiteOtherThanTheGroups() {
    KeyPackage keyPackage = fixture.create().keyPackage();
    assertRejected(
            keyPackage,
            CipherSuite.MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519,
            ValidationCode.KEY_PACKAGE_CIPHER_SUITE_MISMATCH)
        .hasMessageContaining("0x0001");
    KeyPackageEditor editor = KeyPackageEditor.of(keyPackage);
    editor.cipherSuite = 0x0003; // claims suite 3, checked against a suite-1 group
    assertRejected(
        editor.resign(fixture), SUITE_1, ValidationCode.KEY_PACKAGE_CIPHER_SUITE_MISMATCH);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  @Covers(ValidationCode.KEY_PACKAGE_SIGNATURE_INVALID)
  void keyPackageSignatureMustVerify(CipherSuite suite) {
    KeyPackageFixture f = KeyPackageFixture.of(suite);
    KeyPackageEditor editor = KeyPackageEditor.of(f.create().keyPackage());
    byte[] signature = editor.signature.toByteArray();
    signature[signature.length / 2] ^= 0x40;
    editor.signature = Bytes.wrap(signature);
    assertRejected(editor.keepSignatures(), suite, ValidationCode.KEY_PACKAGE_SIGNATURE_INVALID);

    KeyPackageEditor changed = KeyPackageEditor.of(f.create().keyPackage());
    changed.extensions = List.of(new Extension(0xf0f0, Bytes.EMPTY)); // signed over without it
    assertRejected(changed.keepSignatures(), suite, ValidationCode.KEY_PACKAGE_SIGNATURE_INVALID);

    KeyPackageEditor otherSigner = KeyPackageEditor.of(f.create().keyPackage());
    KeyPackage byOther =
        otherSigner.resign(suite, KeyPackageFixture.of(suite, 99).signer.privateKey());
    assertRejected(byOther, suite, ValidationCode.KEY_PACKAGE_SIGNATURE_INVALID);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  @Covers(ValidationCode.KEY_PACKAGE_LEAF_SIGNATURE_INVALID)
  void leafSignatureMustVerify(CipherSuite suite) {
    KeyPackageFixture f = KeyPackageFixture.of(suite);
    KeyPackageEditor editor = KeyPackageEditor.of(f.create().keyPackage());
    editor.leafExtensions = List.of(new Extension(Extension.APPLICATION_ID, Bytes.fromHex("aa")));
    // The KeyPackage signature is fresh, the leaf's covers the old extensions.
    KeyPackage keyPackage =
        KeyPackageSigning.sign(suite.crypto(), f.signer.privateKey(), editor.keepSignatures());
    assertRejected(keyPackage, suite, ValidationCode.KEY_PACKAGE_LEAF_SIGNATURE_INVALID);
  }

  @Test
  @Covers(ValidationCode.KEY_PACKAGE_LEAF_SOURCE_INVALID)
  void leafSourceMustBeKeyPackage() {
    for (LeafNodeSource source : List.of(LeafNodeSource.UPDATE, LeafNodeSource.COMMIT)) {
      KeyPackageEditor editor = edit();
      editor.source = source;
      editor.lifetime = Optional.empty();
      assertRejected(
              editor.keepSignatures(), SUITE_1, ValidationCode.KEY_PACKAGE_LEAF_SOURCE_INVALID)
          .hasMessageContaining(source.name());
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  @Covers({
    ValidationCode.KEY_PACKAGE_INIT_KEY_INVALID,
    ValidationCode.KEY_PACKAGE_LEAF_ENCRYPTION_KEY_INVALID
  })
  void hpkeKeysMustBeValidForTheSuite(CipherSuite suite) {
    KeyPackageFixture f = KeyPackageFixture.of(suite);
    Bytes zero = Bytes.of(new byte[suite.kem().publicKeyLength]);
    Bytes truncated = f.create().keyPackage().initKey().slice(1, suite.kem().publicKeyLength);
    for (Bytes bad : List.of(zero, truncated, Bytes.EMPTY)) {
      KeyPackageEditor init = KeyPackageEditor.of(f.create().keyPackage());
      init.initKey = bad;
      assertRejected(init.resign(f), suite, ValidationCode.KEY_PACKAGE_INIT_KEY_INVALID);
      KeyPackageEditor leaf = KeyPackageEditor.of(f.create().keyPackage());
      leaf.encryptionKey = bad;
      assertRejected(leaf.resign(f), suite, ValidationCode.KEY_PACKAGE_LEAF_ENCRYPTION_KEY_INVALID);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  @Covers(ValidationCode.KEY_PACKAGE_INIT_KEY_EQUALS_ENCRYPTION_KEY)
  void initKeyMustDifferFromEncryptionKey(CipherSuite suite) {
    KeyPackageFixture f = KeyPackageFixture.of(suite);
    KeyPackageEditor editor = KeyPackageEditor.of(f.create().keyPackage());
    editor.initKey = editor.encryptionKey;
    assertRejected(
        editor.resign(f), suite, ValidationCode.KEY_PACKAGE_INIT_KEY_EQUALS_ENCRYPTION_KEY);
  }

  @Test
  @Covers(ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT)
  void currentTimeMustBeWithinTheLifetime() throws Exception {
    KeyPackage keyPackage = fixture.create().keyPackage(); // [NOW, NOW + 30 days]
    long skew = LifetimePolicy.DEFAULT.clockSkew().toMillis();
    long end = NOW + Duration.ofDays(30).toMillis();
    KeyPackageValidator validator = KeyPackageFixture.validator();

    validator.verify(keyPackage, SUITE_1, NOW - skew); // within the tolerated skew
    validator.verify(keyPackage, SUITE_1, end + skew + 999);
    assertRejected(
            keyPackage, SUITE_1, NOW - skew - 1000, ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT)
        .hasMessageContaining("not valid before");
    assertRejected(
            keyPackage, SUITE_1, end + skew + 1000, ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT)
        .hasMessageContaining("expired");

    KeyPackageEditor reversed = KeyPackageEditor.of(keyPackage);
    reversed.lifetime = Optional.of(new Lifetime(NOW / 1000 + 10, NOW / 1000 - 10));
    assertRejected(
            reversed.resign(fixture), SUITE_1, ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT)
        .hasMessageContaining("precedes");
    KeyPackageEditor future = KeyPackageEditor.of(keyPackage);
    future.lifetime = Optional.of(new Lifetime(-2L, -1L)); // unsigned: the far future
    assertRejected(
        future.resign(fixture), SUITE_1, ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT);
  }

  @Test
  @Covers(ValidationCode.KEY_PACKAGE_LIFETIME_TOO_LONG)
  void totalLifetimeIsBounded() throws Exception {
    KeyPackage ninetyDays =
        fixture.builder().validFor(NOW, Duration.ofDays(90)).build(fixture.random).keyPackage();
    KeyPackageFixture.validator().verify(ninetyDays, SUITE_1, NOW);
    KeyPackage longer =
        fixture
            .builder()
            .validFor(NOW, Duration.ofDays(90).plusSeconds(1))
            .build(fixture.random)
            .keyPackage();
    assertRejected(longer, SUITE_1, ValidationCode.KEY_PACKAGE_LIFETIME_TOO_LONG);
    KeyPackageEditor forever = KeyPackageEditor.of(ninetyDays);
    forever.lifetime = Optional.of(new Lifetime(0, -1L)); // 2^64 - 1 seconds, unsigned
    assertRejected(forever.resign(fixture), SUITE_1, ValidationCode.KEY_PACKAGE_LIFETIME_TOO_LONG)
        .hasMessageContaining("18446744073709551615 s");
  }

  /** RFC 9420 §7.2: lifetimes are unsigned; "no expiry" (2^64 - 1) passes a policy without max. */
  @Test
  @Covers(ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT)
  void unboundedPolicyAcceptsNoExpiryButStillChecksTheCurrentTime() throws Exception {
    KeyPackageValidator anyLifetime =
        new KeyPackageValidator(
            BasicCredentialValidator.insecureAcceptingAnyIdentity(),
            LifetimePolicy.anyTotalLifetime(Duration.ofMinutes(5)));
    KeyPackageEditor forever = edit();
    forever.lifetime = Optional.of(new Lifetime(0, -1L)); // not_after = 2^64 - 1
    anyLifetime.verify(forever.resign(fixture), SUITE_1, NOW);
    KeyPackageEditor later = edit();
    later.lifetime = Optional.of(new Lifetime(Long.MIN_VALUE, -1L)); // from 2^63 s: not yet valid
    KeyPackage notYet = later.resign(fixture);
    assertThatThrownBy(() -> anyLifetime.verify(notYet, SUITE_1, NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT))
        .hasMessageContaining("not valid before 9223372036854775808");
    KeyPackageValidator anySkew =
        new KeyPackageValidator(
            BasicCredentialValidator.insecureAcceptingAnyIdentity(),
            LifetimePolicy.anyTotalLifetime(Duration.ofSeconds(Long.MAX_VALUE)));
    later.lifetime = Optional.of(new Lifetime(-2L, -1L)); // beyond even the largest skew
    KeyPackage beyond = later.resign(fixture);
    assertThatThrownBy(() -> anySkew.verify(beyond, SUITE_1, NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.KEY_PACKAGE_LIFETIME_NOT_CURRENT));
    anySkew.verify(forever.resign(fixture), SUITE_1, NOW);
  }

  @Test
  @Covers(ValidationCode.KEY_PACKAGE_CREDENTIAL_TYPE_NOT_IN_CAPABILITIES)
  void capabilitiesMustListTheLeafsOwnCredentialType() {
    KeyPackageEditor noCredential = edit();
    noCredential.capabilities =
        new Capabilities(List.of(1), List.of(1), List.of(), List.of(), List.of(2));
    assertRejected(
            noCredential.resign(fixture),
            SUITE_1,
            ValidationCode.KEY_PACKAGE_CREDENTIAL_TYPE_NOT_IN_CAPABILITIES)
        .hasMessageContaining("BASIC");
  }

  /** RFC 9420 §10.1: the KeyPackage's own version and suite match the group's, not capabilities. */
  @Test
  void capabilitiesNeedNotListTheKeyPackagesVersionOrSuite() throws Exception {
    KeyPackageEditor noVersion = edit();
    noVersion.capabilities =
        new Capabilities(List.of(0x0a0a), List.of(1), List.of(), List.of(), List.of(1));
    KeyPackageFixture.validator().verify(noVersion.resign(fixture), SUITE_1, NOW);

    KeyPackageEditor noSuite = edit();
    noSuite.capabilities =
        new Capabilities(List.of(1), List.of(2, 3), List.of(), List.of(), List.of(1));
    KeyPackageFixture.validator().verify(noSuite.resign(fixture), SUITE_1, NOW);

    KeyPackageEditor neither = edit();
    neither.capabilities = new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of(1));
    KeyPackageFixture.validator().verify(neither.resign(fixture), SUITE_1, NOW);
    // What §10.1 does compare still holds without the capabilities listing them.
    assertRejected(
        neither.resign(fixture), SUITE_2, ValidationCode.KEY_PACKAGE_CIPHER_SUITE_MISMATCH);
    neither.version = 2;
    assertRejected(
        neither.resign(fixture), SUITE_1, ValidationCode.KEY_PACKAGE_VERSION_UNSUPPORTED);
  }

  @Test
  @Covers(ValidationCode.KEY_PACKAGE_LEAF_EXTENSION_NOT_IN_CAPABILITIES)
  void nonDefaultLeafExtensionsMustBeListed() throws Exception {
    KeyPackageEditor editor = edit();
    editor.leafExtensions =
        List.of(
            new Extension(Extension.APPLICATION_ID, Bytes.fromHex("01")),
            new Extension(0xf001, Bytes.EMPTY));
    assertRejected(
            editor.resign(fixture),
            SUITE_1,
            ValidationCode.KEY_PACKAGE_LEAF_EXTENSION_NOT_IN_CAPABILITIES)
        .hasMessageContaining("0xf001");
    editor.capabilities =
        new Capabilities(List.of(1), List.of(1), List.of(0xf001), List.of(), List.of(1));
    KeyPackageFixture.validator()
        .verify(editor.resign(fixture), SUITE_1, NOW); // application_id is default
  }

  @Test
  @Covers(ValidationCode.KEY_PACKAGE_DUPLICATE_EXTENSION)
  void extensionTypesMustNotRepeat() {
    Extension extension = new Extension(0xf001, Bytes.EMPTY);
    KeyPackageEditor inKeyPackage = edit();
    inKeyPackage.extensions = List.of(extension, new Extension(0xf001, Bytes.fromHex("01")));
    assertRejected(
            inKeyPackage.resign(fixture), SUITE_1, ValidationCode.KEY_PACKAGE_DUPLICATE_EXTENSION)
        .hasMessageContaining("KeyPackage");
    KeyPackageEditor inLeaf = edit();
    inLeaf.leafExtensions = List.of(extension, extension);
    inLeaf.capabilities =
        new Capabilities(List.of(1), List.of(1), List.of(0xf001), List.of(), List.of(1));
    assertRejected(inLeaf.resign(fixture), SUITE_1, ValidationCode.KEY_PACKAGE_DUPLICATE_EXTENSION)
        .hasMessageContaining("leaf");
  }

  @Test
  @Covers(ValidationCode.KEY_PACKAGE_EXTENSION_MALFORMED)
  void lastResortCarriesNoData() {
    KeyPackageEditor editor =
        KeyPackageEditor.of(fixture.builder().lastResort().build(fixture.random).keyPackage());
    editor.extensions = List.of(new Extension(Extension.LAST_RESORT, Bytes.fromHex("00")));
    assertRejected(editor.resign(fixture), SUITE_1, ValidationCode.KEY_PACKAGE_EXTENSION_MALFORMED);
  }

  @Test
  void credentialGoesToTheAuthenticationServiceLast() throws Exception {
    List<String> calls = new ArrayList<>();
    CredentialValidator refusing =
        (suite, credential, signatureKey, nowMillis) -> {
          calls.add(suite + " " + signatureKey + " " + nowMillis);
          throw new ValidationException(ValidationCode.CREDENTIAL_REJECTED, "test");
        };
    KeyPackageValidator validator = new KeyPackageValidator(refusing, LifetimePolicy.DEFAULT);
    KeyPackage keyPackage = fixture.create().keyPackage();

    assertThatThrownBy(() -> validator.verify(keyPackage, SUITE_1, NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.CREDENTIAL_REJECTED));
    assertThat(calls).containsExactly(SUITE_1 + " " + fixture.signer.publicKey() + " " + NOW);

    KeyPackageEditor forged = KeyPackageEditor.of(keyPackage);
    forged.credential = new X509Credential(List.of(Bytes.fromHex("30")));
    assertThatThrownBy(() -> validator.verify(forged.keepSignatures(), SUITE_1, NOW))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code()).isEqualTo(ValidationCode.KEY_PACKAGE_SIGNATURE_INVALID));
    assertThat(calls).hasSize(1); // no credential work before the signatures verify
  }

  @Test
  void verifiedKeyPackagesAreValues() throws Exception {
    KeyPackage keyPackage = KeyPackageFixture.of(SUITE_2).create().keyPackage();
    VerifiedKeyPackage first = KeyPackageFixture.validator().verify(keyPackage, SUITE_2, NOW);
    VerifiedKeyPackage second = KeyPackageFixture.validator().verify(keyPackage, SUITE_2, NOW + 1);
    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(first.toString()).contains(first.ref().value().toHex());
    assertThat(first.initKey()).isEqualTo(keyPackage.initKey());
    assertThat(first.leafNode()).isEqualTo(keyPackage.leafNode());
  }
}
