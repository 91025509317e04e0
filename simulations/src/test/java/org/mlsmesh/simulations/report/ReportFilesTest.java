package org.mlsmesh.simulations.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {

  @Test
  void writesBothFilesIntoANewFolder(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("a").resolve("b");
    RunRecord run = Runs.synthetic(3, 4, 20, List.of());
    List<Path> written = ReportFiles.write(run, folder);
    assertThat(written)
        .containsExactly(folder.resolve(ReportFiles.METRICS), folder.resolve(ReportFiles.REPORT));
    assertThat(Files.readString(written.get(0))).isEqualTo(MetricsJson.of(run));
    assertThat(Files.readString(written.get(1))).isEqualTo(HtmlReport.of(run));
  }
}
