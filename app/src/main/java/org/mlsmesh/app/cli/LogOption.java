package org.mlsmesh.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code --log LEVEL}: how much of the nodes' logging the commands that run nodes ({@code node
 * run}, {@code chat}, {@code demo}) write to stderr. Logs never go to stdout (logback.xml).
 */
final class LogOption {
  /** The levels, quietest first. */
  enum LogLevel {
    OFF,
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE
  }

  @Option(
      names = "--log",
      paramLabel = "LEVEL",
      description =
          "The least severe log messages written to stderr: ${COMPLETION-CANDIDATES}"
              + " (default: warn; demo: error), case-insensitive.")
  LogLevel level;

  /**
   * Sets the level given, or else {@code fallback} unless a Logback configuration file was named
   * ({@code -Dlogback.configurationFile}): that file then decides.
   */
  void apply(LogLevel fallback) {
    if (level != null) {
      setRootLevel(level);
    } else if (System.getProperty("logback.configurationFile") == null) {
      setRootLevel(fallback);
    }
  }

  private static void setRootLevel(LogLevel level) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(level.name()));
    }
  }
}
