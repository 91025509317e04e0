package org.mlsmesh.interop.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mlsmesh.interop.TsMlsDefects;
import org.mlsmesh.interop.peers.MlsMeshPeer;
import org.mlsmesh.interop.peers.Peer;
import org.mlsmesh.interop.peers.TsMlsPeer;

/**
 * MLS Mesh against the ts-mls client (interop/ts-mls-client) over every script but deep_random, in
 * every suite both support, both directions. Needs Node.js and npm (the lock file is installed with
 * npm ci on first use); without them the test is skipped, saying why. Failures other than the named
 * ts-mls defects fail the build.
 */
class TsMlsInteropTest {
  private static final Path CLIENT = Path.of("ts-mls-client");

  @Test
  void everyScriptBothDirections() throws Exception {
    Optional<String> unavailable = TsMlsPeer.unavailable(CLIENT.toAbsolutePath());
    Assumptions.assumeTrue(
        unavailable.isEmpty(), () -> "ts-mls peer skipped: " + unavailable.get());
    Path log = Files.createDirectories(Path.of("target")).resolve("ts-mls.log");
    List<Script> scripts =
        InteropConfigs.all().stream().filter(s -> !s.config().equals("deep_random")).toList();
    List<Integer> suites = List.of(1, 2);
    try (Peer ours = MlsMeshPeer.start("");
        Peer theirs = TsMlsPeer.start(CLIENT.toAbsolutePath(), log.toAbsolutePath())) {
      List<CaseResult> results =
          new InteropRunner(
                  new InteropRunner.Options(scripts, suites, false, false, TsMlsDefects.ALL),
                  new PrintWriter(System.out, true))
              .run(ours.endpoint(), theirs.endpoint());
      System.out.println(InteropRunner.totals(results));
      assertThat(results)
          .filteredOn(r -> r.outcome() == CaseResult.Outcome.FAILED)
          .extracting(CaseResult::line)
          .isEmpty();
      assertThat(results).filteredOn(r -> r.outcome() == CaseResult.Outcome.PASSED).isNotEmpty();
    }
  }
}
