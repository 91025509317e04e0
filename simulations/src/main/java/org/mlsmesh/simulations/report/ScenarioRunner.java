package org.mlsmesh.simulations.report;

import com.typesafe.config.Config;

/** Runs one kind of scenario from its parsed scenario file. */
public interface ScenarioRunner {

  /** The value of the scenario file's {@code kind} key that this runner serves. */
  String kind();

  /**
   * Runs the scenario with the seed.
   *
   * @throws ScenarioException when the scenario file holds a missing, mistyped or out-of-range key
   */
  RunRecord run(String name, Config scenario, long seed, ProgressListener progress)
      throws ScenarioException;
}
