package org.mlsmesh.simulations.report.svg;

import java.util.Locale;

/** The frame of a chart: its size, margins, scales, axes with ticks and labels, and title. */
final class PlotArea {
  static final int WIDTH = 760;
  static final int HEIGHT = 320;
  static final int LEFT = 70;
  static final int RIGHT = 170;
  static final int TOP = 34;
  static final int BOTTOM = 46;
  private static final int TICKS = 6;
  private static final String AXIS = "#444";
  private static final String GRID = "#e4e4e4";

  final LinearScale x;
  final LinearScale y;

  PlotArea(double xMin, double xMax, double yMin, double yMax) {
    x = LinearScale.tight(xMin, xMax, TICKS, LEFT, WIDTH - RIGHT);
    y = LinearScale.nice(yMin, yMax, TICKS, HEIGHT - BOTTOM, TOP);
  }

  Point pixel(Point data) {
    return new Point(x.map(data.x()), y.map(data.y()));
  }

  /** Draws the title, the grid, both axes with their ticks and the axis labels. */
  void draw(Svg svg, String title, String xLabel, String yLabel) {
    svg.text(LEFT, 20, "start", false, title);
    double bottom = HEIGHT - BOTTOM;
    double right = WIDTH - RIGHT;
    for (double t : y.ticks()) {
      double py = y.map(t);
      svg.line(LEFT, py, right, py, GRID);
      svg.text(LEFT - 6, py + 4, "end", false, tickLabel(t));
    }
    for (double t : x.ticks()) {
      double px = x.map(t);
      svg.line(px, bottom, px, bottom + 5, AXIS);
      svg.text(px, bottom + 18, "middle", false, tickLabel(t));
    }
    svg.line(LEFT, bottom, right, bottom, AXIS);
    svg.line(LEFT, TOP, LEFT, bottom, AXIS);
    svg.text((LEFT + right) / 2, HEIGHT - 8, "middle", false, xLabel);
    svg.text(16, (TOP + bottom) / 2, "middle", true, yLabel);
  }

  static String tickLabel(double value) {
    if (value == Math.rint(value)) {
      long v = (long) value;
      return Math.abs(v) >= 1_000_000 && v % 1000 == 0
          ? String.format(Locale.ROOT, "%.4gM", v / 1e6).replaceFirst("\\.?0+M$", "M")
          : Long.toString(v);
    }
    return String.format(Locale.ROOT, "%.3g", value).replaceFirst("(\\.\\d*?)0+$", "$1");
  }
}
