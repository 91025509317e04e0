package org.mlsmesh.simulations.fork;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlsmesh.simulations.report.RunRecord;

/** A run is a pure function of (scenario, seed). */
class ForkDeterminismTest {
  @ParameterizedTest
  @ValueSource(strings = {"gossip", "broadcast"})
  void sameSeedSameTraceOtherSeedOtherTrace(String transport) throws Exception {
    RunRecord a = ForkScenariosTest.run("concurrent-5", 42, transport);
    RunRecord b = ForkScenariosTest.run("concurrent-5", 42, transport);
    RunRecord c = ForkScenariosTest.run("concurrent-5", 43, transport);
    assertThat(b.traceSha256()).isEqualTo(a.traceSha256()).hasSize(64);
    assertThat(b.metrics()).isEqualTo(a.metrics());
    assertThat(b.epochs()).isEqualTo(a.epochs());
    assertThat(c.traceSha256()).isNotEqualTo(a.traceSha256());
    assertThat(a.seed()).isEqualTo(42);
    assertThat(a.kind()).isEqualTo("fork");
    // Races happened and were resolved.
    assertThat(a.metrics().get("forks")).isPositive();
    assertThat(a.metrics().get("rollbacks")).isPositive();
  }
}
