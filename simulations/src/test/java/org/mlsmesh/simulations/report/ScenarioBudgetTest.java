package org.mlsmesh.simulations.report;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenarioBudgetTest {
  private static final ScenarioBudget ONE_GIB = ScenarioBudget.ofHeap(1L << 30);

  @Test
  void aThousandPeersAndMessagesFitInOneGib() {
    assertThatCode(() -> ONE_GIB.requireGossipMemory(1_000, 1_000, 100_000))
        .doesNotThrowAnyException();
  }

  @Test
  void tenThousandPeersAndMessagesDoNot() {
    assertThatThrownBy(() -> ONE_GIB.requireGossipMemory(10_000, 10_000, 100_000))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("peers = 10000 and messages = 10000: the run needs about 7.1 GiB")
        .hasMessageContaining("(819.2 MiB of its -Xmx 1.0 GiB)");
  }

  @Test
  void aForkGroupIsBoundedByItsTrees() {
    assertThatCode(() -> ONE_GIB.requireForkMemory(1_000)).doesNotThrowAnyException();
    assertThatThrownBy(() -> ONE_GIB.requireForkMemory(15_000))
        .hasMessageStartingWith("members + churn.joins = 15000: the run needs about 21.0 GiB");
  }

  @Test
  void virtualTimeUpToADayPasses() {
    assertThatCode(() -> ScenarioBudget.requireVirtualTime("x", ScenarioBudget.MAX_VIRTUAL_MILLIS))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> ScenarioBudget.requireVirtualTime("x", ScenarioBudget.MAX_VIRTUAL_MILLIS + 1))
        .hasMessage("x: the run would last 86400001 ms; at most 24h of virtual time");
  }
}
