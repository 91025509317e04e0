package org.mlsmesh.simulations.report.svg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class StepChartTest {

  @Test
  void eachValueHoldsUntilTheNextAndTheLastUntilTheEnd() {
    List<Point> corners =
        StepChart.steps(List.of(new Point(1, 0), new Point(3, 1), new Point(4, 3)), 10);
    assertThat(corners)
        .containsExactly(
            new Point(1, 0),
            new Point(3, 0),
            new Point(3, 1),
            new Point(4, 1),
            new Point(4, 3),
            new Point(10, 3));
  }

  @Test
  void noTailWhenTheLastChangeIsAtTheEnd() {
    assertThat(StepChart.steps(List.of(new Point(5, 2)), 5)).containsExactly(new Point(5, 2));
  }

  @Test
  void rendersOneBoundedLinePerSeries() throws Exception {
    List<Point> many = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      many.add(new Point(i, i / 10));
    }
    String svg =
        StepChart.render(
            "epochs",
            "s",
            "epoch",
            List.of(new Series("a", many), new Series("b", List.of(new Point(0, 0)))),
            20_000,
            0);
    Document doc = SvgAssert.parse(svg);
    assertThat(SvgAssert.count(doc, "polyline")).isEqualTo(2);
    String points =
        ((org.w3c.dom.Element) doc.getElementsByTagNameNS("*", "polyline").item(0))
            .getAttribute("points");
    assertThat(points.split(" ").length).isLessThanOrEqualTo(LineChart.MAX_POINTS);
  }
}
