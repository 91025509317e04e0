package org.mlsmesh.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mlsmesh.app.demo.DemoEvent;
import org.mlsmesh.app.demo.DemoJson;
import org.mlsmesh.app.demo.DemoNarrator;
import org.mlsmesh.app.demo.DemoRun;
import org.mlsmesh.app.demo.DemoSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlsmesh demo}: five nodes on 127.0.0.1 form a group, race two Commits, split and heal; the
 * command narrates what happened and writes {@code demo.json}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts five nodes (alice, bob, carol, dave, erin) on 127.0.0.1 in this process, over real"
          + " TLS links: alice creates a group and invites bob and carol through the KeyPackage"
          + " directory; they chat; alice and bob invite dave and erin at the same instant (a"
          + " commit race: the fork choice keeps one Commit everywhere, the loser rolls back and"
          + " re-applies its Add); all five chat; {alice, bob} and {carol, dave, erin} are cut"
          + " apart and both sides keep sending; the cut heals.",
      "Narrates what the nodes reported, checks the invariants (one epoch authenticator at all"
          + " five, every message delivered exactly once to every member) and writes every event"
          + " and the summary to demo.json."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every invariant held", "1:an invariant was violated (they are listed)"})
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write demo.json (default: target/demo/).")
  Path outDir = Path.of("target", "demo");

  @Option(
      names = "--messages",
      paramLabel = "N",
      description = "Messages each member sends in each chat round (default: ${DEFAULT-VALUE}).",
      defaultValue = "4")
  int messages;

  @Option(
      names = "--partition",
      paramLabel = "MILLIS",
      description = "How long the two sides stay apart, in ms (default: ${DEFAULT-VALUE}).",
      defaultValue = "1500")
  long partitionMillis;

  @Mixin LogOption log;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    // Errors only unless --log: the nodes' warnings (links cut by the partition) are the story the
    // narration tells.
    log.apply(LogOption.LogLevel.ERROR);
    if (messages < 1 || partitionMillis < 0) {
      spec.commandLine()
          .getErr()
          .println("mlsmesh demo: --messages must be at least 1, --partition not negative");
      return ExitCodes.BAD_INPUT;
    }
    Path work = Files.createTempDirectory("mlsmesh-demo");
    List<DemoEvent> events;
    try {
      events =
          DemoRun.run(
              work,
              new DemoRun.Settings(messages, partitionMillis),
              e ->
                  DemoNarrator.live(e)
                      .ifPresent(
                          line -> {
                            synchronized (out) {
                              out.println(line);
                              out.flush();
                            }
                          }));
    } finally {
      deleteTree(work);
    }
    DemoSummary summary = DemoSummary.of(events);
    DemoNarrator.summary(summary).forEach(out::println);
    Path json = outDir.resolve("demo.json");
    DemoJson.write(json, summary, events);
    out.println("Events and summary: " + json);
    out.flush();
    return summary.ok() ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
