package org.mlsmesh.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins the event trace of two small runs to the value the engine produced when it was one class: a
 * refactoring of the engine or a speed-up of the simulator must leave every event in place. A
 * change that alters behaviour on purpose updates these constants and says so in its commit (last:
 * issue 16, shallower trees: the global topics push along a tree rooted at one peer and shaped by
 * its beacons, which pull after half the graft timeout; before: a floor of one eager link, IHAVE
 * ages, active view 8).
 */
class GossipSimulationTraceTest {

  @Test
  void lossyRunKeepsItsTrace() {
    Report r =
        GossipSimulation.run(
            Scenario.stable(60, 60, 42).timing(10_000, 100, 25_000).loss(0.05).build());
    assertThat(r.events()).isEqualTo(47_720);
    assertThat(r.traceSha256())
        .isEqualTo("3c105f71233696e5403649e0c45574b72ddac262ef4bca3e9d8bb84af396deec");
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
        .isEqualTo("af7e9a72d3771ef64071c670d210a5e991c9462e917351f890a83097db47d45e");
  }
}
