package org.mlsmesh.gossip.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadGateTest {
  private static void advance(EmbeddedChannel ch, long millis) {
    ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
  }

  @Test
  void aThrottledLinkIsNotReadUntilTheLongestThrottleEnds() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    ReadGate gate = ReadGate.of(ch);
    gate.throttle(ch, 100);
    assertThat(ch.config().isAutoRead()).isFalse();
    advance(ch, 50);
    gate.throttle(ch, 100);
    advance(ch, 60);
    assertThat(ch.config().isAutoRead()).as("the second throttle runs until 150").isFalse();
    advance(ch, 40);
    assertThat(ch.config().isAutoRead()).isTrue();
  }

  @Test
  void aBackloggedLinkIsReadAgainOnlyWhenNeitherReasonHolds() {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    ReadGate gate = ReadGate.of(ch);
    gate.backlog(ch, true);
    gate.throttle(ch, 10);
    advance(ch, 20);
    assertThat(ch.config().isAutoRead()).isFalse();
    gate.backlog(ch, false);
    assertThat(ch.config().isAutoRead()).isTrue();
    gate.throttle(ch, 0);
    assertThat(ch.config().isAutoRead()).isTrue();
  }
}
