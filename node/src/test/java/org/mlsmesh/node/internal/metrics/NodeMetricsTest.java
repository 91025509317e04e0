package org.mlsmesh.node.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The node's meters in a registry shared by several nodes, and across a restart. */
class NodeMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void aNodeThatStopsTakesItsMetersAlongAndItsRestartRegistersThemAnew() {
    NodeMetrics first = NodeMetrics.of(registry, "n1");
    NodeMetrics other = NodeMetrics.of(registry, "n2");
    first.groupsNow(3);
    first.frameIn(100);
    other.groupsNow(1);

    first.close();
    assertThat(registry.getMeters())
        .extracting(m -> m.getId().getTag("node"))
        .isNotEmpty()
        .containsOnly("n2");

    NodeMetrics again = NodeMetrics.of(registry, "n1");
    again.groupsNow(2);
    assertThat(registry.get("mlsmesh.groups").tag("node", "n1").gauge().value()).isEqualTo(2);
    assertThat(registry.get("mlsmesh.gossip.bytes.in").tag("node", "n1").counter().count())
        .isZero();
    assertThat(registry.get("mlsmesh.groups").tag("node", "n2").gauge().value()).isEqualTo(1);
  }

  @Test
  void everyMeterIsNamedUnderTheNodesPrefixAndTaggedWithTheNode() {
    NodeMetrics.of(registry, "n1");
    assertThat(registry.getMeters())
        .hasSize(19)
        .extracting(Meter::getId)
        .allSatisfy(
            id -> {
              assertThat(id.getName()).startsWith("mlsmesh.");
              assertThat(id.getTag("node")).isEqualTo("n1");
              assertThat(id.getDescription()).isNotBlank();
            });
  }
}
