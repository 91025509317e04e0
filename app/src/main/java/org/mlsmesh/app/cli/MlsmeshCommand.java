package org.mlsmesh.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mlsmesh}: the top-level command. */
@Command(
    name = "mlsmesh",
    mixinStandardHelpOptions = true,
    version = "mlsmesh 0.1.0",
    description = "MLS Mesh: peer-to-peer group messaging on Messaging Layer Security (RFC 9420).",
    subcommands = {
      ChatCommand.class,
      ConformanceCommand.class,
      DemoCommand.class,
      InteropCommand.class,
      InteropClientCommand.class,
      KeygenCommand.class,
      NodeCommand.class,
      SimulateCommand.class,
      TestnetCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:the job failed", "2:bad usage or bad input"})
final class MlsmeshCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }
}
