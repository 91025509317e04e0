package org.mlsmesh.simulations.report.svg;

import java.util.List;
import java.util.Locale;

/** Writes one standalone SVG element; every text and attribute value is escaped. */
final class Svg {
  private final StringBuilder out = new StringBuilder();

  Svg(int width, int height, String title) {
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(escape(title))
        .append("\" font-family=\"sans-serif\" font-size=\"11\">")
        .append("<title>")
        .append(escape(title))
        .append("</title>");
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke) {
    out.append("<line x1=\"")
        .append(num(x1))
        .append("\" y1=\"")
        .append(num(y1))
        .append("\" x2=\"")
        .append(num(x2))
        .append("\" y2=\"")
        .append(num(y2))
        .append("\" stroke=\"")
        .append(escape(stroke))
        .append("\"/>");
    return this;
  }

  /** A rectangle with a hover text. */
  Svg rect(double x, double y, double width, double height, String fill, String tooltip) {
    out.append("<rect x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" width=\"")
        .append(num(width))
        .append("\" height=\"")
        .append(num(height))
        .append("\" fill=\"")
        .append(escape(fill))
        .append("\"><title>")
        .append(escape(tooltip))
        .append("</title></rect>");
    return this;
  }

  /** A line through the points (already in pixels), named by a hover text. */
  Svg polyline(List<Point> pixels, String stroke, String tooltip) {
    out.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
        .append(escape(stroke))
        .append("\" points=\"");
    for (int i = 0; i < pixels.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(num(pixels.get(i).x())).append(',').append(num(pixels.get(i).y()));
    }
    out.append("\"><title>").append(escape(tooltip)).append("</title></polyline>");
    return this;
  }

  /** Text anchored at {@code anchor} (start, middle, end), optionally rotated by -90 degrees. */
  Svg text(double x, double y, String anchor, boolean vertical, String text) {
    out.append("<text x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append('"');
    if (vertical) {
      out.append(" transform=\"rotate(-90 ")
          .append(num(x))
          .append(' ')
          .append(num(y))
          .append(")\"");
    }
    out.append('>').append(escape(text)).append("</text>");
    return this;
  }

  String close() {
    return out.append("</svg>").toString();
  }

  static String escape(String text) {
    return Xml.escape(text);
  }

  /** A pixel coordinate with one decimal at most. */
  static String num(double value) {
    double rounded = Math.round(value * 10) / 10.0;
    if (rounded == Math.rint(rounded)) {
      return Long.toString((long) rounded);
    }
    return String.format(Locale.ROOT, "%.1f", rounded);
  }
}
