package org.mlsmesh.consensus.group;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.mlsmesh.consensus.EpochId;

/**
 * Application messages and proposals of epochs not known yet, or not the head yet (their Commit is
 * still on its way: gossip does not keep the order of publication), kept until a Commit brings
 * their epoch, at most {@code capacity}: the oldest goes first.
 */
final class EarlyMessages {
  private record Early(EpochId epoch, GroupFrame.Mls message) {}

  private final int capacity;
  private final Deque<Early> queue = new ArrayDeque<>();

  EarlyMessages(int capacity) {
    this.capacity = capacity;
  }

  /** Keeps {@code message} of {@code epoch}; true when that pushed out the oldest one. */
  boolean add(EpochId epoch, GroupFrame.Mls message) {
    queue.addLast(new Early(epoch, message));
    if (queue.size() > capacity) {
      queue.removeFirst();
      return true;
    }
    return false;
  }

  /** Takes the messages {@code ready} for their epoch, oldest first. */
  List<GroupFrame.Mls> takeReady(Predicate<GroupFrame.Mls> ready) {
    List<GroupFrame.Mls> out = new ArrayList<>();
    queue.removeIf(
        e -> {
          if (ready.test(e.message())) {
            out.add(e.message());
            return true;
          }
          return false;
        });
    return out;
  }
}
