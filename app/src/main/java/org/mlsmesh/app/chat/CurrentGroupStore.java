package org.mlsmesh.app.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.mlsmesh.node.GroupId;

/** Where the chat keeps its current group across restarts. */
public interface CurrentGroupStore {
  /** The current group when the chat last stopped, if any. */
  Optional<GroupId> load();

  /** Remembers {@code group} as the current group (empty: none). */
  void save(Optional<GroupId> group);

  /** Keeps it in memory only: a new chat starts with none. */
  static CurrentGroupStore inMemory() {
    AtomicReference<Optional<GroupId>> current = new AtomicReference<>(Optional.empty());
    return new CurrentGroupStore() {
      @Override
      public Optional<GroupId> load() {
        return current.get();
      }

      @Override
      public void save(Optional<GroupId> group) {
        current.set(group);
      }
    };
  }

  /**
   * Keeps it in {@code file}, the group id in hex (an empty file: none). A missing or unreadable
   * file is no current group; a failed write is an {@link UncheckedIOException}.
   */
  static CurrentGroupStore file(Path file) {
    return new CurrentGroupStore() {
      @Override
      public Optional<GroupId> load() {
        try {
          String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
          return hex.isEmpty() ? Optional.empty() : Optional.of(GroupId.fromHex(hex));
        } catch (IOException | IllegalArgumentException e) {
          return Optional.empty(); // missing or damaged: the next save overwrites it
        }
      }

      @Override
      public void save(Optional<GroupId> group) {
        try {
          Files.writeString(
              file, group.map(GroupId::toHex).orElse("") + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
