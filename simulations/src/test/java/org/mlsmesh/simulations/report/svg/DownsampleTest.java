package org.mlsmesh.simulations.report.svg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownsampleTest {

  private static List<Point> wave(int n) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(new Point(i, Math.sin(i / 50.0) * 10));
    }
    return points;
  }

  @Test
  void shortSeriesAreKept() {
    List<Point> points = wave(10);
    assertThat(Downsample.points(points, 10)).isEqualTo(points);
  }

  @Test
  void longSeriesAreBoundedOrderedAndKeepEndsAndPeaks() {
    List<Point> points = new ArrayList<>(wave(100_000));
    points.set(54_321, new Point(54_321, 1000));
    points.set(12_345, new Point(12_345, -1000));
    List<Point> kept = Downsample.points(points, 200);
    assertThat(kept.size()).isLessThanOrEqualTo(200).isGreaterThan(100);
    assertThat(kept.get(0)).isEqualTo(points.get(0));
    assertThat(kept.get(kept.size() - 1)).isEqualTo(points.get(points.size() - 1));
    assertThat(kept).contains(new Point(54_321, 1000), new Point(12_345, -1000));
    for (int i = 1; i < kept.size(); i++) {
      assertThat(kept.get(i).x()).isGreaterThan(kept.get(i - 1).x());
    }
  }

  @Test
  void evenlyKeepsFirstAndLast() {
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      items.add(i);
    }
    List<Integer> kept = Downsample.evenly(items, 5);
    assertThat(kept).containsExactly(0, 249, 499, 749, 999);
    assertThat(Downsample.evenly(List.of(1, 2), 5)).containsExactly(1, 2);
  }

  @Test
  void tooSmallBoundsAreRefused() {
    assertThatThrownBy(() -> Downsample.points(wave(10), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Downsample.evenly(List.of(1, 2, 3), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
