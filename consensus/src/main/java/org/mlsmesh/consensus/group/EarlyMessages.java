package org.mlsmesh.consensus.group;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.mlsmesh.consensus.EpochId;

/**
 * Application messages of epochs not known yet (their Commit is still on its way), kept until a
 * Commit brings their epoch, at most {@code capacity}: the oldest goes first.
 */
final class EarlyMessages {
  private record Early(EpochId epoch, GroupFrame.Application message) {}

  private final int capacity;
  private final Deque<Early> queue = new ArrayDeque<>();

  EarlyMessages(int capacity) {
    this.capacity = capacity;
  }

  /** Keeps {@code message} of {@code epoch}; true when that pushed out the oldest one. */
  boolean add(EpochId epoch, GroupFrame.Application message) {
    queue.addLast(new Early(epoch, message));
    if (queue.size() > capacity) {
      queue.removeFirst();
      return true;
    }
    return false;
  }

  /** Takes the messages whose epoch is {@code ready}, oldest first. */
  List<GroupFrame.Application> takeReady(Predicate<EpochId> ready) {
    List<GroupFrame.Application> out = new ArrayList<>();
    queue.removeIf(
        e -> {
          if (ready.test(e.epoch())) {
            out.add(e.message());
            return true;
          }
          return false;
        });
    return out;
  }

  int size() {
    return queue.size();
  }
}
