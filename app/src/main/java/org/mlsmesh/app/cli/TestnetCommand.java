package org.mlsmesh.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mlsmesh.app.testnet.Testnet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlsmesh testnet}: a scenario on real node processes under real network faults. */
@Command(
    name = "testnet",
    mixinStandardHelpOptions = true,
    description = {
      "Starts N `node run` processes, each in its own Linux network namespace on a bridge, drives"
          + " SCENARIO through their control APIs with faults from the kernel (nftables partitions"
          + " and random loss, kill -9 and restart), checks the simulator's invariants on the"
          + " nodes' events, and writes metrics.json and report.html. Needs root, ip and nft;"
          + " removes its namespaces on exit, also on failure or Ctrl-C."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every invariant held",
      "1:an invariant was violated or the scenario stopped",
      "2:bad usage, or not root, or ip or nft missing"
    })
final class TestnetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SCENARIO",
      description = "A bundled scenario (--list names them).")
  String scenario;

  @Option(
      names = "--nodes",
      paramLabel = "N",
      defaultValue = "5",
      description = "Node processes, 3 to 30 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description =
          "Draws the racers, the sides of the partition and the node killed (default:"
              + " ${DEFAULT-VALUE}). Timing is real: two runs of one seed take the same steps,"
              + " not the same interleavings.")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where the report and the nodes' files go (default: target/testnet/SCENARIO-seed-S).")
  Path outDir;

  @Option(names = "--list", description = "Names the bundled scenarios and exits.")
  boolean list;

  @Mixin LogOption log;

  @Override
  public Integer call() throws Exception {
    log.apply(LogOption.LogLevel.WARN);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (list) {
      Testnet.scenarios().forEach(out::println);
      return ExitCodes.SUCCESS;
    }
    if (scenario == null) {
      err.println("mlsmesh testnet: missing SCENARIO; one of:");
      Testnet.scenarios().forEach(s -> err.println("  " + s));
      return ExitCodes.BAD_INPUT;
    }
    if (!Testnet.isScenario(scenario)) {
      err.println("mlsmesh testnet: no scenario named " + scenario + "; one of:");
      Testnet.scenarios().forEach(s -> err.println("  " + s));
      return ExitCodes.BAD_INPUT;
    }
    if (nodes < 3 || nodes > 30) {
      err.println("mlsmesh testnet: --nodes must be between 3 and 30, got " + nodes);
      return ExitCodes.BAD_INPUT;
    }
    Optional<String> cannot = Testnet.cannotRun();
    if (cannot.isPresent()) {
      err.println("mlsmesh testnet: " + cannot.get());
      return ExitCodes.BAD_INPUT;
    }
    Path dir = outDir != null ? outDir : Path.of("target", "testnet", scenario + "-seed-" + seed);
    try {
      return Testnet.run(scenario, nodes, seed, dir.toAbsolutePath(), out);
    } catch (IOException e) {
      // The network could not be built, or the report not written: the message names the step.
      err.println("mlsmesh testnet: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
  }
}
