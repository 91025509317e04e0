package org.mlsmesh.simulations.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a run's {@code metrics.json} and {@code report.html} into a folder. */
public final class ReportFiles {
  public static final String METRICS = "metrics.json";
  public static final String REPORT = "report.html";

  private ReportFiles() {}

  /** Creates {@code folder} if needed and writes both files; returns their paths. */
  public static List<Path> write(RunRecord run, Path folder) throws IOException {
    Files.createDirectories(folder);
    Path metrics = folder.resolve(METRICS);
    Path report = folder.resolve(REPORT);
    Files.writeString(metrics, MetricsJson.of(run), StandardCharsets.UTF_8);
    Files.writeString(report, HtmlReport.of(run), StandardCharsets.UTF_8);
    return List.of(metrics, report);
  }
}
