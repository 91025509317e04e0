package org.mlsmesh.node.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.node.internal.files.OwnerOnly;

/**
 * Checks a database path before SQLite sees it, so that the common mistakes get a precise message
 * instead of SQLite's "unable to open database file".
 */
final class SqliteFiles {
  private SqliteFiles() {}

  static void checkUsable(Path file) {
    if (file.toString().indexOf('?') >= 0) {
      throw unavailable(file, "contains '?', which the SQLite JDBC URL would take for parameters");
    }
    Path directory = file.getParent();
    if (directory != null && Files.exists(directory) && !Files.isDirectory(directory)) {
      throw unavailable(file, directory + " is a file, not a directory");
    }
    if (directory == null || !Files.isDirectory(directory)) {
      throw unavailable(file, "directory " + directory + " does not exist");
    }
    if (!Files.isWritable(directory)) {
      throw unavailable(
          file, "directory " + directory + " is not writable (SQLite keeps its WAL file there)");
    }
    if (!Files.exists(file)) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw unavailable(file, "is a directory, not a database file");
    }
    if (!Files.isRegularFile(file)) {
      throw unavailable(file, "is not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw unavailable(file, "is not readable");
    }
    if (!Files.isWritable(file) || !ownerMayWrite(file)) {
      throw unavailable(file, "is read-only; a node must be able to write its database");
    }
  }

  /**
   * Makes a new database file owner-only before SQLite creates it (SQLite gives its -wal and -shm
   * files the database's mode), and refuses an existing one, or its -wal or -shm, that lets the
   * group or others in: it holds private keys and group secrets.
   */
  static void requireOwnerOnly(Path file) {
    try {
      if (!Files.exists(file)) {
        OwnerOnly.createFile(file);
      }
      for (String suffix : List.of("", "-wal", "-shm")) {
        Path part = file.resolveSibling(file.getFileName() + suffix);
        if (Files.exists(part)) {
          Optional<String> problem = OwnerOnly.problem(part, "private keys and group secrets");
          if (problem.isPresent()) {
            throw unavailable(part, problem.get());
          }
        }
      }
    } catch (IOException e) {
      throw unavailable(file, "cannot make it owner-only: " + e.getMessage());
    }
  }

  /** False if the file's POSIX permissions deny its owner writing (even when root may write). */
  private static boolean ownerMayWrite(Path file) {
    if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
      return true;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      return permissions.contains(PosixFilePermission.OWNER_WRITE);
    } catch (IOException e) {
      throw new StorageException(
          StorageException.Kind.UNAVAILABLE,
          file + ": cannot read its permissions: " + e.getMessage(),
          e);
    }
  }

  private static StorageException unavailable(Path file, String what) {
    return new StorageException(StorageException.Kind.UNAVAILABLE, file + ": " + what);
  }
}
