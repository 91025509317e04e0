package org.mlsmesh.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why a file could not be created or replaced at a path, found before trying, so that the message
 * names the real obstacle (a parent that is a file, a folder that is not writable) instead of the
 * exception the file system happens to throw.
 */
final class FileLocation {
  private FileLocation() {}

  /**
   * What stands in the way of writing {@code file} (creating its missing folders), or empty when
   * nothing visible does.
   */
  static Optional<String> problem(Path file) {
    Path absolute = file.toAbsolutePath();
    if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
      return Optional.of(
          absolute
              + (Files.isDirectory(absolute) ? " is a directory" : " is not a regular file")
              + ", not a file");
    }
    for (Path ancestor = absolute.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
      if (!Files.exists(ancestor)) {
        continue;
      }
      if (!Files.isDirectory(ancestor)) {
        return Optional.of(ancestor + " is a file, not a directory");
      }
      if (!Files.isWritable(ancestor)) {
        return Optional.of("directory " + ancestor + " is not writable");
      }
      return Optional.empty();
    }
    return Optional.empty();
  }
}
