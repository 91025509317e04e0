package org.mlsmesh.simulations.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one simulation run produced that a report shows: what the {@code simulate} command
 * writes as {@code metrics.json} and renders as HTML with SVG charts.
 *
 * @param scenario the scenario's name
 * @param kind the kind of scenario (for example {@code gossip} or {@code fork})
 * @param seed the seed the run used; the same scenario and seed give the same record
 * @param virtualMillis virtual time the run covered
 * @param members the members (or peers) by display id, in a stable order
 * @param epochs every epoch change at every member, in time order
 * @param forkEvents every fork detected and rollback done, in time order
 * @param deliveryLatenciesMillis virtual time from send to delivery, one per delivery
 * @param metrics named figures in the order a report lists them
 * @param invariantViolations what the run found broken; empty when every invariant held
 * @param traceSha256 hex SHA-256 over the run's event trace
 */
public record RunRecord(
    String scenario,
    String kind,
    long seed,
    long virtualMillis,
    List<String> members,
    List<EpochSample> epochs,
    List<ForkEvent> forkEvents,
    List<Long> deliveryLatenciesMillis,
    Map<String, Double> metrics,
    List<String> invariantViolations,
    String traceSha256) {

  public RunRecord {
    members = List.copyOf(members);
    epochs = List.copyOf(epochs);
    forkEvents = List.copyOf(forkEvents);
    deliveryLatenciesMillis = List.copyOf(deliveryLatenciesMillis);
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    invariantViolations = List.copyOf(invariantViolations);
  }

  public boolean passed() {
    return invariantViolations.isEmpty();
  }

  /** One member entered an epoch. */
  public record EpochSample(long atMillis, String member, long epoch, String epochIdHex) {}

  /** One member saw a fork or rolled back to a snapshot. */
  public record ForkEvent(long atMillis, String member, Type type, long epoch) {

    public enum Type {
      FORK_DETECTED,
      ROLLBACK
    }
  }
}
