package org.mlsmesh.simulations.report.svg;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart of values that hold until they change (an epoch, a running count): each point's
 * value is drawn flat until the next point, and the last one until {@code xEnd}.
 */
public final class StepChart {
  private StepChart() {}

  public static String render(
      String title, String xLabel, String yLabel, List<Series> series, double xEnd, double yMin) {
    List<Series> stepped = new ArrayList<>(series.size());
    for (Series s : series) {
      stepped.add(new Series(s.name(), steps(s.points(), xEnd)));
    }
    return LineChart.render(title, xLabel, yLabel, stepped, yMin);
  }

  /** The corners of the step line; bounded to {@link LineChart#MAX_POINTS} before doubling. */
  static List<Point> steps(List<Point> points, double xEnd) {
    List<Point> changes = Downsample.points(points, LineChart.MAX_POINTS / 2 - 1);
    List<Point> corners = new ArrayList<>(changes.size() * 2 + 1);
    for (int i = 0; i < changes.size(); i++) {
      Point p = changes.get(i);
      if (i > 0) {
        corners.add(new Point(p.x(), changes.get(i - 1).y()));
      }
      corners.add(p);
    }
    if (!changes.isEmpty()) {
      Point last = changes.get(changes.size() - 1);
      if (xEnd > last.x()) {
        corners.add(new Point(xEnd, last.y()));
      }
    }
    return corners;
  }
}
