package org.mlsmesh.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.simulations.report.BundledScenarios;
import org.mlsmesh.simulations.report.ReportFiles;
import org.mlsmesh.simulations.report.RunRecord;
import org.mlsmesh.simulations.report.RunSummary;
import org.mlsmesh.simulations.report.ScenarioException;
import org.mlsmesh.simulations.report.ScenarioFile;
import org.mlsmesh.simulations.report.ScenarioFiles;
import org.mlsmesh.simulations.report.ScenarioRunners;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlsmesh simulate}: runs a scenario file on virtual time, checks its invariants and writes
 * {@code metrics.json} and {@code report.html}.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a simulation scenario on virtual time, prints a summary, and writes metrics.json and"
          + " report.html (SVG charts) into the output folder. A run is a pure function of the"
          + " scenario and the seed.",
      "SCENARIO is a scenario file (HOCON, with kind and name) or the name of a bundled scenario"
          + " (--list shows them)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every invariant held",
      "1:an invariant was violated (they are listed)",
      "2:bad usage, or a scenario file that is missing, not HOCON, of an unknown kind or with a"
          + " bad key"
    })
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SCENARIO",
      arity = "0..1",
      description = "A scenario file, or the name of a bundled scenario.")
  String scenario;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "The seed (default: the scenario file's seed, else 1).")
  Long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write the files (default: target/simulations/NAME-SEED/).")
  Path outDir;

  @Option(names = "--list", description = "List the bundled scenarios and exit.")
  boolean list;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      description =
          "How to show progress on stderr: auto (the default: a bar on a terminal, else a line"
              + " per 10%%), bar, lines or none.",
      defaultValue = "auto")
  String progress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (list) {
        list(out);
        return ExitCodes.SUCCESS;
      }
      if (scenario == null) {
        throw new ParameterException(
            spec.commandLine(),
            "Missing SCENARIO: a scenario file or a bundled scenario's name (--list shows them)");
      }
      ProgressDisplay display = display(err);
      ScenarioFile file = resolve(scenario);
      long runSeed = seed != null ? seed : file.seed();
      Path folder =
          outDir != null ? outDir : Path.of("target", "simulations", file.name() + "-" + runSeed);
      err.println(
          "mlsmesh simulate: running " + file.name() + " (" + file.kind() + "), seed " + runSeed);
      err.flush();
      RunRecord run;
      ScheduledExecutorService ticker = display.ticks() ? ticker(display) : null;
      try {
        run = ScenarioRunners.standard().run(file, runSeed, display);
      } finally {
        if (ticker != null) {
          ticker.shutdownNow();
        }
        display.finish();
      }
      out.print(RunSummary.of(run));
      List<Path> written;
      try {
        written = ReportFiles.write(run, folder);
      } catch (IOException e) {
        err.println("mlsmesh simulate: cannot write into " + folder + ": " + e);
        return ExitCodes.BAD_INPUT;
      }
      written.forEach(p -> out.println("wrote " + p));
      out.flush();
      return run.passed() ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    } catch (ScenarioException e) {
      out.flush();
      err.println("mlsmesh simulate: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
  }

  private void list(PrintWriter out) throws ScenarioException {
    for (String name : BundledScenarios.names()) {
      ScenarioFile file = ScenarioFiles.loadBundled(name);
      out.printf("%-22s %-8s %s%n", name, file.kind(), file.description());
    }
    out.flush();
  }

  /** A path when one exists (or the argument looks like one), else a bundled scenario's name. */
  static ScenarioFile resolve(String argument) throws ScenarioException {
    Path path;
    try {
      path = Path.of(argument);
    } catch (InvalidPathException e) {
      throw new ScenarioException(argument + ": not a valid path: " + e.getReason());
    }
    if (Files.exists(path)) {
      return ScenarioFiles.load(path);
    }
    if (BundledScenarios.exists(argument)) {
      return ScenarioFiles.loadBundled(argument);
    }
    if (argument.endsWith(".conf") || argument.contains("/") || argument.contains("\\")) {
      return ScenarioFiles.load(path);
    }
    throw new ScenarioException(
        argument
            + ": no such scenario file, and no bundled scenario of that name"
            + " (mlsmesh simulate --list shows them)");
  }

  /** Redraws the display every second on a daemon thread (the shell's only thread). */
  private static ScheduledExecutorService ticker(ProgressDisplay display) {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "mlsmesh-simulate-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(display::tick, 1, 1, TimeUnit.SECONDS);
    return ticker;
  }

  private ProgressDisplay display(PrintWriter err) {
    return switch (progress) {
      case "bar" -> ProgressDisplay.bar(err, System::nanoTime);
      case "lines" -> ProgressDisplay.lines(err);
      case "none" -> ProgressDisplay.none(err);
      case "auto" ->
          System.console() != null
              ? ProgressDisplay.bar(err, System::nanoTime)
              : ProgressDisplay.lines(err);
      default ->
          throw new ParameterException(
              spec.commandLine(),
              "Invalid value for option '--progress': " + progress + " (auto, bar, lines or none)");
    };
  }
}
