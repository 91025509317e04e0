package org.mlsmesh.interop.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlsmesh.interop.peers.MlsMeshPeer;
import org.mlsmesh.interop.peers.Peer;
import org.mlsmesh.protocol.crypto.CipherSuite;

/**
 * MLS Mesh against MLS Mesh (two clients, two gRPC servers), both directions: every script but
 * deep_random in suite 1, and one script per config that exercises the most in the six other
 * suites. The whole (every script, every suite: 273 cases, about 2 minutes on a loaded 2-core
 * machine) and deep_random (1,670 steps, up to two dozen members: about 45 s per assignment and
 * suite) run through {@code ./mlsmesh interop}.
 */
class MlsMeshInteropTest {
  /** Per config, the script that covers the most of it. */
  static final Set<String> REPRESENTATIVE =
      Set.of(
          "welcome_join/with_psk",
          "external_join/with_psk",
          "application/out_of_order_across_epochs",
          "commit/all_together_bob_proposes",
          "reinit/change_ciphersuite",
          "branch/with_extensions",
          "external_proposals/external_reinit");

  private static Peer a;
  private static Peer b;

  @BeforeAll
  static void start() throws Exception {
    a = MlsMeshPeer.start(" (a)");
    b = MlsMeshPeer.start(" (b)");
  }

  @AfterAll
  static void stop() throws Exception {
    a.close();
    b.close();
  }

  private static List<CaseResult> run(List<Script> scripts, List<Integer> suites) {
    List<CaseResult> results =
        new InteropRunner(
                new InteropRunner.Options(scripts, suites, false, false, List.of()),
                new PrintWriter(System.out, true))
            .run(a.endpoint(), b.endpoint());
    System.out.println(InteropRunner.totals(results));
    assertThat(results)
        .filteredOn(r -> r.outcome() != CaseResult.Outcome.PASSED)
        .extracting(CaseResult::line)
        .isEmpty();
    assertThat(results).hasSize(scripts.size() * suites.size());
    return results;
  }

  @Test
  void everyScriptInSuiteOne() {
    List<Script> scripts =
        InteropConfigs.all().stream().filter(s -> !s.config().equals("deep_random")).toList();
    assertThat(scripts).hasSize(39);
    run(scripts, List.of(1));
  }

  @Test
  void oneScriptPerConfigInTheOtherSuites() {
    List<Script> scripts =
        InteropConfigs.all().stream().filter(s -> REPRESENTATIVE.contains(s.id())).toList();
    assertThat(scripts).hasSize(REPRESENTATIVE.size());
    List<Integer> suites = new ArrayList<>();
    Arrays.stream(CipherSuite.values())
        .map(CipherSuite::id)
        .filter(id -> id != 1)
        .forEach(suites::add);
    run(scripts, suites);
  }
}
