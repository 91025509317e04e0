package org.mlsmesh.app.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.mlsmesh.simulations.report.ProgressListener;

/**
 * Shows how far a simulation has come, on the terminal's error stream. Progress arrives from the
 * simulation's thread, {@link #tick()} from a timer: both are synchronized.
 */
abstract class ProgressDisplay implements ProgressListener {
  final PrintWriter err;
  private int lastPercent = -1;

  ProgressDisplay(PrintWriter err) {
    this.err = err;
  }

  /**
   * A bar redrawn in place, for a terminal; it also shows the wall time since it was made (read
   * from {@code nanoTime}), so a run that reports progress rarely still shows it is alive.
   */
  static ProgressDisplay bar(PrintWriter err, LongSupplier nanoTime) {
    return new Bar(err, nanoTime);
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
  public final synchronized void progress(long virtualNowMillis, long virtualEndMillis) {
    int percent =
        virtualEndMillis <= 0
            ? 100
            : (int) Math.max(0, Math.min(100, virtualNowMillis * 100 / virtualEndMillis));
    if (percent != lastPercent) {
      lastPercent = percent;
      show(percent, virtualNowMillis, virtualEndMillis);
    }
  }

  /** Whether {@link #tick()} does anything, so that a caller knows if a timer is worth it. */
  boolean ticks() {
    return false;
  }

  /** Redraws with the current wall time; called about once a second. */
  synchronized void tick() {}

  abstract void show(int percent, long nowMillis, long endMillis);

  /** Called once when the run has ended. */
  abstract void finish();

  static String virtualTime(long nowMillis, long endMillis) {
    return String.format(
        Locale.ROOT, "virtual %.1f / %.1f s", nowMillis / 1000.0, endMillis / 1000.0);
  }

  private static final class Bar extends ProgressDisplay {
    private static final int WIDTH = 40;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private int percent;
    private long nowMillis;
    private long endMillis;
    private boolean drawn;

    Bar(PrintWriter err, LongSupplier nanoTime) {
      super(err);
      this.nanoTime = nanoTime;
      this.startNanos = nanoTime.getAsLong();
    }

    @Override
    void show(int percent, long nowMillis, long endMillis) {
      this.percent = percent;
      this.nowMillis = nowMillis;
      this.endMillis = endMillis;
      draw();
    }

    @Override
    boolean ticks() {
      return true;
    }

    @Override
    synchronized void tick() {
      draw();
    }

    private void draw() {
      int filled = percent * WIDTH / 100;
      long wallSeconds = (nanoTime.getAsLong() - startNanos) / 1_000_000_000L;
      err.print(
          "\r["
              + "#".repeat(filled)
              + " ".repeat(WIDTH - filled)
              + "] "
              + String.format(Locale.ROOT, "%3d%%", percent)
              + "  "
              + virtualTime(nowMillis, endMillis)
              + "  wall "
              + wallSeconds
              + " s");
      err.flush();
      drawn = true;
    }

    @Override
    synchronized void finish() {
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
