package org.mlsmesh.simulations.report;

import java.util.Locale;

/**
 * What a scenario may ask of the machine: memory estimated from its sizes before anything is
 * allocated (an estimate that errs low, so that only runs that cannot fit are refused), and a cap
 * on virtual time so that a run ends.
 */
public final class ScenarioBudget {
  /** The longest virtual run: one day. */
  public static final long MAX_VIRTUAL_MILLIS = 24 * 3_600_000L;

  /** The share of the JVM's maximum heap a run may plan to use. */
  private static final double HEAP_SHARE = 0.8;

  private final long heapBytes;

  private ScenarioBudget(long heapBytes) {
    this.heapBytes = heapBytes;
  }

  /** The budget of this JVM ({@code -Xmx}). */
  public static ScenarioBudget ofThisJvm() {
    return new ScenarioBudget(Runtime.getRuntime().maxMemory());
  }

  /** A budget of {@code heapBytes}, for tests. */
  public static ScenarioBudget ofHeap(long heapBytes) {
    return new ScenarioBudget(heapBytes);
  }

  /**
   * Fails when {@code bytes}, what the scenario's {@code sizes} need for {@code why}, is more than
   * the run may use.
   */
  public void requireMemory(String sizes, double bytes, String why) throws ScenarioException {
    if (bytes > heapBytes * HEAP_SHARE) {
      throw new ScenarioException(
          sizes
              + ": the run needs about "
              + size(bytes)
              + " of memory ("
              + why
              + "), more than this JVM may use ("
              + size(heapBytes * HEAP_SHARE)
              + " of its -Xmx "
              + size(heapBytes)
              + "); lower them, or give Java more memory (-Xmx)");
    }
  }

  /**
   * Fails when {@code millis}, the virtual time a run lasts, is over a day; {@code what} says why.
   */
  public static void requireVirtualTime(String what, long millis) throws ScenarioException {
    if (millis > MAX_VIRTUAL_MILLIS) {
      throw new ScenarioException(
          what + ": the run would last " + millis + " ms; at most 24h of virtual time");
    }
  }

  /**
   * Fails when a gossip run of {@code peers} and {@code messages} cannot fit: 6 bytes per peer and
   * message for the delivery records, 64 KiB per peer for its engine, and 64 bytes per message each
   * peer keeps ({@code retained}: in its seen cache and retention).
   */
  public void requireGossipMemory(int peers, int messages, int retained) throws ScenarioException {
    double bytes =
        6.0 * peers * messages + 65_536.0 * peers + 64.0 * peers * Math.min(messages, retained);
    requireMemory(
        "peers = " + peers + " and messages = " + messages,
        bytes,
        "delivery records of every message at every peer, the peers' engines and what they keep");
  }

  /**
   * Fails when a fork run whose group grows to {@code members} cannot fit: every member holds the
   * ratchet tree of the whole group, about 100 bytes per leaf (more while forks are open).
   */
  public void requireForkMemory(int members) throws ScenarioException {
    requireMemory(
        "members + churn.joins = " + members,
        100.0 * members * members,
        "each member keeps a ratchet tree of the whole group");
  }

  static String size(double bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < units.length - 1) {
      bytes /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  }
}
