package org.mlsmesh.simulations;

import java.util.Arrays;
import java.util.Optional;

/**
 * The simulator's agenda: events ordered by virtual time, then by the order they were scheduled (a
 * sequence number), so that a run never depends on the heap's tie-breaking.
 *
 * <p>A binary heap over parallel arrays: a run schedules millions of events, and an entry object
 * per event is most of the cost of a {@link java.util.PriorityQueue}.
 */
public final class EventQueue<E> {
  private long[] times = new long[1024];
  private long[] sequences = new long[1024];
  private Object[] events = new Object[1024];
  private int size;
  private long nextSequence;
  private long polledAt;

  /** Schedules {@code event} at virtual time {@code atMillis}. */
  public void schedule(long atMillis, E event) {
    if (atMillis < 0) {
      throw new IllegalArgumentException("negative virtual time " + atMillis);
    }
    if (size == times.length) {
      int capacity = size * 2;
      times = Arrays.copyOf(times, capacity);
      sequences = Arrays.copyOf(sequences, capacity);
      events = Arrays.copyOf(events, capacity);
    }
    long sequence = nextSequence++;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(atMillis, sequence, times[parent], sequences[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    times[i] = atMillis;
    sequences[i] = sequence;
    events[i] = event;
  }

  private static boolean before(long t1, long s1, long t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    sequences[to] = sequences[from];
    events[to] = events[from];
  }

  /** Removes and returns the earliest event, or empty when the agenda is empty. */
  public Optional<Entry<E>> poll() {
    if (size == 0) {
      return Optional.empty();
    }
    long at = times[0];
    long sequence = sequences[0];
    E event = pollEvent();
    return Optional.of(new Entry<>(at, sequence, event));
  }

  /**
   * Removes and returns the earliest event without allocating, or null when the agenda is empty;
   * {@link #polledAtMillis()} then tells its time.
   */
  @SuppressWarnings("unchecked")
  public E pollEvent() {
    if (size == 0) {
      return null;
    }
    polledAt = times[0];
    E top = (E) events[0];
    int last = --size;
    long t = times[last];
    long s = sequences[last];
    Object e = events[last];
    events[last] = null;
    int i = 0;
    int half = last >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < last && before(times[right], sequences[right], times[child], sequences[child])) {
        child = right;
      }
      if (!before(times[child], sequences[child], t, s)) {
        break;
      }
      move(child, i);
      i = child;
    }
    if (last > 0) {
      times[i] = t;
      sequences[i] = s;
      events[i] = e;
    }
    return top;
  }

  /** The virtual time of the event last returned by {@link #pollEvent()}. */
  public long polledAtMillis() {
    return polledAt;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** An event due at {@code atMillis}, the {@code sequence}-th one scheduled. */
  public record Entry<E>(long atMillis, long sequence, E event) {}
}
