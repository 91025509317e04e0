package org.mlsmesh.control.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MlsNodeEvent;

/**
 * An inline SVG step chart of one group's epoch over the recent events: each {@code EpochChanged} a
 * step, each {@code ForkResolved} a red mark.
 */
final class EpochChart {
  private static final int WIDTH = 420;
  private static final int HEIGHT = 90;
  private static final int PAD = 22;

  private EpochChart() {}

  static String render(GroupId group, List<EventLog.Entry> events) {
    List<long[]> points = new ArrayList<>(); // {time, epoch, fork ? 1 : 0}
    for (EventLog.Entry e : events) {
      if (!e.event().groupId().equals(group)) {
        continue;
      }
      if (e.event() instanceof MlsNodeEvent.EpochChanged c) {
        points.add(new long[] {e.timeMillis(), c.epoch(), 0});
      } else if (e.event() instanceof MlsNodeEvent.ForkResolved f) {
        points.add(new long[] {e.timeMillis(), f.epoch(), 1});
      }
    }
    if (points.isEmpty()) {
      return "<p class=\"muted\">No epoch change among the recent events.</p>";
    }
    long t0 = points.get(0)[0];
    long t1 = Math.max(t0 + 1, points.get(points.size() - 1)[0]);
    long e0 = points.stream().mapToLong(p -> p[1]).min().orElse(0);
    long e1 = Math.max(e0 + 1, points.stream().mapToLong(p -> p[1]).max().orElse(1));
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"epochs\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"epochs over time\">")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\" stroke=\"#d8dce2\"/>");
    StringBuilder path = new StringBuilder();
    double lastY = 0;
    for (long[] p : points) {
      double x = x(p[0], t0, t1);
      double y = y(p[1], e0, e1);
      path.append(path.length() == 0 ? "M" : " L" + fmt(x) + "," + fmt(lastY) + " L")
          .append(fmt(x))
          .append(',')
          .append(fmt(y));
      lastY = y;
    }
    path.append(" L").append(WIDTH - PAD).append(',').append(fmt(lastY));
    svg.append("<path d=\"")
        .append(path)
        .append("\" fill=\"none\" stroke=\"#1d6b3a\" stroke-width=\"2\"/>");
    for (long[] p : points) {
      if (p[2] == 1) {
        svg.append("<circle class=\"fork-mark\" cx=\"")
            .append(fmt(x(p[0], t0, t1)))
            .append("\" cy=\"")
            .append(fmt(y(p[1], e0, e1)))
            .append("\" r=\"5\" fill=\"#b3261e\"><title>fork resolved at epoch ")
            .append(p[1])
            .append("</title></circle>");
      }
    }
    svg.append("<text x=\"4\" y=\"12\" font-size=\"10\">epoch ")
        .append(e1)
        .append("</text><text x=\"4\" y=\"")
        .append(HEIGHT - 4)
        .append("\" font-size=\"10\">epoch ")
        .append(e0)
        .append("</text></svg>");
    return svg.toString();
  }

  private static double x(long t, long t0, long t1) {
    return PAD + (WIDTH - 2.0 * PAD) * (t - t0) / (t1 - t0);
  }

  private static double y(long epoch, long e0, long e1) {
    return HEIGHT - PAD + 6 - (HEIGHT - 2.0 * PAD) * (epoch - e0) / (e1 - e0);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
