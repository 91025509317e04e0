package org.mlsmesh.control.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import org.mlsmesh.control.v1.Event;

/**
 * One client's StreamEvents call as a subscriber of the {@link EventLog}. A client that stops
 * reading is cut off once {@code maxBehind} events wait for it, and told where to resume.
 */
final class EventStream implements EventLog.Subscriber {
  private final ServerCallStreamObserver<Event> observer;
  private final String runId;
  private final int maxBehind;
  private int sentWhileBlocked;
  private boolean closed;

  EventStream(ServerCallStreamObserver<Event> observer, String runId, int maxBehind) {
    this.observer = observer;
    this.runId = runId;
    this.maxBehind = maxBehind;
  }

  @Override
  public synchronized boolean offer(EventLog.Entry entry) {
    if (closed || observer.isCancelled()) {
      closed = true;
      return false;
    }
    if (observer.isReady()) {
      sentWhileBlocked = 0;
    } else if (++sentWhileBlocked > maxBehind) {
      close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "the client fell "
                  + maxBehind
                  + " events behind: reconnect with from_seq="
                  + entry.seq()
                  + " and run_id="
                  + runId));
      return false;
    }
    try {
      observer.onNext(ProtoEvents.of(entry, runId));
      return true;
    } catch (StatusRuntimeException | IllegalStateException e) {
      // The call was cancelled or closed meanwhile.
      closed = true;
      return false;
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Ends the stream with {@code status} (the node stopping, the client too slow). */
  synchronized void close(Status status) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      observer.onError(status.asRuntimeException());
    } catch (IllegalStateException e) {
      // already closed by the client
    }
  }
}
