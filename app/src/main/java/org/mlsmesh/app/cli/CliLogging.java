package org.mlsmesh.app.cli;

/** Logging of commands whose stdout is their own output. */
final class CliLogging {
  private CliLogging() {}

  /**
   * Sends logs to stderr at WARN unless a configuration was given; read when logging starts, so
   * call it before the first logger is made.
   */
  static void warningsToStderr() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "org/mlsmesh/app/cli/logback-warn.xml");
    }
  }
}
