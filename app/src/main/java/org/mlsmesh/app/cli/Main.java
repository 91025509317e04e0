package org.mlsmesh.app.cli;

import picocli.CommandLine;

/** Entry point of the {@code mlsmesh} executable. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code: 0 success, 1 job failed, 2 bad usage. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    return new CommandLine(new MlsmeshCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (e, cmd, parseResult) -> {
              cmd.getErr().println("mlsmesh: " + e.getMessage());
              return ExitCodes.FAILURE;
            });
  }
}
