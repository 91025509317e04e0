package org.mlsmesh.config;

import java.util.Collection;

/** The known key a mistyped or misplaced one most likely meant. */
final class NearestKey {
  private NearestKey() {}

  /**
   * A known key with the same last segment (a setting put in the wrong section), else the one at
   * the smallest edit distance; ties go to the first in {@code known}.
   */
  static String of(String unknown, Collection<String> known) {
    String last = lastSegment(unknown);
    String best = null;
    int bestScore = Integer.MAX_VALUE;
    for (String candidate : known) {
      int score = distance(unknown, candidate);
      if (!lastSegment(candidate).equals(last)) {
        score += 1_000;
      }
      if (score < bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best == null ? "(none)" : best;
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** Levenshtein distance, on two rows. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
