package org.mlsmesh.interop.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which client plays which actor of a script. */
final class Assignments {
  /** Above this many actors, every assignment would be too many runs: only the directions. */
  static final int MAX_EXHAUSTIVE_ACTORS = 5;

  private Assignments() {}

  /**
   * For clients {@code a} and {@code b}: with {@code exhaustive} and few enough actors, every
   * assignment that uses both clients; otherwise the two "directions", the actors alternating
   * between the clients starting with {@code a}, then starting with {@code b}. One client alone
   * plays every actor.
   */
  static <C> List<Map<String, C>> of(List<String> actors, C a, C b, boolean exhaustive) {
    List<Map<String, C>> out = new ArrayList<>();
    if (a == b || actors.size() < 2) {
      out.add(alternating(actors, a, a));
      if (a != b) {
        out.add(alternating(actors, b, b));
      }
      return out;
    }
    if (exhaustive && actors.size() <= MAX_EXHAUSTIVE_ACTORS) {
      int n = actors.size();
      for (int mask = 1; mask < (1 << n) - 1; mask++) {
        Map<String, C> assignment = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          assignment.put(actors.get(i), (mask & (1 << i)) != 0 ? b : a);
        }
        out.add(assignment);
      }
      return out;
    }
    out.add(alternating(actors, a, b));
    out.add(alternating(actors, b, a));
    return out;
  }

  private static <C> Map<String, C> alternating(List<String> actors, C first, C second) {
    Map<String, C> assignment = new LinkedHashMap<>();
    for (int i = 0; i < actors.size(); i++) {
      assignment.put(actors.get(i), i % 2 == 0 ? first : second);
    }
    return assignment;
  }

  /** Actors named in a failure report; the rest alternate as the first ones do. */
  private static final int DESCRIBED_ACTORS = 6;

  /** {@code alice=MLS Mesh bob=ts-mls}, for a failure report (long casts cut short). */
  static String describe(Map<String, ClientEndpoint> assignment) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (Map.Entry<String, ClientEndpoint> entry : assignment.entrySet()) {
      if (shown == DESCRIBED_ACTORS) {
        out.append(" ... (").append(assignment.size()).append(" actors)");
        break;
      }
      out.append(shown++ == 0 ? "" : " ").append(entry.getKey()).append('=');
      out.append(entry.getValue().name());
    }
    return out.toString();
  }
}
