package org.mlsmesh.node.internal.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlsmesh.node.TestJvm;

class OwnerOnlyTest {
  @TempDir Path dir;

  @Test
  void secretsAreOwnerOnlyUnderAUmaskThatOpensEverything() throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 000; exec \"$@\"", "sh"));
    command.addAll(TestJvm.command(OwnerOnlyChild.class, dir.toString()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), UTF_8);
    assertThat(child.waitFor()).as(out).isZero();

    assertThat(out.lines())
        .startsWith(
            "plain rw-rw-rw-", // what the umask gives a file nobody restricts
            "keys rwx------",
            "keys/identity.key rw-------",
            "node.db rw-------",
            "node.db-wal rw-------")
        .allMatch(line -> line.startsWith("plain ") || line.matches("\\S+ rw[x-]------"));
  }

  @Test
  void aFileOpenToOthersIsAProblemNamingTheFix() throws Exception {
    Path file = Files.createFile(dir.resolve("f"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(OwnerOnly.problem(file, "secrets"))
        .hasValue(
            "open to its group or others (rw-r--r--) but it holds secrets; make it owner-only:"
                + " chmod 600 "
                + file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(OwnerOnly.problem(file, "secrets")).isEmpty();
  }

  @Test
  void aFolderOpenToItsGroupNamesChmod700() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("d"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x---"));
    assertThat(OwnerOnly.problem(folder, "keys")).get().asString().endsWith("chmod 700 " + folder);
  }

  @Test
  void createDirectoriesMakesEveryMissingLevelOwnerOnly() throws Exception {
    Path deep = dir.resolve("a/b/c");
    OwnerOnly.createDirectories(deep);
    for (Path level : List.of(dir.resolve("a"), dir.resolve("a/b"), deep)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(level)))
          .as(level.toString())
          .isEqualTo("rwx------");
    }
    OwnerOnly.createDirectories(deep); // exists: nothing to do
  }
}
