package org.mlsmesh.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.SeededEntropySource;

class IdentityFileTest {
  private static NodeKeys keys(CipherSuite suite) {
    return NodeKeys.generate(suite, new SeededEntropySource(7));
  }

  @Test
  void anIdentityFileOpenToOthersIsRefusedNamingTheFix(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("id");
    IdentityFile.write(file, keys(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519), false);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    assertThatThrownBy(() -> IdentityFile.read(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessage(
            file
                + ": open to its group or others (rw-r-----) but it holds private keys; make it"
                + " owner-only: chmod 600 "
                + file);
  }

  @Test
  void roundTripsEverySuite(@TempDir Path dir) throws Exception {
    for (CipherSuite suite : CipherSuite.values()) {
      Path file = dir.resolve("id-" + suite.id());
      NodeKeys written = keys(suite);
      IdentityFile.write(file, written, false);
      NodeKeys read = IdentityFile.read(file);
      assertThat(read.peerId()).isEqualTo(written.peerId());
      assertThat(read.suite()).isEqualTo(suite);
      assertThat(read.mlsSignatureKey().publicKey())
          .isEqualTo(written.mlsSignatureKey().publicKey());
      assertThat(read.toString())
          .doesNotContain(written.gossipKey().privateKey().insecureAsBytes().toHex());
    }
  }

  @Test
  void theLinkIdentityHasThePeerId(@TempDir Path dir) {
    NodeKeys keys = keys(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519);
    assertThat(keys.linkIdentity(new SecureRandom()).peerId()).isEqualTo(keys.peerId());
  }

  @Test
  void anEditedPeerIdIsDetected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("id");
    IdentityFile.write(file, keys(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519), false);
    String text = Files.readString(file).replaceFirst("peer-id=..", "peer-id=00");
    Files.writeString(file, text);
    assertThatThrownBy(() -> IdentityFile.read(file))
        .isInstanceOf(IdentityFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not match");
  }

  @Test
  void malformedFilesNameTheProblem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("id");
    IdentityFile.write(file, keys(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519), false);
    String good = Files.readString(file);

    Files.writeString(file, good.replace("suite=1", "suite=99"));
    assertThatThrownBy(() -> IdentityFile.read(file))
        .hasMessageContaining("unknown cipher suite 99");

    Files.writeString(file, good + "colour=blue\n");
    assertThatThrownBy(() -> IdentityFile.read(file))
        .hasMessageContaining("unknown entry 'colour'");

    Files.writeString(file, good.replaceFirst("gossip-key=", "gossip-key=!!"));
    assertThatThrownBy(() -> IdentityFile.read(file))
        .hasMessageContaining("gossip-key is not base64");

    Files.writeString(
        file, good.replaceFirst("mls-signature-key=[^\n]*", "mls-signature-key=AAAA"));
    assertThatThrownBy(() -> IdentityFile.read(file)).hasMessageContaining("not a valid key");

    Files.writeString(file, good.replaceFirst("version=1\n", ""));
    assertThatThrownBy(() -> IdentityFile.read(file)).hasMessageContaining("missing version");

    assertThatThrownBy(() -> IdentityFile.read(dir.resolve("absent")))
        .hasMessageContaining("mlsmesh keygen");
  }

  @Test
  void createIfMissingCreatesAnOwnerOnlyIdentityOnceAndLeavesItThen(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("new/folder/identity.key");
    CipherSuite suite = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256;
    assertThat(IdentityFile.createIfMissing(file, suite)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    NodeKeys created = IdentityFile.read(file);
    assertThat(created.suite()).isEqualTo(suite);
    byte[] before = Files.readAllBytes(file);

    assertThat(IdentityFile.createIfMissing(file, suite)).isFalse();
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(IdentityFile.read(file).peerId()).isEqualTo(created.peerId());
  }

  @Test
  void createIfMissingNamesTheFileItCannotCreate(@TempDir Path dir) throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("plain"), "x");
    Path file = notAFolder.resolve("identity.key");
    assertThatThrownBy(
            () ->
                IdentityFile.createIfMissing(
                    file, CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519))
        .isInstanceOf(IdentityFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("cannot create the identity");
  }
}
