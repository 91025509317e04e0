package org.mlsmesh.app.testnet;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.mlsmesh.control.v1.GroupStatus;

/**
 * {@code mlsmesh testnet}: N {@code node run} processes in network namespaces on a bridge, a
 * scenario driven through their control APIs with faults from the kernel, and the simulator's
 * invariants checked on what the nodes told.
 */
public final class Testnet {
  /** Exit codes, as every command's. */
  public static final int PASSED = 0;

  public static final int FAILED = 1;
  public static final int CANNOT_RUN = 2;

  private Testnet() {}

  /** Why a testnet cannot run here, if it cannot: not root, or ip or nft missing. */
  public static Optional<String> cannotRun() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      if (!Integer.valueOf(0).equals(uid)) {
        return Optional.of(
            "the testnet needs root (network namespaces, veth links, a bridge, nftables)");
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.of("the testnet needs Linux (/proc/self): " + e.getMessage());
    }
    for (String[] tool : new String[][] {{"ip", "iproute2"}, {"nft", "nftables"}}) {
      if (!onPath(tool[0])) {
        return Optional.of(
            tool[0] + " is not on the PATH (Debian: apt-get install -y " + tool[1] + ")");
      }
    }
    return Optional.empty();
  }

  /** The names of the bundled scenarios, with what each does. */
  public static List<String> scenarios() {
    return TestnetScenario.BUNDLED.stream().map(s -> s.name() + ": " + s.description()).toList();
  }

  /** Whether {@code name} is a bundled scenario. */
  public static boolean isScenario(String name) {
    return TestnetScenario.named(name).isPresent();
  }

  /**
   * Runs scenario {@code name} with {@code size} nodes, writing into {@code out}; returns {@link
   * #PASSED} when every invariant held.
   */
  public static int run(String name, int size, long seed, Path out, PrintWriter stdout)
      throws IOException, InterruptedException {
    TestnetScenario scenario = TestnetScenario.named(name).orElseThrow();
    deleteRecursively(out.resolve("nodes"));
    Files.createDirectories(out);
    List<TestnetNode.Collected> events = TestnetNode.newSink();
    List<TestnetNode> nodes = new ArrayList<>();
    long start = System.nanoTime();
    Network network = Network.create(size);
    for (int i = 0; i < size; i++) {
      nodes.add(
          new TestnetNode(i, out.resolve("nodes").resolve("n" + i), network.namespace(i), events));
    }
    TestnetDriver driver =
        new TestnetDriver(scenario, network, nodes, javaCommand(), events, seed, stdout);
    Thread cleanup =
        new Thread(
            () -> {
              nodes.forEach(TestnetNode::killNow);
              network.close();
            },
            "mlsmesh-testnet-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C, SIGTERM
    Optional<String> failure = Optional.empty();
    List<GroupStatus> views = List.of();
    try {
      try {
        driver.run();
      } catch (Exception e) {
        failure = Optional.of("the scenario stopped: " + e);
        stdout.println(failure.get());
      }
      if (driver.groupId != null) {
        views = driver.groupViews();
      }
    } finally {
      nodes.forEach(TestnetNode::stop);
      network.close();
      removeHook(cleanup);
    }
    List<String> memberIds =
        nodes.stream()
            .filter(n -> driver.members.contains(n.index))
            .map(TestnetNode::memberIdOrEmpty)
            .toList();
    List<TestnetInvariants.Check> checks =
        TestnetInvariants.check(driver.sent, size, memberIds, List.copyOf(events), views);
    TestnetReport.Run run =
        new TestnetReport.Run(
            scenario,
            seed,
            size,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
            driver,
            List.copyOf(events),
            checks,
            failure);
    TestnetReport.write(out, run);
    for (TestnetInvariants.Check c : checks) {
      stdout.println((c.held() ? "held     " : "VIOLATED ") + c.name() + ": " + c.detail());
    }
    stdout.println(
        (run.passed() ? "passed" : "FAILED")
            + " in "
            + run.runMillis()
            + " ms; "
            + out.resolve("report.html")
            + ", "
            + out.resolve("metrics.json"));
    stdout.flush();
    return run.passed() ? PASSED : FAILED;
  }

  /** The network namespaces a testnet of process {@code pid} still has (none once it ended). */
  public static List<String> namespacesOf(String pid) throws IOException {
    return Network.namespacesOf(pid);
  }

  private static List<String> javaCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx200m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        System.getProperty("java.class.path"),
        "org.mlsmesh.app.cli.Main");
  }

  private static boolean onPath(String tool) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, tool))) {
        return true;
      }
    }
    return false;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
