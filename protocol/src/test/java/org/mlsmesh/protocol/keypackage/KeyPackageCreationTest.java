package org.mlsmesh.protocol.keypackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mlsmesh.protocol.keypackage.KeyPackageFixture.NOW;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.Lifetime;

/** Creating KeyPackages, their references, and the round trip through the validator. */
class KeyPackageCreationTest {
  private static final CipherSuite SUITE_1 =
      CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void createEncodeDecodeValidate(CipherSuite suite) throws Exception {
    KeyPackageFixture fixture = KeyPackageFixture.of(suite);
    KeyPackageBundle bundle = fixture.create();
    KeyPackage created = bundle.keyPackage();

    KeyPackage decoded = TlsReader.decodeAll(created.encoded(), KeyPackage::decode);
    assertThat(decoded).isEqualTo(created);
    VerifiedKeyPackage verified = KeyPackageFixture.validator().verify(decoded, suite, NOW);

    assertThat(verified.keyPackage()).isEqualTo(created);
    assertThat(verified.suite()).isEqualTo(suite);
    assertThat(verified.ref()).isEqualTo(bundle.ref());
    assertThat(verified.isLastResort()).isFalse();
    assertThat(created.version()).isEqualTo(1);
    assertThat(created.cipherSuite()).isEqualTo(suite.id());
    assertThat(created.initKey()).isNotEqualTo(created.leafNode().encryptionKey());
    assertThat(created.leafNode().source()).isEqualTo(LeafNodeSource.KEY_PACKAGE);
    assertThat(created.leafNode().signatureKey()).isEqualTo(fixture.signer.publicKey());
    assertThat(created.leafNode().lifetime())
        .contains(new Lifetime(NOW / 1000, NOW / 1000 + Duration.ofDays(30).toSeconds()));
    assertThat(created.leafNode().capabilities())
        .isEqualTo(
            new Capabilities(
                List.of(1), List.of(suite.id()), List.of(), List.of(0x000a), List.of(1)));

    CryptoProvider crypto = suite.crypto();
    assertThat(crypto.hpkePublicKey(bundle.initPrivateKey())).isEqualTo(created.initKey());
    assertThat(crypto.hpkePublicKey(bundle.encryptionPrivateKey()))
        .isEqualTo(created.leafNode().encryptionKey());
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void refIsRefHashOfTheEncoding(CipherSuite suite) throws NoSuchAlgorithmException {
    KeyPackage keyPackage = KeyPackageFixture.of(suite).create().keyPackage();
    Bytes input =
        new TlsWriter()
            .vlBytes(
                Bytes.of(
                    "MLS 1.0 KeyPackage Reference"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
            .vlBytes(keyPackage.encoded())
            .toBytes();
    Bytes expected =
        Bytes.of(MessageDigest.getInstance(hashName(suite)).digest(input.toByteArray()));

    assertThat(KeyPackageRef.of(suite, keyPackage).value()).isEqualTo(expected);
    assertThat(expected.length()).isEqualTo(suite.hashLength());
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void refChangesWhenAnyByteChanges(CipherSuite suite) {
    KeyPackage keyPackage = KeyPackageFixture.of(suite).create().keyPackage();
    byte[] encoded = keyPackage.encoded().toByteArray();
    KeyPackageRef original = KeyPackageRef.ofEncoded(suite, Bytes.of(encoded));
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] ^= 0x01;
      assertThat(KeyPackageRef.ofEncoded(suite, Bytes.of(encoded)))
          .as("byte %d", i)
          .isNotEqualTo(original);
      encoded[i] ^= 0x01;
    }
    assertThat(KeyPackageRef.ofEncoded(suite, Bytes.of(encoded))).isEqualTo(original);
  }

  @Test
  void creationIsDeterministicGivenTheEntropySource() {
    Bytes first = KeyPackageFixture.of(SUITE_1, 7).create().keyPackage().encoded();
    Bytes again = KeyPackageFixture.of(SUITE_1, 7).create().keyPackage().encoded();
    Bytes other = KeyPackageFixture.of(SUITE_1, 8).create().keyPackage().encoded();
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void lastResortKeyPackages(CipherSuite suite) throws Exception {
    KeyPackageFixture fixture = KeyPackageFixture.of(suite);
    KeyPackage lastResort = fixture.builder().lastResort().build(fixture.random).keyPackage();
    KeyPackage ordinary = fixture.create().keyPackage();

    assertThat(LastResort.isLastResort(lastResort)).isTrue();
    assertThat(LastResort.isLastResort(ordinary)).isFalse();
    assertThat(lastResort.extensions()).containsExactly(new Extension(0x000a, Bytes.EMPTY));
    assertThat(lastResort.leafNode().capabilities().extensions()).containsExactly(0x000a);
    assertThat(KeyPackageFixture.validator().verify(lastResort, suite, NOW).isLastResort())
        .isTrue();
  }

  @Test
  void capabilitiesListNonDefaultExtensionsAndAdditions() throws Exception {
    KeyPackageFixture fixture = KeyPackageFixture.of(SUITE_1);
    Capabilities more =
        new Capabilities(
            List.of(), List.of(2, 0x0a0a), List.of(0xf0f0), List.of(0xf100), List.of(2));
    KeyPackage keyPackage =
        fixture
            .builder()
            .leafExtensions(
                List.of(
                    new Extension(Extension.APPLICATION_ID, Bytes.fromHex("01")),
                    new Extension(0xf001, Bytes.EMPTY)))
            .keyPackageExtensions(List.of(new Extension(0xf002, Bytes.fromHex("ff"))))
            .additionalCapabilities(more)
            .lastResort()
            .build(fixture.random)
            .keyPackage();

    assertThat(keyPackage.leafNode().capabilities())
        .isEqualTo(
            new Capabilities(
                List.of(1),
                List.of(1, 2, 0x0a0a),
                List.of(0xf001, 0xf002, 0x000a, 0xf0f0),
                List.of(0x000a, 0xf100),
                List.of(1, 2)));
    assertThat(KeyPackageFixture.validator().verify(keyPackage, SUITE_1, NOW).isLastResort())
        .isTrue();
  }

  @Test
  void unknownKeyPackageExtensionsAreIgnored() throws Exception {
    KeyPackageFixture fixture = KeyPackageFixture.of(SUITE_1);
    KeyPackageEditor editor = KeyPackageEditor.of(fixture.create().keyPackage());
    editor.extensions = List.of(new Extension(0x1a1a, Bytes.fromHex("0123"))); // GREASE, not listed
    KeyPackage greased = editor.resign(fixture);
    assertThat(KeyPackageFixture.validator().verify(greased, SUITE_1, NOW).keyPackage())
        .isEqualTo(greased);
  }

  @Test
  void builderRefusesInconsistentInput() {
    KeyPackageFixture fixture = KeyPackageFixture.of(SUITE_1);
    assertThatThrownBy(
            () ->
                KeyPackageBuilder.create(
                        SUITE_1,
                        fixture.signer,
                        new org.mlsmesh.protocol.credential.BasicCredential(Bytes.fromHex("01")))
                    .build(fixture.random))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lifetime");
    Extension twice = new Extension(0xf001, Bytes.EMPTY);
    assertThatThrownBy(
            () -> fixture.builder().leafExtensions(List.of(twice, twice)).build(fixture.random))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                fixture
                    .builder()
                    .additionalCapabilities(
                        new Capabilities(
                            List.of(),
                            List.of(),
                            List.of(Extension.RATCHET_TREE),
                            List.of(),
                            List.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                fixture
                    .builder()
                    .additionalCapabilities(
                        new Capabilities(List.of(), List.of(), List.of(), List.of(3), List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bundleNeverPrintsItsPrivateKeys() {
    KeyPackageBundle bundle = KeyPackageFixture.of(SUITE_1).create();
    String printed = bundle.toString();
    String initHex = bundle.initPrivateKey().insecureAsBytes().toHex();
    String encryptionHex = bundle.encryptionPrivateKey().insecureAsBytes().toHex();

    assertThat(printed).contains("redacted").contains(bundle.ref().value().toHex());
    assertThat(printed).doesNotContain(initHex).doesNotContain(encryptionHex);
    assertThat(bundle.initPrivateKey().toString()).doesNotContain(initHex);

    bundle.destroy();
    assertThat(bundle.isDestroyed()).isTrue();
    assertThatThrownBy(() -> bundle.initPrivateKey().exposeBytes())
        .isInstanceOf(IllegalStateException.class);
    assertThat(bundle.keyPackage().initKey()).isNotNull(); // the public part stays usable
  }

  private static String hashName(CipherSuite suite) {
    return switch (suite.kdf()) {
      case HKDF_SHA256 -> "SHA-256";
      case HKDF_SHA384 -> "SHA-384";
      case HKDF_SHA512 -> "SHA-512";
    };
  }
}
