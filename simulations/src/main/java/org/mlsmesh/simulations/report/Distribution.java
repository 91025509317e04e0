package org.mlsmesh.simulations.report;

import java.util.Arrays;
import java.util.List;

/** A sorted copy of sampled values (for example delivery latencies) and its percentiles. */
final class Distribution {
  private final long[] sorted;

  private Distribution(long[] sorted) {
    this.sorted = sorted;
  }

  static Distribution of(List<Long> values) {
    long[] sorted = new long[values.size()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = values.get(i);
    }
    Arrays.sort(sorted);
    return new Distribution(sorted);
  }

  int count() {
    return sorted.length;
  }

  boolean isEmpty() {
    return sorted.length == 0;
  }

  long min() {
    return sorted[0];
  }

  long max() {
    return sorted[sorted.length - 1];
  }

  double mean() {
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return sum / sorted.length;
  }

  /** The value at quantile {@code q} in [0, 1] (the lower of two neighbours). */
  long percentile(double q) {
    return sorted[(int) Math.floor(q * (sorted.length - 1))];
  }

  /** The i-th smallest value. */
  long get(int i) {
    return sorted[i];
  }
}
