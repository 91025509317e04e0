package org.mlsmesh.simulations.report.svg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearScaleTest {

  @Test
  void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(LinearScale.step(100, 5)).isEqualTo(20);
    assertThat(LinearScale.step(7, 6)).isEqualTo(2);
    assertThat(LinearScale.step(1, 4)).isEqualTo(0.5);
    assertThat(LinearScale.step(30_000, 6)).isEqualTo(5000);
    assertThat(LinearScale.step(0.003, 3)).isEqualTo(0.001, within(1e-15));
  }

  @Test
  void niceDomainCoversTheDataOnWholeTicks() {
    LinearScale s = LinearScale.nice(3, 97, 5, 0, 500);
    assertThat(s.domainMin()).isEqualTo(0);
    assertThat(s.domainMax()).isEqualTo(100);
    assertThat(s.ticks()).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0, 100.0);
  }

  @Test
  void mapsLinearlyAndMayInvertTheRange() {
    LinearScale y = LinearScale.nice(0, 10, 5, 300, 20);
    assertThat(y.map(0)).isEqualTo(300);
    assertThat(y.map(10)).isEqualTo(20);
    assertThat(y.map(5)).isEqualTo(160);
  }

  @Test
  void anEmptyIntervalIsWidened() {
    LinearScale s = LinearScale.nice(4, 4, 5, 0, 100);
    assertThat(s.domainMax()).isGreaterThan(s.domainMin());
    assertThat(s.map(4)).isBetween(0.0, 100.0);
  }

  @Test
  void negativeValues() {
    LinearScale s = LinearScale.nice(-7, 3, 5, 0, 100);
    assertThat(s.domainMin()).isEqualTo(-8);
    assertThat(s.domainMax()).isEqualTo(4);
    assertThat(s.ticks()).contains(0.0).first().isEqualTo(-8.0);
  }

  @Test
  void tightDomainKeepsTheDataBoundsWithTicksInside() {
    LinearScale s = LinearScale.tight(3, 97, 5, 0, 500);
    assertThat(s.domainMin()).isEqualTo(3);
    assertThat(s.domainMax()).isEqualTo(97);
    assertThat(s.map(97)).isEqualTo(500);
    assertThat(s.ticks()).containsExactly(20.0, 40.0, 60.0, 80.0);
  }
}
