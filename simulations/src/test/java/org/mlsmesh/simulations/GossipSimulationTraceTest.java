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
    assertThat(r.events()).isEqualTo(24_360);
    assertThat(r.traceSha256())
        .isEqualTo("96abb07e94e64c5907e53c1aad072b5f3360075752d927ee0b933b66cfc6c3ce");
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
    assertThat(r.events()).isEqualTo(40_231);
    assertThat(r.bans()).isEqualTo(29);
    assertThat(r.traceSha256())
        .isEqualTo("eaaeca88ca0f8caf670f6bbda01a3621f7e6af5475cf4104ce72247baa2994d4");
  }
}
