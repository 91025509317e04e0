package org.mlsmesh.simulations.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioRunnersTest {

  /** Echoes its inputs into a record, or fails the way a runner may. */
  private record FakeRunner(String kind) implements ScenarioRunner {
    @Override
    public RunRecord run(String name, Config scenario, long seed, ProgressListener progress)
        throws ScenarioException {
      if (scenario.hasPath("fail")) {
        throw new ScenarioException("key 'fail' = 1: the runner says no");
      }
      if (scenario.hasPath("escape")) {
        scenario.getInt("escape"); // a Typesafe error the runner did not catch
      }
      progress.progress(10, 10);
      return new RunRecord(
          name, kind, seed, 10, List.of(), List.of(), List.of(), List.of(), Map.of(), List.of(),
          "");
    }
  }

  private static ScenarioFile file(String text) throws ScenarioException {
    return ScenarioFiles.parse("x.conf", new StringReader(text));
  }

  @Test
  void standardKnowsGossip() {
    assertThat(ScenarioRunners.standard().kinds()).contains("gossip");
  }

  @Test
  void dispatchesByKindWithTheGivenSeed() throws Exception {
    ScenarioRunners runners = ScenarioRunners.of(List.of(new FakeRunner("a"), new FakeRunner("b")));
    long[] seen = new long[1];
    RunRecord run =
        runners.run(file("kind = b, name = n, seed = 3"), 99, (now, end) -> seen[0] = now);
    assertThat(run.kind()).isEqualTo("b");
    assertThat(run.seed()).isEqualTo(99);
    assertThat(run.scenario()).isEqualTo("n");
    assertThat(seen[0]).isEqualTo(10);
    assertThat(runners.kinds()).containsExactly("a", "b");
  }

  @Test
  void unknownKindNamesFileValueAndTheKnownKinds() {
    ScenarioRunners runners = ScenarioRunners.of(List.of(new FakeRunner("a")));
    assertThatThrownBy(() -> runners.run(file("kind = zz, name = n"), 1, ProgressListener.NONE))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("x.conf: key 'kind' = zz: unknown kind of scenario (known: [a])");
  }

  @Test
  void runnerErrorsGetTheFileName() {
    ScenarioRunners runners = ScenarioRunners.of(List.of(new FakeRunner("a")));
    assertThatThrownBy(
            () -> runners.run(file("kind = a, name = n, fail = 1"), 1, ProgressListener.NONE))
        .hasMessage("x.conf: key 'fail' = 1: the runner says no");
    assertThatThrownBy(
            () -> runners.run(file("kind = a, name = n, escape = many"), 1, ProgressListener.NONE))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("x.conf: ")
        .hasMessageContaining("escape");
  }

  @Test
  void twoRunnersOfOneKindAreRefused() {
    assertThatThrownBy(() -> ScenarioRunners.of(List.of(new FakeRunner("a"), new FakeRunner("a"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a");
  }
}
