package org.mlsmesh.simulations.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HtmlReportTest {

  @Test
  void passingRunHasVerdictTableAndFourCharts() throws Exception {
    RunRecord run = Runs.synthetic(4, 30, 500, List.of());
    String html = HtmlReport.of(run);
    Document doc = Xhtml.parse(html);
    assertThat(Xhtml.count(doc, "svg")).isEqualTo(4);
    assertThat(Xhtml.count(doc, "tr")).isEqualTo(1 + run.metrics().size());
    assertThat(html).contains("Every invariant held").doesNotContain("class=\"fail\"");
    assertThat(html).contains("123.457"); // six significant digits
    assertThat(html).doesNotContain("<script", "src=", "href=");
  }

  @Test
  void failingRunListsEveryViolationEscaped() throws Exception {
    RunRecord run =
        Runs.synthetic(2, 3, 10, List.of("member <b>&1</b> diverged", "message 7 lost"));
    String html = HtmlReport.of(run);
    Document doc = Xhtml.parse(html);
    assertThat(Xhtml.count(doc, "li")).isEqualTo(2);
    assertThat(html)
        .contains("2 invariant violation(s)")
        .contains("member &lt;b&gt;&amp;1&lt;/b&gt;");
  }

  @Test
  void memberNamesAreEscapedInsideTheCharts() throws Exception {
    String evil = "<script>alert(\"x\")</script>&";
    RunRecord run =
        new RunRecord(
            "s<>",
            "k&",
            1,
            5000,
            List.of(evil),
            List.of(new RunRecord.EpochSample(1000, evil, 1, "aa")),
            List.of(),
            List.of(),
            Map.of("m<", 1.0),
            List.of(),
            "00");
    String html = HtmlReport.of(run);
    Document doc = Xhtml.parse(html);
    assertThat(html).doesNotContain("<script>");
    assertThat(doc.getElementsByTagNameNS("*", "polyline").item(0).getTextContent())
        .isEqualTo(evil);
  }

  @Test
  void aRunWithoutSeriesSaysSoInsteadOfDrawing() throws Exception {
    String html = HtmlReport.of(Runs.empty());
    Document doc = Xhtml.parse(html);
    assertThat(Xhtml.count(doc, "svg")).isZero();
    assertThat(html)
        .contains("This run recorded no epochs.")
        .contains("This run recorded no per-delivery latencies");
  }

  @Test
  void epochsWithoutForksStillDrawFlatForkCounts() throws Exception {
    RunRecord run = Runs.synthetic(2, 5, 0, List.of());
    RunRecord noForks =
        new RunRecord(
            run.scenario(),
            run.kind(),
            run.seed(),
            run.virtualMillis(),
            run.members(),
            run.epochs(),
            List.of(),
            List.of(),
            run.metrics(),
            List.of(),
            run.traceSha256());
    Document doc = Xhtml.parse(HtmlReport.of(noForks));
    assertThat(Xhtml.count(doc, "svg")).isEqualTo(2);
  }

  @Test
  void aThousandMembersAndAHundredThousandLatenciesGiveABoundedPage() throws Exception {
    RunRecord run = Runs.synthetic(1000, 100, 100_000, List.of());
    String html = HtmlReport.of(run);
    Document doc = Xhtml.parse(html);
    assertThat(html.length()).isLessThan(400_000);
    // 24 member lines + 2 fork lines + 1 cumulative latency line
    assertThat(Xhtml.count(doc, "polyline")).isEqualTo(24 + 2 + 1);
    assertThat(html).contains("(24 of 1000 shown)");
  }

  @Test
  void sizeStopsGrowingWithTheRun() {
    int large = HtmlReport.of(Runs.synthetic(500, 250, 100_000, List.of())).length();
    int larger = HtmlReport.of(Runs.synthetic(1000, 500, 400_000, List.of())).length();
    assertThat(larger).isLessThan(large * 11 / 10).isLessThan(400_000);
  }
}
