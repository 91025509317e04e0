package org.mlsmesh.node.internal.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node's actor system logs through SLF4J only: nothing on stdout (not while starting, not a dead
 * letter), and its log lines reach the SLF4J backend (here slf4j-simple, on stderr).
 */
@Timeout(60)
class ActorSystemLoggingTest {
  @Test
  void settings() {
    Config config = NodeRuntime.actorSystemConfig();
    assertThat(config.getStringList("pekko.loggers"))
        .containsExactly("org.apache.pekko.event.slf4j.Slf4jLogger");
    assertThat(config.getString("pekko.stdout-loglevel")).isEqualTo("OFF");
    assertThat(config.getString("pekko.log-dead-letters")).isEqualTo("off");
    assertThat(config.getString("pekko.log-dead-letters-during-shutdown")).isEqualTo("off");
  }

  @Test
  void nothingOnStdoutAndLogsGoToSlf4j() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(stdout, true, UTF_8));
    System.setErr(new PrintStream(stderr, true, UTF_8));
    ActorSystem<Void> system = null;
    try {
      system =
          ActorSystem.create(Behaviors.empty(), "logging-test", NodeRuntime.actorSystemConfig());
      for (String lost : List.of("one", "two", "three")) {
        system.deadLetters().tell(lost);
      }
      system.classicSystem().log().warning("a warning of the actor system");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> stderr.toString(UTF_8).contains("a warning of the actor system"));
    } finally {
      if (system != null) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
      }
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(stdout.toString(UTF_8)).isEmpty();
    assertThat(stderr.toString(UTF_8)).doesNotContain("dead letter", "not delivered");
  }
}
