package org.mlsmesh.simulations.report.svg;

import java.util.Locale;

/**
 * A histogram of sampled values (for example delivery latencies) in at most {@value #MAX_BINS} bins
 * of equal width; each bar tells its range and count on hover.
 */
public final class Histogram {
  public static final int MAX_BINS = 40;
  private static final String FILL = "#0072b2";

  private Histogram() {}

  /** Renders the values, sorted ascending; at least one. */
  public static String render(String title, String xLabel, long[] sorted) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("a histogram needs values");
    }
    long min = sorted[0];
    long max = sorted[sorted.length - 1];
    long width = Math.max(1, (long) Math.ceil((max - min + 1) / (double) MAX_BINS));
    int bins = (int) ((max - min) / width) + 1;
    long[] counts = new long[bins];
    long highest = 0;
    for (long v : sorted) {
      int bin = (int) ((v - min) / width);
      highest = Math.max(highest, ++counts[bin]);
    }
    PlotArea area = new PlotArea(min, min + width * bins, 0, highest);
    Svg svg = new Svg(PlotArea.WIDTH, PlotArea.HEIGHT, title);
    area.draw(svg, title, xLabel, "count");
    for (int b = 0; b < bins; b++) {
      if (counts[b] == 0) {
        continue;
      }
      long from = min + b * width;
      double left = area.x.map(from);
      double right = area.x.map(from + width);
      double top = area.y.map(counts[b]);
      svg.rect(
          left,
          top,
          Math.max(0.5, right - left - 1),
          area.y.map(0) - top,
          FILL,
          String.format(Locale.ROOT, "%d to %d: %d", from, from + width - 1, counts[b]));
    }
    return svg.close();
  }
}
