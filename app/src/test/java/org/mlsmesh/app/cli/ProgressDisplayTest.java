package org.mlsmesh.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

  @Test
  void linesPrintOncePerTenth() {
    StringWriter text = new StringWriter();
    ProgressDisplay lines = ProgressDisplay.lines(new PrintWriter(text));
    for (long now = 0; now <= 60_000; now += 100) {
      lines.progress(now, 60_000);
    }
    lines.finish();
    assertThat(text.toString().lines().toList())
        .hasSize(10)
        .startsWith("progress 10%  virtual 6.0 / 60.0 s")
        .endsWith("progress 100%  virtual 60.0 / 60.0 s");
  }

  @Test
  void aJumpPrintsOnlyWhereItLands() {
    StringWriter text = new StringWriter();
    ProgressDisplay lines = ProgressDisplay.lines(new PrintWriter(text));
    lines.progress(0, 1000);
    lines.progress(1000, 1000);
    assertThat(text.toString().lines().toList())
        .containsExactly("progress 100%  virtual 1.0 / 1.0 s");
  }

  @Test
  void barRedrawsInPlaceOnlyWhenThePercentChangesAndEndsTheLine() {
    StringWriter text = new StringWriter();
    ProgressDisplay bar = ProgressDisplay.bar(new PrintWriter(text), () -> 0L);
    for (long now = 0; now <= 10_000; now += 10) {
      bar.progress(now, 10_000);
    }
    bar.finish();
    String out = text.toString();
    assertThat(out.chars().filter(c -> c == '\r').count()).isEqualTo(101);
    assertThat(out).endsWith("[" + "#".repeat(40) + "] 100%  virtual 10.0 / 10.0 s  wall 0 s\n");
    assertThat(out).contains("\r[" + "#".repeat(20) + " ".repeat(20) + "]  50%");
  }

  @Test
  void barTicksShowTheWallTimeBetweenProgressReports() {
    StringWriter text = new StringWriter();
    long[] nanos = {5_000_000_000L};
    ProgressDisplay bar = ProgressDisplay.bar(new PrintWriter(text), () -> nanos[0]);
    assertThat(bar.ticks()).isTrue();
    bar.progress(0, 60_000);
    nanos[0] += 42_500_000_000L;
    bar.tick();
    assertThat(text.toString())
        .endsWith("\r[" + " ".repeat(40) + "]   0%  virtual 0.0 / 60.0 s  wall 42 s");
    assertThat(ProgressDisplay.lines(new PrintWriter(new StringWriter())).ticks()).isFalse();
  }

  @Test
  void noneIsSilent() {
    StringWriter text = new StringWriter();
    ProgressDisplay none = ProgressDisplay.none(new PrintWriter(text));
    none.progress(5, 10);
    none.finish();
    assertThat(text.toString()).isEmpty();
  }
}
