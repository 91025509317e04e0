package org.mlsmesh.simulations.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Run records built by hand for the report tests. */
final class Runs {
  private Runs() {}

  /**
   * {@code members} members that each enter {@code epochs} epochs, a fork and a rollback every
   * tenth epoch, and {@code latencies} delivery latencies.
   */
  static RunRecord synthetic(int members, int epochs, int latencies, List<String> violations) {
    List<String> ids = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      ids.add("member-" + m);
    }
    List<RunRecord.EpochSample> samples = new ArrayList<>();
    List<RunRecord.ForkEvent> forks = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      for (int m = 0; m < members; m++) {
        long at = e * 1000L + m;
        samples.add(new RunRecord.EpochSample(at, ids.get(m), e, "id" + e));
        if (e % 10 == 0) {
          forks.add(
              new RunRecord.ForkEvent(at, ids.get(m), RunRecord.ForkEvent.Type.FORK_DETECTED, e));
          forks.add(
              new RunRecord.ForkEvent(at + 1, ids.get(m), RunRecord.ForkEvent.Type.ROLLBACK, e));
        }
      }
    }
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < latencies; i++) {
      delays.add((long) (50 + (i * 7919L) % 950));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("commits", (double) epochs);
    metrics.put("delivery-ratio", 1.0);
    metrics.put("latency-mean-ms", 123.456789);
    return new RunRecord(
        "synthetic",
        "test",
        7,
        (epochs + 1) * 1000L,
        ids,
        samples,
        forks,
        delays,
        metrics,
        violations,
        "ab".repeat(32));
  }

  static RunRecord empty() {
    return new RunRecord(
        "empty", "test", 1, 1000, List.of(), List.of(), List.of(), List.of(), Map.of(), List.of(),
        "00");
  }
}
