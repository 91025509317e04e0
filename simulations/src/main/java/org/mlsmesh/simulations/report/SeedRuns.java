package org.mlsmesh.simulations.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs one scenario (or one scenario per seed, such as the random schedules) over a range of seeds,
 * on several threads: each run is a pure function of its scenario and seed, so the runs are
 * independent and the results come back in seed order, whatever thread ran them.
 */
public final class SeedRuns {
  /** The scenario of one seed. */
  @FunctionalInterface
  public interface ScenarioOf {
    ScenarioFile of(long seed) throws ScenarioException;
  }

  /** One seed's run: its record, or why it could not run. */
  public record Outcome(long seed, RunRecord run, String error) {
    public boolean passed() {
      return error == null && run.passed();
    }
  }

  private final ScenarioRunners runners;
  private final int threads;

  public SeedRuns(ScenarioRunners runners, int threads) {
    this.runners = Objects.requireNonNull(runners, "runners");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    this.threads = threads;
  }

  /**
   * Runs seeds {@code from..to} (inclusive) and hands each outcome, in seed order, to {@code each}.
   */
  public void run(ScenarioOf scenarios, long from, long to, Consumer<Outcome> each)
      throws InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread t = new Thread(task, "mlsmesh-seed-run");
              t.setDaemon(true);
              return t;
            });
    try {
      Deque<Future<Outcome>> inFlight = new ArrayDeque<>();
      long next = from;
      while (next <= to || !inFlight.isEmpty()) {
        while (next <= to && inFlight.size() < 2 * threads) {
          long seed = next++;
          inFlight.add(pool.submit(() -> runOne(scenarios, seed)));
        }
        try {
          each.accept(inFlight.poll().get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("a seed run failed to complete", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Outcome runOne(ScenarioOf scenarios, long seed) {
    try {
      ScenarioFile file = scenarios.of(seed);
      return new Outcome(seed, runners.run(file, seed, (now, end) -> {}), null);
    } catch (ScenarioException | RuntimeException e) {
      return new Outcome(seed, null, e.toString());
    }
  }
}
