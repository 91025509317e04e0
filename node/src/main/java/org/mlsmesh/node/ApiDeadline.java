package org.mlsmesh.node;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A limit on how long an API call may take: a future that cannot complete (a Commit that never
 * becomes final, a removal that never comes, an invitee that never joins) fails with a {@link
 * TimeoutException} that names what it waited for, instead of hanging.
 */
final class ApiDeadline implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;

  ApiDeadline() {
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "mlsmesh-api-deadline");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  /**
   * {@code future}, failed with a timeout naming {@code what} (asked when the time is up) unless
   * done within {@code limit}.
   */
  <T> CompletionStage<T> within(
      CompletableFuture<T> future, Duration limit, Supplier<String> what) {
    ScheduledFuture<?> expiry =
        timer.schedule(
            () ->
                future.completeExceptionally(
                    new TimeoutException(what.get() + ": not done within " + text(limit))),
            limit.toMillis(),
            TimeUnit.MILLISECONDS);
    future.whenComplete((value, error) -> expiry.cancel(false));
    return future;
  }

  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
