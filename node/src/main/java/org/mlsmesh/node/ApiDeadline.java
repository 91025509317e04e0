package org.mlsmesh.node;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A limit on how long an API call may take: a future that cannot complete (a Commit that never
 * becomes final, a removal that never comes) fails with a {@link TimeoutException} that names what
 * it waited for, instead of hanging.
 */
final class ApiDeadline implements AutoCloseable {
  private final Duration limit;
  private final ScheduledThreadPoolExecutor timer;

  ApiDeadline(Duration limit) {
    this.limit = limit;
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

  /** {@code future}, failed with a timeout naming {@code what} unless done within the limit. */
  <T> CompletionStage<T> within(CompletableFuture<T> future, String what) {
    ScheduledFuture<?> expiry =
        timer.schedule(
            () ->
                future.completeExceptionally(
                    new TimeoutException(what + ": not done within " + limit.toSeconds() + " s")),
            limit.toMillis(),
            TimeUnit.MILLISECONDS);
    future.whenComplete((value, error) -> expiry.cancel(false));
    return future;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
