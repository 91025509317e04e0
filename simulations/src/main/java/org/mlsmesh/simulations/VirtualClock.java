package org.mlsmesh.simulations;

import java.util.Optional;

/** Virtual time driven by an {@link EventQueue}: time jumps to each event as it is run. */
public final class VirtualClock<E> {
  private final EventQueue<E> queue = new EventQueue<>();
  private long nowMillis;

  public long nowMillis() {
    return nowMillis;
  }

  /** Schedules {@code event} {@code delayMillis} from now. */
  public void schedule(long delayMillis, E event) {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("negative delay " + delayMillis);
    }
    queue.schedule(Math.addExact(nowMillis, delayMillis), event);
  }

  /** Advances to the next event and returns it, or empty when nothing is left to run. */
  public Optional<E> advance() {
    return queue
        .poll()
        .map(
            entry -> {
              nowMillis = entry.atMillis();
              return entry.event();
            });
  }

  /**
   * Advances to the next event and returns it, or null when nothing is left to run; the same as
   * {@link #advance()} without allocating.
   */
  public E next() {
    E event = queue.pollEvent();
    if (event != null) {
      nowMillis = queue.polledAtMillis();
    }
    return event;
  }

  public int pending() {
    return queue.size();
  }
}
