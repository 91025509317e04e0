package org.mlsmesh.simulations.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.simulations.GroupFigures;
import org.mlsmesh.simulations.Report;
import org.mlsmesh.simulations.Scenario;

class GossipScenarioRunnerTest {
  private static final String SMALL =
      "kind = gossip\nname = small\npeers = 20\nmessages = 10\nwarmup = 5s\nduration = 20s\n";

  private static RunRecord run(String text, long seed, ProgressListener progress)
      throws ScenarioException {
    ScenarioFile file = ScenarioFiles.parse("g.conf", new StringReader(text));
    return ScenarioRunners.standard().run(file, seed, progress);
  }

  private static Scenario scenario(String text) throws ScenarioException {
    return GossipScenarioRunner.scenario(new ScenarioKeys(ConfigFactory.parseString(text)), 5);
  }

  @Test
  void smallRunDeliversEverythingAndReportsTheFigures() throws Exception {
    List<Long> progress = new ArrayList<>();
    RunRecord run = run(SMALL, 3, (now, end) -> progress.add(now * 100 / end));
    assertThat(run.kind()).isEqualTo("gossip");
    assertThat(run.scenario()).isEqualTo("small");
    assertThat(run.seed()).isEqualTo(3);
    assertThat(run.virtualMillis()).isEqualTo(20_000);
    assertThat(run.members()).hasSize(20).startsWith("peer-0");
    assertThat(run.metrics())
        .containsKeys(
            "delivery-ratio",
            "latency-p50-ms",
            "latency-p99-ms",
            "copies-per-peer-per-message",
            "control-bytes",
            "bans",
            "wall-time-s")
        .doesNotContainKey("heal-ratio-5s");
    assertThat(run.metrics().get("delivery-ratio")).isEqualTo(1.0);
    assertThat(run.metrics().get("messages")).isEqualTo(10.0);
    assertThat(run.passed()).isTrue();
    assertThat(run.traceSha256()).hasSize(64);
    assertThat(progress).containsExactly(0L, 100L);
  }

  @Test
  void sameSeedSameTraceOtherSeedOtherTrace() throws Exception {
    String first = run(SMALL, 1, ProgressListener.NONE).traceSha256();
    assertThat(run(SMALL, 1, ProgressListener.NONE).traceSha256()).isEqualTo(first);
    assertThat(run(SMALL, 2, ProgressListener.NONE).traceSha256()).isNotEqualTo(first);
  }

  @Test
  void readsEveryKeyIntoTheScenario() throws Exception {
    Scenario s =
        scenario(
            "peers = 30, messages = 20, payload-bytes = 64, warmup = 4s, interval = 50ms,"
                + " duration = 60s, latency-min = 5ms, latency-max = 50ms, jitter = 3ms,"
                + " loss = 0.2, duplication = 0.1, crash = 0.25, partition = 10s,"
                + " partition-at = 6s, adversaries = 2, gossip { graft-timeout = 700ms }");
    assertThat(s.peers()).isEqualTo(30);
    assertThat(s.messages()).isEqualTo(20);
    assertThat(s.payloadBytes()).isEqualTo(64);
    assertThat(s.warmupMillis()).isEqualTo(4000);
    assertThat(s.publishIntervalMillis()).isEqualTo(50);
    assertThat(s.durationMillis()).isEqualTo(60_000);
    assertThat(s.minLatencyMillis()).isEqualTo(5);
    assertThat(s.maxLatencyMillis()).isEqualTo(50);
    assertThat(s.jitterMillis()).isEqualTo(3);
    assertThat(s.loss()).isEqualTo(0.2);
    assertThat(s.duplication()).isEqualTo(0.1);
    assertThat(s.crashFraction()).isEqualTo(0.25);
    assertThat(s.partitionAtMillis()).isEqualTo(6000);
    assertThat(s.healAtMillis()).isEqualTo(16_000);
    assertThat(s.adversaries()).isEqualTo(2);
    assertThat(s.seed()).isEqualTo(5);
    assertThat(s.gossip().graftTimeout().toMillis()).isEqualTo(700);
  }

  @Test
  void defaultsAreAStableNetwork() throws Exception {
    Scenario s = scenario("peers = 10, messages = 3");
    // 30 s after the last publish
    Scenario expected = Scenario.stable(10, 3, 5).timing(30_000, 100, 60_200).build();
    assertThat(s).isEqualTo(expected);
  }

  @Test
  void unknownKeyIsNamedWithItsValue() {
    assertThatThrownBy(() -> run(SMALL + "los = 0.1\n", 1, ProgressListener.NONE))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "g.conf: key 'los' = 0.1 (line 7): not a setting of a gossip scenario;"
                + " the nearest known key is 'loss'");
  }

  @Test
  void outOfRangeAndMistypedValues() {
    assertThatThrownBy(() -> scenario("loss = 1.5"))
        .hasMessage("key 'loss' = 1.5: must be between 0.0 and 0.99");
    assertThatThrownBy(() -> scenario("peers = many"))
        .hasMessage("key 'peers' = many: must be an integer");
    assertThatThrownBy(() -> scenario("peers = 1"))
        .hasMessage("key 'peers' = 1: must be between 2 and 100000");
    assertThatThrownBy(() -> scenario("peers = 2.5"))
        .hasMessage("key 'peers' = 2.5: must be an integer");
    assertThatThrownBy(() -> scenario("peers = 3000000000"))
        .hasMessage("key 'peers' = 3000000000: must be between 2 and 100000");
    assertThatThrownBy(() -> scenario("warmup = 30"))
        .hasMessage("key 'warmup' = 30: needs a unit, such as 500ms or 30s");
    assertThatThrownBy(() -> scenario("interval = fast"))
        .hasMessageContaining("key 'interval' = fast: must be a duration");
    assertThatThrownBy(() -> scenario("peers = 5, adversaries = 5"))
        .hasMessage("key 'adversaries' = 5: must be between 0 and 4");
    assertThatThrownBy(() -> scenario("latency-min = 50ms, latency-max = 10ms"))
        .hasMessage("key 'latency-max' = 10ms: must be at least latency-min (50 ms)");
  }

  @Test
  void timingThatDoesNotHoldTogether() {
    assertThatThrownBy(
            () -> scenario("messages = 100, warmup = 10s, interval = 1s, duration = 20s"))
        .hasMessageContaining("key 'duration' = 20s: the run must last until the last publish at")
        .hasMessageContaining("109000 ms");
    assertThatThrownBy(
            () -> scenario("messages = 1, warmup = 10s, duration = 20s, partition = 15s"))
        .hasMessageContaining("key 'partition' = 15s: the halves must heal (at 25000 ms)");
    assertThatThrownBy(() -> scenario("partition-at = 5s"))
        .hasMessageContaining("key 'partition-at' = 5s: needs 'partition'");
  }

  @Test
  void sizesTheMachineCannotRunAreRefusedBeforeAllocating() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> scenario("peers = 100000, messages = 1000000"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("peers = 100000 and messages = 1000000: the run needs about ")
        .hasMessageContaining("1.1 TiB of memory")
        .hasMessageContaining("-Xmx");
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void virtualTimeIsCappedAtADay() throws Exception {
    assertThatThrownBy(() -> scenario("messages = 10, duration = 3650d"))
        .hasMessage(
            "key 'duration': the run would last 315360000000 ms; at most 24h of virtual time");
    assertThatThrownBy(() -> scenario("messages = 1000, interval = 1h"))
        .hasMessageStartingWith("warmup + interval x (messages - 1) + 30s: the run would last");
    assertThat(scenario("messages = 10, duration = 24h").durationMillis()).isEqualTo(86_400_000L);
  }

  @Test
  void gossipOverridesAreChecked() {
    assertThatThrownBy(() -> scenario("gossip { graft-timeot = 1s }"))
        .hasMessage(
            "key 'gossip.graft-timeot' = 1s (line 1): not a setting of a gossip scenario;"
                + " the nearest known key is 'gossip.graft-timeout'");
    assertThatThrownBy(() -> scenario("gossip { active-view-size = lots }"))
        .hasMessageStartingWith("key 'gossip.active-view-size' = lots: must be an integer");
    assertThatThrownBy(() -> scenario("gossip = 3"))
        .hasMessage("key 'gossip' = 3: must be an object { ... }");
  }

  @Test
  void groupKeysNeedGroupsAndRostersAreTrueOrFalse() {
    assertThatThrownBy(() -> run(SMALL + "group-size-max = 5\n", 1, ProgressListener.NONE))
        .hasMessageContaining("key 'group-size-max' = 5: needs groups");
    assertThatThrownBy(() -> run(SMALL + "max-payload-ratio = 2\n", 1, ProgressListener.NONE))
        .hasMessageContaining("key 'max-payload-ratio' = 2: needs groups");
    assertThatThrownBy(
            () -> run(SMALL + "groups = 2\ngroup-rosters = 3\n", 1, ProgressListener.NONE))
        .hasMessageContaining("key 'group-rosters' = 3: must be true or false");
    assertThatThrownBy(
            () ->
                run(
                    SMALL + "groups = 2\ngroup-size-min = 4\ngroup-size-max = 3\n",
                    1,
                    ProgressListener.NONE))
        .hasMessageContaining("key 'group-size-max' = 3: must be between 4 and");
  }

  @Test
  void withoutRostersEveryPeerCarriesEveryGroup() throws Exception {
    String groups = "groups = 3\ngroup-size-min = 3\ngroup-size-max = 5\n";
    RunRecord members = run(SMALL + groups, 1, ProgressListener.NONE);
    assertThat(members.metrics()).containsEntry("frames-at-non-members", 0.0);
    RunRecord everyone = run(SMALL + groups + "group-rosters = false\n", 1, ProgressListener.NONE);
    assertThat(everyone.metrics().get("frames-at-non-members")).isPositive();
    assertThat(everyone.passed()).isFalse();
  }

  @Test
  void healRatioNeedsAPartition() {
    assertThatThrownBy(() -> run(SMALL + "min-heal-ratio = 1\n", 1, ProgressListener.NONE))
        .hasMessageContaining("key 'min-heal-ratio' = 1: needs a partition");
  }

  @Test
  void aDeliveryRatioBelowTheMinimumIsAViolation() {
    Scenario scenario = Scenario.stable(10, 5, 1).partition(30_000, 40_000).build();
    Report report =
        new Report(
            scenario,
            5,
            10,
            0.9,
            0.5,
            100,
            200,
            2,
            4,
            1.2,
            1000,
            10,
            0,
            500,
            "ff",
            1,
            1,
            GroupFigures.NONE);
    RunRecord run = GossipScenarioRunner.record("r", scenario, report, 1.0, 0.75, Double.MAX_VALUE);
    assertThat(run.passed()).isFalse();
    assertThat(run.invariantViolations())
        .containsExactly(
            "delivery ratio 0.900000 is below the required 1.0 (min-delivery-ratio)",
            "ratio delivered within 5 s of the heal 0.500000 is below the required 0.75"
                + " (min-heal-ratio)");
    assertThat(run.metrics()).containsEntry("heal-ratio-5s", 0.5);

    RunRecord lenient =
        GossipScenarioRunner.record("r", scenario, report, 0.9, 0.5, Double.MAX_VALUE);
    assertThat(lenient.passed()).isTrue();
  }

  @Test
  void everyBundledGossipScenarioIsValid() throws Exception {
    for (String name : BundledScenarios.names()) {
      ScenarioFile file = ScenarioFiles.loadBundled(name);
      if (!file.kind().equals(GossipScenarioRunner.KIND)) {
        continue;
      }
      ScenarioKeys keys = new ScenarioKeys(file.config());
      Scenario s = GossipScenarioRunner.scenario(keys, file.seed());
      assertThat(s.peers()).as(name).isEqualTo(name.equals("gossip-smoke") ? 50 : 1000);
    }
  }
}
