package org.mlsmesh.simulations.fork;

import com.typesafe.config.Config;
import org.mlsmesh.simulations.report.ProgressListener;
import org.mlsmesh.simulations.report.RunRecord;
import org.mlsmesh.simulations.report.ScenarioException;
import org.mlsmesh.simulations.report.ScenarioRunner;

/** Runs scenario files of {@code kind = fork} (see {@link ForkScenario} for the keys). */
public final class ForkScenarioRunner implements ScenarioRunner {
  @Override
  public String kind() {
    return "fork";
  }

  @Override
  public RunRecord run(String name, Config scenario, long seed, ProgressListener progress)
      throws ScenarioException {
    return new ForkSimulation(ForkScenario.parse(scenario), seed).run(name, progress);
  }
}
