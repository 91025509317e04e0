package org.mlsmesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ApiDeadlineTest {
  @Test
  void aFutureThatCannotCompleteFailsWithATimeoutNamingWhatItWaitedFor() {
    try (ApiDeadline deadline = new ApiDeadline()) {
      CompletableFuture<Void> never = new CompletableFuture<>();
      assertThatThrownBy(
              () ->
                  deadline
                      .within(never, Duration.ofMillis(50), () -> "leaving group 0a0b")
                      .toCompletableFuture()
                      .get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(TimeoutException.class)
          .hasMessageContaining("leaving group 0a0b")
          .hasMessageContaining("not done within");
    }
  }

  @Test
  void aFutureThatCompletesInTimeKeepsItsValue() throws Exception {
    try (ApiDeadline deadline = new ApiDeadline()) {
      CompletableFuture<String> soon = new CompletableFuture<>();
      CompletableFuture<String> limited =
          deadline.within(soon, Duration.ofSeconds(5), () -> "send").toCompletableFuture();
      soon.complete("id");
      assertThat(limited.get(1, TimeUnit.SECONDS)).isEqualTo("id");
    }
  }
}
