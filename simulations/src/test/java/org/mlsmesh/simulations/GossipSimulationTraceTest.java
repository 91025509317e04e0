package org.mlsmesh.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins the event trace of two small runs to the value the engine produced when it was one class: a
 * refactoring of the engine or a speed-up of the simulator must leave every event in place. A
 * change that alters behaviour on purpose updates these constants and says so in its commit.
 */
class GossipSimulationTraceTest {

  @Test
  void lossyRunKeepsItsTrace() {
    Report r =
        GossipSimulation.run(
            Scenario.stable(60, 60, 42).timing(10_000, 100, 25_000).loss(0.05).build());
    assertThat(r.events()).isEqualTo(24_791);
    assertThat(r.traceSha256())
        .isEqualTo("065fca6e03214fa63b14817d8eb05f58149973a8a97fd9363e2ffac209f45248");
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
    assertThat(r.events()).isEqualTo(40_180);
    assertThat(r.bans()).isEqualTo(28);
    assertThat(r.traceSha256())
        .isEqualTo("7ec5eafd16c0014e88166af761326b48bb979b07d1a019178f0e18e1d6a37a32");
  }
}
