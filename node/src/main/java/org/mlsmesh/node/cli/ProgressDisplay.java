package org.mlsmesh.node.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.mlsmesh.simulations.report.ProgressListener;

/** Shows how far a simulation has come, on the terminal's error stream. */
abstract class ProgressDisplay implements ProgressListener {
  final PrintWriter err;
  private int lastPercent = -1;

  ProgressDisplay(PrintWriter err) {
    this.err = err;
  }

  /** A bar redrawn in place; for a terminal. */
  static ProgressDisplay bar(PrintWriter err) {
    return new Bar(err);
  }

  /** One line per tenth of the run; for a log file or a pipe. */
  static ProgressDisplay lines(PrintWriter err) {
    return new Lines(err);
  }

  /** Nothing at all. */
  static ProgressDisplay none(PrintWriter err) {
    return new ProgressDisplay(err) {
      @Override
      void show(int percent, long nowMillis, long endMillis) {}

      @Override
      void finish() {}
    };
  }

  @Override
  public final void progress(long virtualNowMillis, long virtualEndMillis) {
    int percent =
        virtualEndMillis <= 0
            ? 100
            : (int) Math.max(0, Math.min(100, virtualNowMillis * 100 / virtualEndMillis));
    if (percent != lastPercent) {
      lastPercent = percent;
      show(percent, virtualNowMillis, virtualEndMillis);
    }
  }

  abstract void show(int percent, long nowMillis, long endMillis);

  /** Called once when the run has ended. */
  abstract void finish();

  static String virtualTime(long nowMillis, long endMillis) {
    return String.format(
        Locale.ROOT, "virtual %.1f / %.1f s", nowMillis / 1000.0, endMillis / 1000.0);
  }

  private static final class Bar extends ProgressDisplay {
    private static final int WIDTH = 40;
    private boolean drawn;

    Bar(PrintWriter err) {
      super(err);
    }

    @Override
    void show(int percent, long nowMillis, long endMillis) {
      int filled = percent * WIDTH / 100;
      err.print(
          "\r["
              + "#".repeat(filled)
              + " ".repeat(WIDTH - filled)
              + "] "
              + String.format(Locale.ROOT, "%3d%%", percent)
              + "  "
              + virtualTime(nowMillis, endMillis));
      err.flush();
      drawn = true;
    }

    @Override
    void finish() {
      if (drawn) {
        err.println();
        err.flush();
      }
    }
  }

  private static final class Lines extends ProgressDisplay {
    private int lastTenth = 0;

    Lines(PrintWriter err) {
      super(err);
    }

    @Override
    void show(int percent, long nowMillis, long endMillis) {
      int tenth = percent / 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        err.println("progress " + tenth * 10 + "%  " + virtualTime(nowMillis, endMillis));
        err.flush();
      }
    }

    @Override
    void finish() {}
  }
}
