package org.mlsmesh.node.internal.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files that hold secrets (the identity, the database) are readable and writable by their owner
 * only: created 0600 (folders 0700) whatever the umask, and refused when they let the group or
 * others in. On a file system without POSIX permissions nothing is checked.
 */
public final class OwnerOnly {
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.complementOf(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));

  private OwnerOnly() {}

  /** Creates {@code folder} and its missing parents, each 0700. */
  public static void createDirectories(Path folder) throws IOException {
    Path absolute = folder.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return;
    }
    Path parent = absolute.getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      Files.createDirectory(absolute, attributes(FOLDER));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(absolute)) {
        throw e;
      }
      return;
    }
    restrict(absolute, FOLDER);
  }

  /** Creates the empty file {@code file}, 0600; fails if it exists. */
  public static void createFile(Path file) throws IOException {
    Files.createFile(file, attributes(FILE));
    restrict(file, FILE);
  }

  /** Sets {@code file} to 0600 (a file just written through a temporary one, for instance). */
  public static void restrictFile(Path file) throws IOException {
    restrict(file, FILE);
  }

  /**
   * What is wrong with the permissions of {@code path} (a file or folder holding {@code what}), as
   * a sentence naming the fix (without the path in front); empty when only its owner has access.
   */
  public static Optional<String> problem(Path path, String what) throws IOException {
    if (!posix(path)) {
      return Optional.empty();
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
    Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
    extra.addAll(permissions);
    extra.retainAll(OTHERS);
    if (extra.isEmpty()) {
      return Optional.empty();
    }
    boolean folder = Files.isDirectory(path);
    return Optional.of(
        "open to its group or others ("
            + PosixFilePermissions.toString(permissions)
            + ") but it holds "
            + what
            + "; make it owner-only: chmod "
            + (folder ? "700 " : "600 ")
            + path);
  }

  private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
    if (posix(path)) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  private static boolean posix(Path path) {
    return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
  }

  private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
    try {
      return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    } catch (UnsupportedOperationException e) {
      return new FileAttribute<?>[0];
    }
  }
}
