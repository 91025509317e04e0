package org.mlsmesh.simulations.report.svg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class LineChartTest {

  private static Series line(String name, int points, double slope) {
    List<Point> p = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      p.add(new Point(i, i * slope));
    }
    return new Series(name, p);
  }

  @Test
  void oneLinePerSeriesWithTitleAxesAndLegend() throws Exception {
    String svg =
        LineChart.render(
            "Title", "x axis", "y axis", List.of(line("a", 10, 1), line("b", 20, 2)), 0);
    Document doc = SvgAssert.parse(svg);
    assertThat(SvgAssert.count(doc, "polyline")).isEqualTo(2);
    assertThat(doc.getElementsByTagNameNS("*", "title").item(0).getTextContent())
        .isEqualTo("Title");
    assertThat(svg).contains(">x axis<").contains(">y axis<").contains(">a<").contains(">b<");
    Element first = (Element) doc.getElementsByTagNameNS("*", "polyline").item(0);
    assertThat(first.getAttribute("points").split(" ")).hasSize(10);
  }

  @Test
  void pointsStayInsideThePlot() throws Exception {
    Document doc = SvgAssert.parse(LineChart.render("t", "x", "y", List.of(line("a", 50, -3)), 0));
    Element line = (Element) doc.getElementsByTagNameNS("*", "polyline").item(0);
    for (String pair : line.getAttribute("points").split(" ")) {
      double x = Double.parseDouble(pair.split(",")[0]);
      double y = Double.parseDouble(pair.split(",")[1]);
      assertThat(x).isBetween((double) PlotArea.LEFT, (double) PlotArea.WIDTH - PlotArea.RIGHT);
      assertThat(y).isBetween((double) PlotArea.TOP, (double) PlotArea.HEIGHT - PlotArea.BOTTOM);
    }
  }

  @Test
  void namesAreEscaped() throws Exception {
    String name = "<peer & \"friend\">";
    String svg = LineChart.render("t <1>", "x", "y", List.of(line(name, 3, 1)), 0);
    Document doc = SvgAssert.parse(svg);
    assertThat(svg).doesNotContain("<peer");
    assertThat(doc.getElementsByTagNameNS("*", "polyline").item(0).getTextContent())
        .isEqualTo(name);
    assertThat(doc.getDocumentElement().getAttribute("aria-label")).isEqualTo("t <1>");
  }

  @Test
  void manySeriesAndPointsAreBounded() throws Exception {
    List<Series> series = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      series.add(line("s" + i, 5_000, i));
    }
    String svg = LineChart.render("t", "x", "y", series, 0);
    Document doc = SvgAssert.parse(svg);
    assertThat(SvgAssert.count(doc, "polyline")).isEqualTo(LineChart.MAX_SERIES);
    assertThat(svg).contains("(24 of 300 shown)").contains("and 10 more");
    Element line = (Element) doc.getElementsByTagNameNS("*", "polyline").item(0);
    assertThat(line.getAttribute("points").split(" ").length)
        .isLessThanOrEqualTo(LineChart.MAX_POINTS);
    assertThat(svg.length()).isLessThan(200_000);
  }

  @Test
  void aSeriesWithoutPointsIsRefused() {
    assertThatThrownBy(
            () -> LineChart.render("t", "x", "y", List.of(new Series("a", List.of())), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LineChart.render("t", "x", "y", List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
