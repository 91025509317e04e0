package org.mlsmesh.simulations.fork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import org.junit.jupiter.api.Test;
import org.mlsmesh.simulations.report.ScenarioException;

class ForkScenarioParseTest {
  private static ForkScenario parse(String hocon) throws ScenarioException {
    return ForkScenario.parse(ConfigFactory.parseString(hocon));
  }

  @Test
  void everyForkScenarioFileParses() throws Exception {
    File[] files = new File("scenarios").listFiles((d, n) -> n.endsWith(".conf"));
    assertThat(files).isNotEmpty();
    int forks = 0;
    for (File f : files) {
      var config = ConfigFactory.parseFile(f);
      if (!config.getString("kind").equals("fork")) {
        continue;
      }
      forks++;
      ForkScenario s = ForkScenario.parse(config);
      assertThat(s.members()).as(f.getName()).isGreaterThan(1);
    }
    assertThat(forks).isGreaterThanOrEqualTo(15);
  }

  @Test
  void defaultsAndAll() throws Exception {
    ForkScenario s = parse("kind = fork, commits.committers = all");
    assertThat(s.committers()).isEqualTo(ForkScenario.ALL);
    assertThat(s.members()).isEqualTo(8);
    assertThat(s.tailMillis()).isEqualTo(3 * s.settleWindowMillis() + 3_000);
    assertThat(s.transport()).isEqualTo(ForkScenario.Transport.GOSSIP);
    assertThat(parse("kind = fork, network.transport = broadcast").transport())
        .isEqualTo(ForkScenario.Transport.BROADCAST);
  }

  @Test
  void aMeasuredSettleWindowStartsAtItsMaximumAndSetsTheTail() throws Exception {
    ForkScenario fixed = parse("kind = fork, settle-window-ms = 1200");
    assertThat(fixed.settleWindowMeasured()).isFalse();
    assertThat(fixed.settleWindowMillis()).isEqualTo(1_200);
    ForkScenario measured =
        parse("kind = fork, settle-window-ms = measured, settle-window-max-ms = 7000");
    assertThat(measured.settleWindowMeasured()).isTrue();
    assertThat(measured.settleWindowMillis()).isEqualTo(7_000);
    assertThat(measured.tailMillis()).isEqualTo(2 * 7_000 + 3_000);
    assertThatThrownBy(() -> parse("kind = fork, settle-window-ms = guessed"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'settle-window-ms'")
        .hasMessageContaining("guessed")
        .hasMessageContaining("\"measured\"");
    assertThatThrownBy(() -> parse("kind = fork, settle-window-max-ms = 100"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'settle-window-max-ms' = 100");
  }

  @Test
  void anUnknownKeyNamesItsLineAndTheNearestKnownKey() {
    assertThatThrownBy(() -> parse("kind = fork\nmembers = 3\nnetwork { los = 0.1 }"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "key 'network.los' = 0.1 (line 3): not a setting of a fork scenario;"
                + " the nearest known key is 'network.loss'");
  }

  @Test
  void aHugeValueIsQuotedShort() {
    assertThatThrownBy(() -> parse("kind = fork, network.transport = " + "x".repeat(100_000)))
        .hasMessageContaining("(100000 characters)")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }

  @Test
  void badKeysSayKeyValueAndWhy() {
    assertThatThrownBy(() -> parse("kind = fork, memberz = 3"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("memberz");
    assertThatThrownBy(() -> parse("kind = gossip"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'kind'")
        .hasMessageContaining("gossip");
    assertThatThrownBy(() -> parse("kind = fork, members = 1"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'members' = 1")
        .hasMessageContaining("[2, 5000]");
    assertThatThrownBy(() -> parse("kind = fork, network.loss = 0.95"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'network.loss' = 0.95");
    assertThatThrownBy(() -> parse("kind = fork, network.transport = carrier-pigeon"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'network.transport'")
        .hasMessageContaining("carrier-pigeon");
    assertThatThrownBy(() -> parse("kind = fork, commits.committers = some"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'commits.committers'")
        .hasMessageContaining("some");
    assertThatThrownBy(() -> parse("kind = fork, members = 2.5"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> parse("kind = fork, commits.pacing = 3"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("true or false");
    assertThatThrownBy(
            () ->
                parse(
                    "kind = fork, duration-ms = 5000, partition { parts = 2, start-ms = 4000,"
                        + " duration-ms = 2000 }"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("heal within");
    assertThatThrownBy(() -> parse("kind = fork, members = 4, churn.leaves = 3"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'churn.leaves' = 3");
  }

  @Test
  void crashesAreSpreadAndMustRestartBeforeTheEnd() throws Exception {
    ForkScenario none = parse("kind = fork");
    assertThat(none.crashes()).isZero();
    assertThat(none.crashDownMillis()).isEqualTo(2_000);
    ForkScenario some = parse("kind = fork, crashes { count = 3, down-ms = 1500 }");
    assertThat(some.crashes()).isEqualTo(3);
    assertThat(some.crashDownMillis()).isEqualTo(1_500);
    assertThatThrownBy(() -> parse("kind = fork, crashes.count = -1"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'crashes.count' = -1");
    assertThatThrownBy(() -> parse("kind = fork, crashes.down-ms = 0"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'crashes.down-ms' = 0");
    assertThatThrownBy(
            () -> parse("kind = fork, tail-ms = 4000, crashes { count = 1, down-ms = 5000 }"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("'crashes.down-ms' = 5000")
        .hasMessageContaining("restart before the run ends");
    assertThatThrownBy(() -> parse("kind = fork, beacons.fanout = 3"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("beacons.fanout");
  }
}
