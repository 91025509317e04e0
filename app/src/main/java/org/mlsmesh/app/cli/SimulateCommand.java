package org.mlsmesh.app.cli;

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
import org.mlsmesh.simulations.fork.RandomSchedule;
import org.mlsmesh.simulations.report.BundledScenarios;
import org.mlsmesh.simulations.report.ReportFiles;
import org.mlsmesh.simulations.report.RunRecord;
import org.mlsmesh.simulations.report.RunSummary;
import org.mlsmesh.simulations.report.ScenarioException;
import org.mlsmesh.simulations.report.ScenarioFile;
import org.mlsmesh.simulations.report.ScenarioFiles;
import org.mlsmesh.simulations.report.ScenarioRunners;
import org.mlsmesh.simulations.report.SeedRuns;
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
      "SCENARIO is a scenario file (HOCON, with kind and name), the name of a bundled scenario"
          + " (--list shows them), or random: a fork scenario drawn whole from the seed"
          + " (partitions, loss, churn, crashes, commit races).",
      "--seeds A..B runs the scenario for every seed of the range (random: one schedule per"
          + " seed) on every core, prints a line for each failing seed with the command that"
          + " replays it, and the totals."
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
      names = "--seeds",
      paramLabel = "A..B",
      description = "Run every seed from A to B (inclusive) and report the failing ones.")
  String seeds;

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
      if (seeds != null) {
        return runSeeds(out, err);
      }
      ProgressDisplay display = display(err);
      ScenarioFile file =
          RandomSchedule.NAME.equals(scenario)
              ? RandomSchedule.file(seed != null ? seed : 1)
              : resolve(scenario);
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

  /** {@code --seeds A..B}: one line per failing seed with its replay command, then the totals. */
  private int runSeeds(PrintWriter out, PrintWriter err) throws ScenarioException {
    long[] range = seedRange(seeds);
    boolean random = RandomSchedule.NAME.equals(scenario);
    ScenarioFile fixed = random ? null : resolve(scenario);
    int threads = Runtime.getRuntime().availableProcessors();
    long started = System.nanoTime();
    long[] counts = new long[2];
    try {
      new SeedRuns(ScenarioRunners.standard(), threads)
          .run(
              s -> random ? RandomSchedule.file(s) : fixed,
              range[0],
              range[1],
              outcome -> {
                counts[outcome.passed() ? 0 : 1]++;
                if (!outcome.passed()) {
                  out.println(failure(outcome));
                  out.flush();
                }
                long done = counts[0] + counts[1];
                if (done % 10 == 0) {
                  err.printf(
                      "mlsmesh simulate: %d of %d seeds run%n", done, range[1] - range[0] + 1);
                  err.flush();
                }
              });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("mlsmesh simulate: interrupted");
      return ExitCodes.FAILURE;
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    out.printf(
        "%s, seeds %d..%d, %d thread(s): %d s%n", scenario, range[0], range[1], threads, seconds);
    out.printf("%d passed, %d failed%n", counts[0], counts[1]);
    out.flush();
    return counts[1] == 0 ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
  }

  private String failure(SeedRuns.Outcome outcome) {
    String why =
        outcome.error() != null
            ? outcome.error()
            : outcome.run().invariantViolations().size()
                + " violation(s), first: "
                + outcome.run().invariantViolations().get(0);
    return "seed "
        + outcome.seed()
        + " FAILED: "
        + why
        + "\n  replay: ./mlsmesh simulate "
        + scenario
        + " --seed "
        + outcome.seed();
  }

  /** {@code A..B} with {@code 0 <= A <= B}. */
  private long[] seedRange(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,18})\\.\\.(\\d{1,18})").matcher(text);
    if (!m.matches() || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--seeds': "
              + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
              + " (A..B, whole numbers, A <= B)");
    }
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }

  private void list(PrintWriter out) throws ScenarioException {
    for (String name : BundledScenarios.names()) {
      ScenarioFile file = ScenarioFiles.loadBundled(name);
      out.printf("%-22s %-8s %s%n", name, file.kind(), file.description());
    }
    out.printf(
        "%-22s %-8s %s%n",
        RandomSchedule.NAME,
        "fork",
        "a whole schedule drawn from the seed (use with --seed N or --seeds A..B)");
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
