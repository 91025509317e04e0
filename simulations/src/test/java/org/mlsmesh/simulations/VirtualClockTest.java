package org.mlsmesh.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
  @Test
  void eventsRunInTimeOrderThenInSchedulingOrder() {
    VirtualClock<String> clock = new VirtualClock<>();
    clock.schedule(20, "c");
    clock.schedule(10, "a");
    clock.schedule(10, "b");
    clock.schedule(0, "first");
    List<String> ran = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    Optional<String> next;
    while ((next = clock.advance()).isPresent()) {
      ran.add(next.get());
      times.add(clock.nowMillis());
    }
    assertThat(ran).containsExactly("first", "a", "b", "c");
    assertThat(times).containsExactly(0L, 10L, 10L, 20L);
  }

  @Test
  void delaysAreRelativeToTheCurrentEvent() {
    VirtualClock<String> clock = new VirtualClock<>();
    clock.schedule(100, "x");
    clock.advance();
    clock.schedule(5, "y");
    assertThat(clock.advance()).contains("y");
    assertThat(clock.nowMillis()).isEqualTo(105);
  }

  @Test
  void theHeapPollsManyEventsInTimeThenSchedulingOrder() {
    EventQueue<long[]> queue = new EventQueue<>();
    SplittableRandom random = new SplittableRandom(7);
    long sequence = 0;
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 400; i++) {
        long at = random.nextLong(1_000);
        queue.schedule(at, new long[] {at, sequence++});
      }
      long[] previous = {-1, -1};
      for (int i = 0; i < 300; i++) {
        long[] e = queue.pollEvent();
        assertThat(queue.polledAtMillis()).isEqualTo(e[0]);
        assertThat(e[0] > previous[0] || (e[0] == previous[0] && e[1] > previous[1])).isTrue();
        previous = e;
      }
    }
    assertThat(queue.size()).isEqualTo(50 * 100);
    assertThat(queue.poll()).isPresent();
  }

  @Test
  void negativeDelayIsABug() {
    assertThatThrownBy(() -> new VirtualClock<String>().schedule(-1, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
