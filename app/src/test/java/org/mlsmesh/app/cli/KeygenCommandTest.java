package org.mlsmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.app.cli.ConformanceCommandTest.Run;
import org.mlsmesh.node.identity.IdentityFile;
import org.mlsmesh.node.identity.NodeKeys;
import org.mlsmesh.protocol.crypto.CipherSuite;

class KeygenCommandTest {
  @Test
  void writesAnOwnerOnlyIdentityAndPrintsItsPeerId(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("id.key");
    Run run = ConformanceCommandTest.run("keygen", "--out", file.toString(), "--suite", "2");
    assertThat(run.exitCode()).as(run.err()).isZero();
    NodeKeys keys = IdentityFile.read(file);
    assertThat(run.out().strip()).isEqualTo(HexFormat.of().formatHex(keys.peerId().toByteArray()));
    assertThat(keys.suite()).isEqualTo(CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void refusesToOverwriteWithoutForce(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("id.key");
    Run first = ConformanceCommandTest.run("keygen", "--out", file.toString());
    assertThat(first.exitCode()).isZero();
    byte[] before = Files.readAllBytes(file);

    Run again = ConformanceCommandTest.run("keygen", "--out", file.toString());
    assertThat(again.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(again.err()).contains(file.toString()).contains("--force");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);

    Run forced = ConformanceCommandTest.run("keygen", "--out", file.toString(), "--force");
    assertThat(forced.exitCode()).isZero();
    assertThat(forced.out().strip()).isNotEqualTo(first.out().strip());
    assertThat(IdentityFile.read(file).peerId().toString())
        .isEqualTo(forced.out().strip().substring(0, 16));
  }

  @Test
  void anOutUnderARegularFileSaysTheParentIsAFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Run run =
        ConformanceCommandTest.run("keygen", "--out", file.resolve("identity.key").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains(file + " is a file, not a directory")
        .doesNotContain("--force")
        .hasLineCount(1);
  }

  @Test
  void anOutThatIsADirectoryIsRefusedEvenWithForce(@TempDir Path dir) {
    Run run = ConformanceCommandTest.run("keygen", "--out", dir.toString(), "--force");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(dir + " is a directory, not a file");
    assertThat(dir).isDirectory();
  }

  @Test
  void unknownSuiteIsBadInput(@TempDir Path dir) {
    Run run =
        ConformanceCommandTest.run("keygen", "--out", dir.resolve("x").toString(), "--suite", "9");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("unknown cipher suite 9");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void helpDescribesTheOptions() {
    Run run = ConformanceCommandTest.run("keygen", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--out").contains("--suite").contains("--force");
  }
}
