package org.mlsmesh.simulations.report;

import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mlsmesh.simulations.fork.ForkScenarioRunner;

/** The scenario runners by kind: the {@code kind} key of a scenario file picks one. */
public final class ScenarioRunners {
  private final Map<String, ScenarioRunner> byKind = new TreeMap<>();

  private ScenarioRunners(List<ScenarioRunner> runners) {
    for (ScenarioRunner runner : runners) {
      if (byKind.put(runner.kind(), runner) != null) {
        throw new IllegalArgumentException("two runners of kind " + runner.kind());
      }
    }
  }

  /** Every runner the simulator ships; a new kind is one more element of this list. */
  public static ScenarioRunners standard() {
    return of(List.of(new GossipScenarioRunner(), new ForkScenarioRunner()));
  }

  public static ScenarioRunners of(List<ScenarioRunner> runners) {
    return new ScenarioRunners(runners);
  }

  /** The known kinds, sorted. */
  public Set<String> kinds() {
    return byKind.keySet();
  }

  /** The runner of the file's kind. */
  public ScenarioRunner runnerFor(ScenarioFile file) throws ScenarioException {
    ScenarioRunner runner = byKind.get(file.kind());
    if (runner == null) {
      throw new ScenarioException(
          file.source()
              + ": key 'kind' = "
              + file.kind()
              + ": unknown kind of scenario (known: "
              + kinds()
              + ")");
    }
    return runner;
  }

  /**
   * Runs the file's scenario with {@code seed}. A bad key is reported with the file's name, also
   * when a runner lets a Typesafe Config error escape.
   */
  public RunRecord run(ScenarioFile file, long seed, ProgressListener progress)
      throws ScenarioException {
    ScenarioRunner runner = runnerFor(file);
    try {
      return runner.run(file.name(), file.config(), seed, progress);
    } catch (ScenarioException e) {
      throw new ScenarioException(file.source() + ": " + e.getMessage(), e);
    } catch (ConfigException e) {
      throw new ScenarioException(file.source() + ": " + e.getMessage(), e);
    }
  }
}
