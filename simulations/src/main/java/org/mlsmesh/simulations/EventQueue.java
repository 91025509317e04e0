package org.mlsmesh.simulations;

import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The simulator's agenda: events ordered by virtual time, then by the order they were scheduled (a
 * sequence number), so that a run never depends on the heap's tie-breaking.
 */
public final class EventQueue<E> {
  private final PriorityQueue<Entry<E>> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.atMillis != b.atMillis
                  ? Long.compare(a.atMillis, b.atMillis)
                  : Long.compare(a.sequence, b.sequence));
  private long nextSequence;

  /** Schedules {@code event} at virtual time {@code atMillis}. */
  public void schedule(long atMillis, E event) {
    if (atMillis < 0) {
      throw new IllegalArgumentException("negative virtual time " + atMillis);
    }
    queue.add(new Entry<>(atMillis, nextSequence++, event));
  }

  /** Removes and returns the earliest event, or empty when the agenda is empty. */
  public Optional<Entry<E>> poll() {
    return Optional.ofNullable(queue.poll());
  }

  public int size() {
    return queue.size();
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  /** An event due at {@code atMillis}, the {@code sequence}-th one scheduled. */
  public record Entry<E>(long atMillis, long sequence, E event) {}
}
