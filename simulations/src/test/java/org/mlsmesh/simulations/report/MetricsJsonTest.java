package org.mlsmesh.simulations.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void holdsTheRecordWithSummarisedSeries() throws Exception {
    RunRecord run = Runs.synthetic(3, 20, 1000, List.of("epochs differ at member-2"));
    JsonNode json = JSON.readTree(MetricsJson.of(run));
    assertThat(json.get("format").asInt()).isEqualTo(MetricsJson.FORMAT);
    assertThat(json.get("scenario").asText()).isEqualTo("synthetic");
    assertThat(json.get("kind").asText()).isEqualTo("test");
    assertThat(json.get("seed").asLong()).isEqualTo(7);
    assertThat(json.get("virtualMillis").asLong()).isEqualTo(21_000);
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.get("invariantViolations").get(0).asText())
        .isEqualTo("epochs differ at member-2");
    assertThat(json.get("traceSha256").asText()).isEqualTo("ab".repeat(32));
    assertThat(json.get("members").asInt()).isEqualTo(3);

    JsonNode metrics = json.get("metrics");
    assertThat(metrics.fieldNames())
        .toIterable()
        .containsExactly("commits", "delivery-ratio", "latency-mean-ms");
    assertThat(metrics.get("latency-mean-ms").asDouble()).isEqualTo(123.456789);

    JsonNode epochs = json.get("epochs");
    assertThat(epochs.get("samples").asInt()).isEqualTo(60);
    assertThat(epochs.get("distinctLastEpochIds").asInt()).isEqualTo(1);
    assertThat(epochs.get("lastByMember")).hasSize(3);
    assertThat(epochs.get("lastByMember").get(2).get("member").asText()).isEqualTo("member-2");
    assertThat(epochs.get("lastByMember").get(2).get("epoch").asLong()).isEqualTo(20);
    assertThat(epochs.get("lastByMember").get(2).get("epochId").asText()).isEqualTo("id20");

    JsonNode forks = json.get("forkEvents");
    assertThat(forks.get("count").asInt()).isEqualTo(12);
    assertThat(forks.get("FORK_DETECTED").asInt()).isEqualTo(6);
    assertThat(forks.get("ROLLBACK").asInt()).isEqualTo(6);

    JsonNode latency = json.get("deliveryLatencyMillis");
    Distribution d = Distribution.of(run.deliveryLatenciesMillis());
    assertThat(latency.get("count").asInt()).isEqualTo(1000);
    assertThat(latency.get("min").asLong()).isEqualTo(d.min());
    assertThat(latency.get("p50").asLong()).isEqualTo(d.percentile(0.5));
    assertThat(latency.get("p99").asLong()).isEqualTo(d.percentile(0.99));
    assertThat(latency.get("max").asLong()).isEqualTo(d.max());
  }

  @Test
  void anEmptyRunHasNoPercentiles() throws Exception {
    JsonNode json = JSON.readTree(MetricsJson.of(Runs.empty()));
    assertThat(json.get("passed").asBoolean()).isTrue();
    assertThat(json.get("deliveryLatencyMillis").get("count").asInt()).isZero();
    assertThat(json.get("deliveryLatencyMillis").has("p50")).isFalse();
    assertThat(json.get("epochs").get("lastByMember")).isEmpty();
  }

  @Test
  void aMillionLatenciesStayASmallFile() {
    RunRecord run = Runs.synthetic(1000, 5, 1_000_000, List.of());
    assertThat(MetricsJson.of(run).length()).isLessThan(200_000);
  }
}
