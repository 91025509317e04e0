package org.mlsmesh.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins the event trace of two small runs to the value the engine produced when it was one class: a
 * refactoring of the engine or a speed-up of the simulator must leave every event in place. A
 * change that alters behaviour on purpose updates these constants and says so in its commit (last:
 * issue 16, authentic root beacons: each beacon carries the root's signed term and a hash-chain
 * key, 18 bytes more; the same events in the same order, other bytes. Before: shallower trees, the
 * global topics push along a tree rooted at one peer and shaped by its beacons).
 */
class GossipSimulationTraceTest {

  @Test
  void lossyRunKeepsItsTrace() {
    Report r =
        GossipSimulation.run(
            Scenario.stable(60, 60, 42).timing(10_000, 100, 25_000).loss(0.05).build());
    assertThat(r.events()).isEqualTo(47_720);
    assertThat(r.traceSha256())
        .isEqualTo("2fbaecd2aaf0c7be3420a51d02e80af090b16481c6312f8a6b750622e0ce7e48");
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
    assertThat(r.events()).isEqualTo(72_999);
    assertThat(r.bans()).isEqualTo(46);
    assertThat(r.traceSha256())
        .isEqualTo("19759967e8da57c491cea3261e73a16a89cad3ba846a3bc7ba7373d2a06639fc");
  }
}
