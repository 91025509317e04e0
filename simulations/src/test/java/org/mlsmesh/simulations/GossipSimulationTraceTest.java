package org.mlsmesh.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins the event trace of two small runs to the value the engine produced when it was one class: a
 * refactoring of the engine or a speed-up of the simulator must leave every event in place. A
 * change that alters behaviour on purpose updates these constants and says so in its commit (last:
 * issue 16, shallower trees: a floor of one eager link, IHAVE ages and the latency-aware tree
 * optimization, active view 8, IHAVE after 20 ms, pull after 300 ms).
 */
class GossipSimulationTraceTest {

  @Test
  void lossyRunKeepsItsTrace() {
    Report r =
        GossipSimulation.run(
            Scenario.stable(60, 60, 42).timing(10_000, 100, 25_000).loss(0.05).build());
    assertThat(r.events()).isEqualTo(45_577);
    assertThat(r.traceSha256())
        .isEqualTo("45e4cf077938706624444771358630eb16429e2a33fe99c6c6bf862a16ff0eed");
  }

  @Test
  void runWithEveryFaultKeepsItsTrace() {
    // Loss, duplication, crashes, a partition and flooding adversaries: every engine path.
    Report r =
        GossipSimulation.run(
            Scenario.stable(80, 80, 9)
                .timing(10_000, 100, 40_000)
                .loss(0.05)
                .duplication(0.02)
                .crashes(0.2)
                .partition(12_000, 20_000)
                .adversaries(2)
                .build());
    assertThat(r.events()).isEqualTo(65_428);
    assertThat(r.bans()).isEqualTo(43);
    assertThat(r.traceSha256())
        .isEqualTo("8e329b423934b323d6f87a8d06a06a6f08220ebb68d2173cde6ca9ee416a38bf");
  }
}
