package org.mlsmesh.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Pins the event trace of two small runs to the value the engine produced when it was one class: a
 * refactoring of the engine or a speed-up of the simulator must leave every event in place. A
 * change that alters behaviour on purpose updates these constants and says so in its commit (last:
 * issue 6, robustness at 50% loss: anti-entropy on its own timer and both ways, seeds dialed again,
 * links taken up when their NEIGHBOR reply was lost, lossy topics keep their eager links).
 */
class GossipSimulationTraceTest {

  @Test
  void lossyRunKeepsItsTrace() {
    Report r =
        GossipSimulation.run(
            Scenario.stable(60, 60, 42).timing(10_000, 100, 25_000).loss(0.05).build());
    assertThat(r.events()).isEqualTo(26_011);
    assertThat(r.traceSha256())
        .isEqualTo("bd1630999ad8ade26d4549b8bee0df2f093ba20bf47857f4139b0a7b35a3b133");
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
    assertThat(r.events()).isEqualTo(42_650);
    assertThat(r.bans()).isEqualTo(19);
    assertThat(r.traceSha256())
        .isEqualTo("86c39b4f0605c895fc705fcb1479c36444c97648e4adbb70c61db5ca3326e11d");
  }
}
