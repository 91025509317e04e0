package org.mlsmesh.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mlsmesh.interop.TsMlsDefects;
import org.mlsmesh.interop.peers.MlsMeshPeer;
import org.mlsmesh.interop.peers.Peer;
import org.mlsmesh.interop.peers.TsMlsPeer;
import org.mlsmesh.interop.runner.CaseResult;
import org.mlsmesh.interop.runner.InteropConfigs;
import org.mlsmesh.interop.runner.InteropRunner;
import org.mlsmesh.interop.runner.Script;
import org.mlsmesh.protocol.crypto.CipherSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlsmesh interop}: plays the working group's interop scripts between two clients. */
@Command(
    name = "interop",
    mixinStandardHelpOptions = true,
    description = {
      "Plays the MLS working group's interop scripts (configs/*.json) between MLS Mesh and a peer"
          + " interop client over gRPC, for every suite both support, checking that the members"
          + " agree on the epoch authenticator and exported secrets after every step and read each"
          + " other's messages.",
      "Prints one line per (script, client pair, suite) and the totals as the last line. Failures"
          + " explained by a known defect of the peer are named 'peer defect' with the RFC section"
          + " they break."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no failure other than named peer defects",
      "1:a case failed",
      "2:bad usage, or the peer cannot run here"
    })
final class InteropCommand implements Callable<Integer> {
  private static final String TS_MLS_SHIMMED = "ts-mls+uncompressed-keys";

  @Spec CommandSpec spec;

  @Option(
      names = "--peer",
      paramLabel = "PEER",
      description =
          "The other client: mlsmesh (a second MLS Mesh client), ts-mls (the Node.js client in"
              + " interop/ts-mls-client, installed with npm ci), ts-mls+uncompressed-keys (the same"
              + " with a shim that hands ts-mls uncompressed ECDSA keys, reported under its own"
              + " name), or HOST:PORT of any running interop client (default: ${DEFAULT-VALUE}).")
  String peer = "mlsmesh";

  @Option(
      names = "--config",
      paramLabel = "NAME",
      description = "Only these configs (repeatable; default: all of ${COMPLETION-CANDIDATES}).")
  List<String> configs = new ArrayList<>();

  @Option(
      names = "--script",
      paramLabel = "CONFIG/NAME",
      description = "Only these scripts, e.g. commit/add (repeatable).")
  List<String> scripts = new ArrayList<>();

  @Option(
      names = "--suite",
      paramLabel = "N",
      description = "Only these cipher suites (repeatable; default: 1 to 7).")
  List<Integer> suites = new ArrayList<>();

  @Option(
      names = "--exhaustive",
      description =
          "Every assignment of the two clients to a script's actors (scripts of at most 5 actors);"
              + " default: both directions, the actors alternating between the clients.")
  boolean exhaustive;

  @Option(names = "--encrypt-handshake", description = "Send proposals and Commits encrypted.")
  boolean encryptHandshake;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Script> selected;
    try {
      selected = selectScripts();
    } catch (IllegalArgumentException e) {
      err.println("mlsmesh interop: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    List<Integer> suiteIds =
        suites.isEmpty()
            ? Arrays.stream(CipherSuite.values()).map(CipherSuite::id).toList()
            : List.copyOf(suites);
    try (Peer ours = MlsMeshPeer.start(peer.equals("mlsmesh") ? " (a)" : "");
        Peer theirs = startPeer(err)) {
      if (theirs == null) {
        return ExitCodes.BAD_INPUT;
      }
      InteropRunner runner =
          new InteropRunner(
              new InteropRunner.Options(
                  selected, suiteIds, exhaustive, encryptHandshake, TsMlsDefects.ALL),
              out);
      List<CaseResult> results = runner.run(ours.endpoint(), theirs.endpoint());
      long defects =
          results.stream().filter(r -> r.outcome() == CaseResult.Outcome.PEER_DEFECT).count();
      long failed = results.stream().filter(r -> r.outcome() == CaseResult.Outcome.FAILED).count();
      if (defects > 0) {
        out.println("(" + defects + " of the failures are named peer defects)");
      }
      out.println(InteropRunner.totals(results));
      return failed > 0 ? ExitCodes.FAILURE : ExitCodes.SUCCESS;
    }
  }

  private List<Script> selectScripts() {
    for (String config : configs) {
      if (!InteropConfigs.NAMES.contains(config)) {
        throw new IllegalArgumentException(
            "unknown config '" + config + "' (--config); known: " + InteropConfigs.NAMES);
      }
    }
    List<Script> out = new ArrayList<>();
    for (String config : configs.isEmpty() ? InteropConfigs.NAMES : configs) {
      for (Script script : InteropConfigs.scripts(config)) {
        if (scripts.isEmpty() || scripts.contains(script.id())) {
          out.add(script);
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no script matches --script " + scripts);
    }
    return out;
  }

  /** The peer, or null after saying why it cannot run. */
  private Peer startPeer(PrintWriter err) throws InterruptedException {
    try {
      if (peer.equals("mlsmesh")) {
        return MlsMeshPeer.start(" (b)");
      }
      if (peer.equals("ts-mls") || peer.equals(TS_MLS_SHIMMED)) {
        Path dir = home().resolve("interop/ts-mls-client");
        Optional<String> missing = TsMlsPeer.unavailable(dir);
        if (missing.isPresent()) {
          err.println("mlsmesh interop: the ts-mls peer cannot run here: " + missing.get());
          return null;
        }
        Path log = Files.createDirectories(home().resolve("interop/target")).resolve("ts-mls.log");
        return TsMlsPeer.start(dir, log, peer.equals(TS_MLS_SHIMMED));
      }
      int colon = peer.lastIndexOf(':');
      if (colon <= 0) {
        err.println(
            "mlsmesh interop: --peer "
                + peer
                + " is none of mlsmesh, ts-mls, "
                + TS_MLS_SHIMMED
                + ", HOST:PORT");
        return null;
      }
      return Peer.remote(peer.substring(0, colon), Integer.parseInt(peer.substring(colon + 1)));
    } catch (IOException | RuntimeException e) {
      err.println(
          "mlsmesh interop: cannot start or reach the peer " + peer + ": " + e.getMessage());
      return null;
    }
  }

  private static Path home() {
    String home = System.getProperty("mlsmesh.home");
    return home == null ? Path.of("") : Path.of(home);
  }
}
