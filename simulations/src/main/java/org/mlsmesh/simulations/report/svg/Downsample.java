package org.mlsmesh.simulations.report.svg;

import java.util.ArrayList;
import java.util.List;

/** Bounds the size of a chart: fewer points per series, fewer series per chart. */
public final class Downsample {
  private Downsample() {}

  /**
   * At most {@code max} (at least 4) of the points, in order: the first, the last and, of each of
   * the buckets in between, the lowest and the highest, so that peaks stay visible.
   */
  public static List<Point> points(List<Point> points, int max) {
    if (max < 4) {
      throw new IllegalArgumentException("max must be at least 4, got " + max);
    }
    if (points.size() <= max) {
      return points;
    }
    int buckets = (max - 2) / 2;
    int inner = points.size() - 2;
    List<Point> kept = new ArrayList<>(max);
    kept.add(points.get(0));
    for (int b = 0; b < buckets; b++) {
      int from = 1 + (int) ((long) inner * b / buckets);
      int to = 1 + (int) ((long) inner * (b + 1) / buckets);
      int low = from;
      int high = from;
      for (int i = from; i < to; i++) {
        if (points.get(i).y() < points.get(low).y()) {
          low = i;
        }
        if (points.get(i).y() > points.get(high).y()) {
          high = i;
        }
      }
      kept.add(points.get(Math.min(low, high)));
      if (low != high) {
        kept.add(points.get(Math.max(low, high)));
      }
    }
    kept.add(points.get(points.size() - 1));
    return kept;
  }

  /** At most {@code max} of the elements, evenly spaced, the first and the last included. */
  public static <T> List<T> evenly(List<T> items, int max) {
    if (max < 2) {
      throw new IllegalArgumentException("max must be at least 2, got " + max);
    }
    if (items.size() <= max) {
      return items;
    }
    List<T> kept = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      kept.add(items.get((int) ((long) i * (items.size() - 1) / (max - 1))));
    }
    return kept;
  }
}
