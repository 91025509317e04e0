package org.mlsmesh.simulations.report.svg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class HistogramTest {

  /** The counts in the bars' hover texts ("from to to: count"). */
  private static long total(Document doc) {
    NodeList rects = doc.getElementsByTagNameNS("*", "rect");
    long sum = 0;
    for (int i = 0; i < rects.getLength(); i++) {
      String tip = rects.item(i).getTextContent();
      sum += Long.parseLong(tip.substring(tip.lastIndexOf(": ") + 2));
    }
    return sum;
  }

  @Test
  void aHundredThousandValuesInBoundedBarsThatCountThemAll() throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    long[] values = new long[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 50 + (long) (Math.abs(random.nextGaussian()) * 400);
    }
    Arrays.sort(values);
    String svg = Histogram.render("latency", "ms", values);
    Document doc = SvgAssert.parse(svg);
    assertThat(SvgAssert.count(doc, "rect")).isBetween(10, Histogram.MAX_BINS);
    assertThat(total(doc)).isEqualTo(values.length);
    assertThat(svg.length()).isLessThan(30_000);
  }

  @Test
  void fewDistinctValuesGetABarEach() throws Exception {
    Document doc = SvgAssert.parse(Histogram.render("t", "ms", new long[] {5, 5, 6, 8, 8, 8}));
    assertThat(SvgAssert.count(doc, "rect")).isEqualTo(3);
    assertThat(doc.getElementsByTagNameNS("*", "rect").item(2).getTextContent())
        .isEqualTo("8 to 8: 3");
    assertThat(total(doc)).isEqualTo(6);
  }

  @Test
  void oneValue() throws Exception {
    Document doc = SvgAssert.parse(Histogram.render("t", "ms", new long[] {42}));
    assertThat(total(doc)).isEqualTo(1);
  }

  @Test
  void noValuesIsRefused() {
    assertThatThrownBy(() -> Histogram.render("t", "ms", new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
