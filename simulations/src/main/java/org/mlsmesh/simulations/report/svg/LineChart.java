package org.mlsmesh.simulations.report.svg;

import java.util.ArrayList;
import java.util.List;

/**
 * A chart of one or more lines over shared axes, with a legend. Its size is bounded whatever the
 * input: at most {@value #MAX_SERIES} series (evenly chosen, the caption says so) of at most
 * {@value #MAX_POINTS} points each.
 */
public final class LineChart {
  public static final int MAX_SERIES = 24;
  public static final int MAX_POINTS = 500;
  private static final int LEGEND_ENTRIES = 14;

  private LineChart() {}

  /**
   * Renders the series; each needs at least one point. {@code yMin} is the lowest value the y axis
   * shows (the data may lower it).
   */
  public static String render(
      String title, String xLabel, String yLabel, List<Series> series, double yMin) {
    if (series.isEmpty() || series.stream().anyMatch(s -> s.points().isEmpty())) {
      throw new IllegalArgumentException("a line chart needs series with points");
    }
    List<Series> shown = Downsample.evenly(series, MAX_SERIES);
    List<Series> bounded = new ArrayList<>(shown.size());
    for (Series s : shown) {
      bounded.add(new Series(s.name(), Downsample.points(s.points(), MAX_POINTS)));
    }
    String caption =
        shown.size() < series.size()
            ? title + " (" + shown.size() + " of " + series.size() + " shown)"
            : title;
    return draw(caption, xLabel, yLabel, bounded, yMin);
  }

  private static String draw(
      String title, String xLabel, String yLabel, List<Series> series, double yMin) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yLow = yMin;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (Point p : s.points()) {
        xMin = Math.min(xMin, p.x());
        xMax = Math.max(xMax, p.x());
        yLow = Math.min(yLow, p.y());
        yMax = Math.max(yMax, p.y());
      }
    }
    PlotArea area = new PlotArea(xMin, xMax, yLow, yMax);
    Svg svg = new Svg(PlotArea.WIDTH, PlotArea.HEIGHT, title);
    area.draw(svg, title, xLabel, yLabel);
    for (int i = 0; i < series.size(); i++) {
      List<Point> pixels = new ArrayList<>(series.get(i).points().size());
      series.get(i).points().forEach(p -> pixels.add(area.pixel(p)));
      svg.polyline(pixels, Palette.colour(i), series.get(i).name());
    }
    legend(svg, series);
    return svg.close();
  }

  private static void legend(Svg svg, List<Series> series) {
    double x = PlotArea.WIDTH - PlotArea.RIGHT + 14;
    int entries = Math.min(series.size(), LEGEND_ENTRIES);
    for (int i = 0; i < entries; i++) {
      double y = PlotArea.TOP + 6 + i * 16;
      svg.line(x, y, x + 18, y, Palette.colour(i));
      svg.text(x + 24, y + 4, "start", false, shorten(series.get(i).name()));
    }
    if (series.size() > entries) {
      svg.text(
          x,
          PlotArea.TOP + 6 + entries * 16 + 4,
          "start",
          false,
          "and " + (series.size() - entries) + " more");
    }
  }

  private static String shorten(String name) {
    return name.length() <= 22 ? name : name.substring(0, 21) + "\u2026";
  }
}
