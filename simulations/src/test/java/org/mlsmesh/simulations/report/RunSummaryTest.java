package org.mlsmesh.simulations.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

  @Test
  void listsMetricsAndVerdict() {
    String text = RunSummary.of(Runs.synthetic(2, 3, 5, List.of()));
    assertThat(text.lines().toList())
        .startsWith("synthetic (test), seed 7: 2 members, 4 s virtual")
        .contains("  commits          3", "  latency-mean-ms  123.457", "invariants: all held");
  }

  @Test
  void listsEveryViolation() {
    String text = RunSummary.of(Runs.synthetic(2, 3, 5, List.of("a broke", "b broke")));
    assertThat(text.lines().toList())
        .contains("invariants: 2 violated", "  VIOLATED a broke", "  VIOLATED b broke");
  }

  @Test
  void numbersAsPeopleReadThem() {
    assertThat(RunSummary.number(1.0)).isEqualTo("1");
    assertThat(RunSummary.number(0.999812)).isEqualTo("0.999812");
    assertThat(RunSummary.number(1.5)).isEqualTo("1.5");
    assertThat(RunSummary.number(12345.678)).isEqualTo("12345.7");
    assertThat(RunSummary.number(Double.NaN)).isEqualTo("n/a");
    assertThat(RunSummary.number(1e-9)).isEqualTo("1.00000e-09");
  }
}
