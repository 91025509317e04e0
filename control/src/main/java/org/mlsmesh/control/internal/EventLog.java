package org.mlsmesh.control.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.node.MlsNodeListener;

/**
 * The node's recent events with consecutive sequence numbers (from 1, per run), in a bounded ring,
 * and the streams that follow them. A stream resumes from any sequence number still in the ring and
 * misses nothing: its backlog and the live events reach it in order, under one lock.
 */
public final class EventLog implements MlsNodeListener {
  /** One event as the node told it. */
  public record Entry(long seq, long timeMillis, MlsNodeEvent event) {
    public Entry {
      Objects.requireNonNull(event, "event");
    }
  }

  /** Receives entries in order; returns false to be unsubscribed. */
  public interface Subscriber {
    boolean offer(Entry entry);
  }

  /** A resume the ring cannot serve, and why. */
  public static final class ResumeRefused extends Exception {
    private final boolean otherRun;

    ResumeRefused(String message, boolean otherRun) {
      super(message);
      this.otherRun = otherRun;
    }

    /** True when the client's sequence numbers belong to an earlier run of the node. */
    public boolean otherRun() {
      return otherRun;
    }
  }

  /** Bytes an event is counted for besides its payload. */
  static final int EVENT_OVERHEAD = 128;

  private final int capacity;
  private final long maxBytes;
  private final String runId;
  private final LongSupplier clock;
  private final ArrayDeque<Entry> ring;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private long nextSeq = 1;
  private long bytes;

  /**
   * A ring of at most {@code capacity} events and {@code maxBytes} bytes (payloads, plus {@link
   * #EVENT_OVERHEAD} per event): the oldest go first, the newest always stays.
   */
  public EventLog(int capacity, long maxBytes, String runId, LongSupplier clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity < 1: " + capacity);
    }
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.runId = Objects.requireNonNull(runId, "runId");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ring = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /** This run's id: sequence numbers are only comparable within it. */
  public String runId() {
    return runId;
  }

  @Override
  public synchronized void onEvent(MlsNodeEvent event) {
    Entry entry = new Entry(nextSeq++, clock.getAsLong(), event);
    ring.addLast(entry);
    bytes += size(entry);
    while (ring.size() > 1 && (ring.size() > capacity || bytes > maxBytes)) {
      bytes -= size(ring.removeFirst());
    }
    subscribers.removeIf(s -> !s.offer(entry));
  }

  /**
   * Hands {@code subscriber} the kept events from {@code fromSeq} on (none for 0), then every new
   * one until it returns false or is {@link #unsubscribe unsubscribed}.
   *
   * @param clientRunId the run the client's sequence numbers belong to; empty for any
   * @throws ResumeRefused when events from {@code fromSeq} on were evicted, are not yet numbered,
   *     or belong to another run
   */
  public synchronized void subscribe(long fromSeq, String clientRunId, Subscriber subscriber)
      throws ResumeRefused {
    if (!clientRunId.isEmpty() && !clientRunId.equals(runId)) {
      throw new ResumeRefused(
          "run_id "
              + clientRunId
              + " is of an earlier run of the node: this run ("
              + runId
              + ") numbers its events from 1 again; resume with from_seq="
              + oldestSeq()
              + " and run_id="
              + runId,
          true);
    }
    if (fromSeq < 0) {
      throw new ResumeRefused("from_seq must not be negative, got " + fromSeq, false);
    }
    if (fromSeq > nextSeq) {
      throw new ResumeRefused(
          "from_seq "
              + fromSeq
              + " is beyond the next event ("
              + nextSeq
              + "): sequence numbers of another run? (this run is "
              + runId
              + ")",
          false);
    }
    if (fromSeq > 0 && fromSeq < oldestSeq()) {
      throw new ResumeRefused(
          "events "
              + fromSeq
              + " to "
              + (oldestSeq() - 1)
              + " were evicted (the node keeps the last "
              + capacity
              + " events, "
              + maxBytes / (1 << 20)
              + " MiB at most); the oldest kept is "
              + oldestSeq(),
          false);
    }
    if (fromSeq > 0) {
      for (Iterator<Entry> it = ring.iterator(); it.hasNext(); ) {
        Entry entry = it.next();
        if (entry.seq() >= fromSeq && !subscriber.offer(entry)) {
          return;
        }
      }
    }
    subscribers.add(subscriber);
  }

  private static long size(Entry entry) {
    return EVENT_OVERHEAD
        + (entry.event() instanceof MlsNodeEvent.MessageReceived m ? m.payload().length() : 0);
  }

  public synchronized void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  /** The newest {@code count} kept events, oldest first. */
  public synchronized List<Entry> recent(int count) {
    List<Entry> all = new ArrayList<>(ring);
    return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
  }

  /** The newest event's sequence number; 0 before the first. */
  public synchronized long lastSeq() {
    return nextSeq - 1;
  }

  /** The oldest kept event's sequence number (the next one while none is kept). */
  public synchronized long oldestSeq() {
    return ring.isEmpty() ? nextSeq : ring.peekFirst().seq();
  }

  synchronized int subscriberCount() {
    return subscribers.size();
  }
}
