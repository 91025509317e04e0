package org.mlsmesh.simulations.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code metrics.json} of a run: every field of its {@link RunRecord}, with the bulky series
 * summarised (the epoch samples as each member's last epoch, the fork events as counts, the
 * latencies as percentiles).
 */
public final class MetricsJson {
  /** Bumped when a field changes meaning or goes away. */
  public static final int FORMAT = 1;

  private MetricsJson() {}

  public static String of(RunRecord run) {
    JsonWriter w = new JsonWriter().beginObject();
    w.name("format").value(FORMAT);
    w.name("scenario").value(run.scenario());
    w.name("kind").value(run.kind());
    w.name("seed").value(run.seed());
    w.name("virtualMillis").value(run.virtualMillis());
    w.name("passed").value(run.passed());
    w.name("invariantViolations").beginArray();
    run.invariantViolations().forEach(w::value);
    w.endArray();
    w.name("metrics").beginObject();
    run.metrics().forEach((name, value) -> w.name(name).value(value));
    w.endObject();
    w.name("traceSha256").value(run.traceSha256());
    w.name("members").value(run.members().size());
    epochs(w, run);
    forks(w, run.forkEvents());
    latencies(w, Distribution.of(run.deliveryLatenciesMillis()));
    return w.endObject().toJson();
  }

  private static void epochs(JsonWriter w, RunRecord run) {
    Map<String, RunRecord.EpochSample> last = new LinkedHashMap<>();
    for (RunRecord.EpochSample sample : run.epochs()) {
      last.put(sample.member(), sample);
    }
    w.name("epochs").beginObject();
    w.name("samples").value(run.epochs().size());
    w.name("distinctLastEpochIds").value(new TreeSet<>(lastIds(last)).size());
    w.name("lastByMember").beginArray();
    for (String member : run.members()) {
      RunRecord.EpochSample sample = last.get(member);
      if (sample != null) {
        w.beginObject();
        w.name("member").value(member);
        w.name("atMillis").value(sample.atMillis());
        w.name("epoch").value(sample.epoch());
        w.name("epochId").value(sample.epochIdHex());
        w.endObject();
      }
    }
    w.endArray().endObject();
  }

  private static List<String> lastIds(Map<String, RunRecord.EpochSample> last) {
    return last.values().stream().map(RunRecord.EpochSample::epochIdHex).toList();
  }

  private static void forks(JsonWriter w, List<RunRecord.ForkEvent> events) {
    w.name("forkEvents").beginObject();
    w.name("count").value(events.size());
    for (RunRecord.ForkEvent.Type type : RunRecord.ForkEvent.Type.values()) {
      long count = events.stream().filter(e -> e.type() == type).count();
      w.name(type.name()).value(count);
    }
    w.endObject();
  }

  private static void latencies(JsonWriter w, Distribution d) {
    w.name("deliveryLatencyMillis").beginObject();
    w.name("count").value(d.count());
    if (!d.isEmpty()) {
      w.name("min").value(d.min());
      w.name("p50").value(d.percentile(0.50));
      w.name("p90").value(d.percentile(0.90));
      w.name("p99").value(d.percentile(0.99));
      w.name("max").value(d.max());
      w.name("mean").value(d.mean());
    }
    w.endObject();
  }
}
