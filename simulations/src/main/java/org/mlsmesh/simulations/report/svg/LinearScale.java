package org.mlsmesh.simulations.report.svg;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a data interval onto a pixel interval, with ticks every {@code step}: a "nice" step of 1, 2
 * or 5 times a power of ten.
 */
record LinearScale(
    double domainMin, double domainMax, double rangeMin, double rangeMax, double step) {

  /**
   * A scale whose domain covers [{@code min}, {@code max}], widened to whole steps (about {@code
   * ticks} of them); an empty interval is widened to one unit.
   */
  static LinearScale nice(double min, double max, int ticks, double rangeMin, double rangeMax) {
    if (!(max > min)) {
      max = min + 1;
    }
    double step = step(max - min, ticks);
    return new LinearScale(
        Math.floor(min / step) * step, Math.ceil(max / step) * step, rangeMin, rangeMax, step);
  }

  /**
   * A scale whose domain is exactly [{@code min}, {@code max}] (for time, where widening would
   * suggest data past the run's end), with nice ticks inside it.
   */
  static LinearScale tight(double min, double max, int ticks, double rangeMin, double rangeMax) {
    if (!(max > min)) {
      max = min + 1;
    }
    return new LinearScale(min, max, rangeMin, rangeMax, step(max - min, ticks));
  }

  double map(double value) {
    return rangeMin + (value - domainMin) / (domainMax - domainMin) * (rangeMax - rangeMin);
  }

  /** The tick values: every step across the domain, both ends included. */
  List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    long first = (long) Math.ceil(domainMin / step - 1e-9);
    long last = (long) Math.floor(domainMax / step + 1e-9);
    for (long i = first; i <= last; i++) {
      ticks.add(i == 0 ? 0.0 : i * step);
    }
    return ticks;
  }

  /** The nice step that cuts {@code span} into about {@code count} parts. */
  static double step(double span, int count) {
    double raw = span / Math.max(1, count);
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    double fraction = raw / power;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * power;
  }
}
