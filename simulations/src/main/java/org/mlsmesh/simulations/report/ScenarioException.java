package org.mlsmesh.simulations.report;

/** A scenario file that can't be run: says which key, which value and why. */
public final class ScenarioException extends Exception {

  public ScenarioException(String message) {
    super(message);
  }

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
