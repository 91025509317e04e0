package org.mlsmesh.interop.runner;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.mlsmesh.interop.runner.CaseResult.Outcome;

/**
 * Plays scripts against pairs of interop clients: for every script, every pair, every suite both
 * clients support, every assignment (see {@link Assignments}). Prints one line per (script, pair,
 * suite) as it goes, and returns the results.
 */
public final class InteropRunner {
  /** What to run. */
  public record Options(
      List<Script> scripts,
      List<Integer> suites,
      boolean exhaustive,
      boolean encryptHandshake,
      List<PeerDefect> defects) {
    public Options {
      scripts = List.copyOf(scripts);
      suites = List.copyOf(suites);
      defects = List.copyOf(defects);
    }
  }

  private final Options options;
  private final PrintWriter out;
  private final PeerEvidence evidence = new PeerEvidence();

  public InteropRunner(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Runs every script between {@code a} and {@code b}. */
  public List<CaseResult> run(ClientEndpoint a, ClientEndpoint b) {
    List<CaseResult> results = new ArrayList<>();
    String pair = a.name() + " <-> " + b.name();
    for (Script script : options.scripts()) {
      for (int suite : options.suites()) {
        CaseResult result = runCase(script, pair, suite, a, b);
        results.add(result);
        out.println(result.line());
        out.flush();
      }
    }
    return results;
  }

  private CaseResult runCase(
      Script script, String pair, int suite, ClientEndpoint a, ClientEndpoint b) {
    for (ClientEndpoint client : List.of(a, b)) {
      if (!client.suites().contains(suite)) {
        return new CaseResult(
            script.id(), pair, suite, Outcome.SKIPPED, 0, client.name() + " lacks the suite");
      }
    }
    Optional<Integer> other = otherSuite(suite, a, b);
    if (usesSecondSuite(script) && other.isEmpty()) {
      return new CaseResult(
          script.id(), pair, suite, Outcome.SKIPPED, 0, "no second suite both clients support");
    }
    List<Map<String, ClientEndpoint>> assignments =
        Assignments.of(script.actors(), a, b, options.exhaustive());
    long seed = script.id().hashCode() * 31L + suite;
    Optional<String> unimplemented = Optional.empty();
    int passed = 0;
    for (Map<String, ClientEndpoint> assignment : assignments) {
      ScriptPlayer player =
          new ScriptPlayer(
              assignment, suite, other.orElse(suite), options.encryptHandshake(), seed++);
      try {
        player.play(script);
        passed++;
      } catch (ScriptFailure failure) {
        String detail = failure.getMessage() + " [" + Assignments.describe(assignment) + "]";
        if (failure.unimplemented()) {
          unimplemented = unimplemented.or(() -> Optional.of(detail));
          continue;
        }
        Optional<String> defect =
            explain(
                failure.getMessage(),
                usesSecondSuite(script) ? List.of(suite, other.orElse(suite)) : List.of(suite),
                a,
                b);
        return defect.isPresent()
            ? new CaseResult(
                script.id(), pair, suite, Outcome.PEER_DEFECT, 0, defect.get() + " -- " + detail)
            : new CaseResult(script.id(), pair, suite, Outcome.FAILED, 0, detail);
      }
    }
    if (unimplemented.isPresent()) {
      // Never a pass: some assignment could not run at all.
      return new CaseResult(
          script.id(),
          pair,
          suite,
          Outcome.SKIPPED,
          passed,
          "not implemented by a client ("
              + passed
              + " of "
              + assignments.size()
              + " assignments passed): "
              + unimplemented.get());
    }
    return new CaseResult(script.id(), pair, suite, Outcome.PASSED, passed, "");
  }

  /** The defect that explains {@code failure}, on evidence from the suites the case used. */
  private Optional<String> explain(
      String failure, List<Integer> suites, ClientEndpoint a, ClientEndpoint b) {
    for (ClientEndpoint client : List.of(a, b)) {
      if (options.defects().stream().noneMatch(d -> client.name().startsWith(d.peerName()))) {
        continue;
      }
      Set<String> facts = new HashSet<>();
      suites.forEach(suite -> facts.addAll(evidence.of(client, suite)));
      Optional<String> defect =
          PeerDefect.explain(
              options.defects(), client.name(), new PeerDefect.Failure(failure, facts));
      if (defect.isPresent()) {
        return defect;
      }
    }
    return Optional.empty();
  }

  /** The suite a ReInit changes to: the next one (cyclically) that both clients support. */
  private Optional<Integer> otherSuite(int suite, ClientEndpoint a, ClientEndpoint b) {
    Predicate<Integer> both = s -> a.suites().contains(s) && b.suites().contains(s) && s != suite;
    List<Integer> candidates = new ArrayList<>(a.suites());
    candidates.sort(Integer::compare);
    for (int s : candidates) {
      if (s > suite && both.test(s)) {
        return Optional.of(s);
      }
    }
    return candidates.stream().filter(both).findFirst();
  }

  private static boolean usesSecondSuite(Script script) {
    return script.steps().stream()
        .anyMatch(
            step ->
                step.path("changeCiphersuite").asBoolean()
                    || step.path("description").path("changeCipherSuite").asBoolean());
  }

  /** {@code N passed, M failed, K skipped}: peer defects count as failed. */
  public static String totals(List<CaseResult> results) {
    long passed = results.stream().filter(r -> r.outcome() == Outcome.PASSED).count();
    long skipped = results.stream().filter(r -> r.outcome() == Outcome.SKIPPED).count();
    long failed = results.size() - passed - skipped;
    return passed + " passed, " + failed + " failed, " + skipped + " skipped";
  }
}
