package org.mlsmesh.simulations.report.svg;

import java.util.List;

/** A named line of points in data units, ordered by x. */
public record Series(String name, List<Point> points) {
  public Series {
    points = List.copyOf(points);
  }
}
