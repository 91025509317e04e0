package org.mlsmesh.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlsmesh node}: commands of a node. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Runs a node.",
    subcommands = {NodeRunCommand.class})
final class NodeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand (run)");
  }
}
