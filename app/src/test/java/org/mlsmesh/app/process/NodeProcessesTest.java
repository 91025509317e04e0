package org.mlsmesh.app.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node processes (separate JVMs, {@link NodeProcessMain}) on 127.0.0.1 over real TLS links,
 * each with its own SQLite file (issue 7):
 *
 * <ol>
 *   <li>a creates a group and invites b through the KeyPackage directory; c is killed (SIGKILL) and
 *       a invites it while it is offline; a and b exchange messages; c comes back, receives its
 *       Welcome (re-sent until acknowledged) and catches up.
 *   <li>All three exchange 300 messages.
 *   <li>c starts a Commit (an update) and is killed with SIGKILL as soon as it reports the Commit
 *       applied locally, before it can be final (the settle window is 1.5 s): whether gossip had
 *       sent it out yet is a race, and either way must end well. a and b go on; c restarts from its
 *       SQLite file and catches up.
 * </ol>
 *
 * Every message is delivered exactly once to every member (counted per node across its restarts)
 * and the three agree on the epoch authenticator. One test method: the JVM starts dominate its
 * time.
 */
@Timeout(180)
class NodeProcessesTest {
  private static final long SETTLE_MILLIS = 1_500;

  private final long t0 = System.nanoTime();

  private void phase(String what) {
    System.out.printf("[%6d ms] %s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), what);
  }

  @TempDir Path tempDir;

  private Path dir;

  private final List<NodeProcess> running = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Per node name: delivered message id to how often, across the node's incarnations. */
  private final Map<String, Map<String, AtomicInteger>> delivered = new ConcurrentHashMap<>();

  /** Per node name: the ids of the messages it sent. */
  private final Map<String, Set<String>> sent = new ConcurrentHashMap<>();

  @org.junit.jupiter.api.BeforeEach
  void directory() throws Exception {
    // -Dnodeprocess.keep=DIR keeps the nodes' files and logs for a look after a failure.
    String keep = System.getProperty("nodeprocess.keep");
    dir =
        keep == null
            ? tempDir
            : java.nio.file.Files.createTempDirectory(
                java.nio.file.Files.createDirectories(Path.of(keep)), "run");
  }

  @AfterEach
  void stopAll() throws Exception {
    for (NodeProcess p : running) {
      p.quit();
    }
  }

  private NodeProcess start(String name, List<String> seeds) throws Exception {
    delivered.putIfAbsent(name, new ConcurrentHashMap<>());
    sent.putIfAbsent(name, ConcurrentHashMap.newKeySet());
    Consumer<JsonNode> sink =
        line -> {
          if (line.path("event").asText().equals("message")) {
            delivered
                .get(name)
                .computeIfAbsent(line.get("id").asText(), k -> new AtomicInteger())
                .incrementAndGet();
          } else if (line.path("result").asText().equals("sent")) {
            sent.get(name).add(line.get("id").asText());
          }
        };
    NodeProcess p = NodeProcess.start(name, dir.resolve(name), seeds, SETTLE_MILLIS, sink);
    running.add(p);
    return p;
  }

  @Test
  void offlineInviteeAndANodeKilledMidCommitCatchUpWithEveryMessageExactlyOnce() throws Exception {
    NodeProcess a = start("a", List.of());
    List<NodeProcess> others = startTogether(List.of("b", "c"), List.of(a.address));
    NodeProcess b = others.get(0);
    NodeProcess c = others.get(1);
    String group = create(a);
    invite(a, group, b); // c's KeyPackages travel the directory topic meanwhile
    awaitSameEpoch(List.of(a, b), group, 1);
    phase("b joined");

    // 1. The invitee is offline at invite time: its Welcome reaches it when it comes online.
    c.kill();
    assertThat(c.exitValue()).isEqualTo(NodeProcess.SIGKILL_EXIT);
    running.remove(c);
    // The invitation completes once c joined; its Add is final before (its Welcome is released
    // while c is down). c's KeyPackages reached a's directory view while b was invited.
    a.command("invite " + group + " " + c.identity);
    awaitSameEpoch(List.of(a, b), group, 2);
    for (int i = 0; i < 30; i++) {
      (i % 2 == 0 ? a : b).command("send " + group + " before-c-came-online-" + i);
    }
    awaitSent(30);
    phase("c invited while offline");
    long restartedAt = System.nanoTime();
    c = start("c", List.of(a.address));
    long welcomeUp = System.nanoTime();
    c.await("joined from the Welcome", j -> j.path("event").asText().equals("joined"));
    String cIdentity = c.identity;
    a.await(
        "the invitation of c done: c joined",
        j ->
            j.path("result").asText().equals("invited")
                && j.path("member").asText().equals(cIdentity));
    long joinedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
    List<NodeProcess> nodes = List.of(a, b, c);
    awaitEveryoneHasEverything(nodes);
    awaitSameEpoch(nodes, group, 2);
    long welcomeCatchUpMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
    long welcomeCatchUpAfterStart = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - welcomeUp);
    phase("c joined and caught up");

    // 2. 300 messages among the three.
    for (int i = 0; i < 300; i++) {
      nodes.get(i % 3).command("send " + group + " message-" + i);
    }
    awaitSent(330);
    awaitEveryoneHasEverything(nodes);
    phase("300 messages");

    // 3. c starts a Commit and dies by SIGKILL the moment it reports it applied, before it is
    // final; a and b go on; c restarts from its SQLite file and catches up.
    c.command("update " + group);
    c.await("its own Commit applied", epochLine(group, 3));
    c.kill();
    assertThat(c.exitValue()).isEqualTo(NodeProcess.SIGKILL_EXIT);
    running.remove(c);
    boolean reachedPeers = a.find(epochLine(group, 3)).isPresent();
    for (int i = 0; i < 30; i++) {
      (i % 2 == 0 ? a : b).command("send " + group + " while-c-was-down-" + i);
    }
    awaitSent(360);
    phase("c killed mid-Commit");
    restartedAt = System.nanoTime();
    NodeProcess c2 = start("c", List.of(a.address));
    long c2Up = System.nanoTime();
    assertThat(c2.identity).isEqualTo(c.identity);
    List<NodeProcess> after = List.of(a, b, c2);
    awaitEveryoneHasEverything(after);
    awaitSameEpoch(after, group, 3); // c's Commit counted once: not lost, not doubled
    long restartCatchUpMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
    long restartCatchUpAfterStart = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c2Up);
    phase("c restarted and caught up");

    for (int i = 0; i < 10; i++) {
      c2.command("send " + group + " c-is-back-" + i);
    }
    awaitSent(370);
    awaitEveryoneHasEverything(after);
    Thread.sleep(1_000); // late duplicates, if any, would arrive now
    assertExactlyOnce();
    assertAgree(after, group, List.of(a.identity, b.identity, c.identity));
    System.out.printf(
        "offline invitee: joined %d ms and caught up %d ms after its restart (%d ms after its node"
            + " was up); killed mid-Commit (which %s reached a before the kill): caught up %d ms"
            + " after its restart (%d ms after its node was up)%n",
        joinedMillis,
        welcomeCatchUpMillis,
        welcomeCatchUpAfterStart,
        reachedPeers ? "had" : "had not",
        restartCatchUpMillis,
        restartCatchUpAfterStart);
  }

  private List<NodeProcess> startTogether(List<String> names, List<String> seeds) throws Exception {
    List<java.util.concurrent.CompletableFuture<NodeProcess>> starting = new ArrayList<>();
    for (String name : names) {
      starting.add(
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return start(name, seeds);
                } catch (Exception e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              }));
    }
    List<NodeProcess> out = new ArrayList<>();
    for (var f : starting) {
      out.add(f.get(120, TimeUnit.SECONDS));
    }
    return out;
  }

  // --- Steps ---

  private static String create(NodeProcess a) throws Exception {
    a.command("create");
    return a.await("created", j -> j.path("result").asText().equals("created"))
        .get("group")
        .asText();
  }

  /** Invites {@code who}, again while its KeyPackages are still on their way to the inviter. */
  private static void invite(NodeProcess from, String group, NodeProcess who) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String command = "invite " + group + " " + who.identity;
    for (int attempt = 1; ; attempt++) {
      from.command(command);
      JsonNode result =
          from.awaitNth(
              "invite result " + attempt,
              j ->
                  j.path("result").asText().equals("invited")
                          && j.path("member").asText().equals(who.identity)
                      || j.path("command").asText().equals(command),
              attempt);
      if (result.path("result").asText().equals("invited")) {
        return;
      }
      assertThat(System.nanoTime()).as("invite kept failing: " + result).isLessThan(deadline);
      Thread.sleep(300);
    }
  }

  private static java.util.function.Predicate<JsonNode> epochLine(String group, long epoch) {
    return j ->
        j.path("event").asText().equals("epoch")
            && j.path("group").asText().equals(group)
            && j.path("epoch").asLong() == epoch;
  }

  private void awaitSent(int total) throws InterruptedException {
    await("all " + total + " sends confirmed", () -> allSent().size() == total);
  }

  private Set<String> allSent() {
    Set<String> all = new LinkedHashSet<>();
    sent.values().forEach(all::addAll);
    return all;
  }

  /** Every node has every message the others sent (each node's own are not delivered to it). */
  private void awaitEveryoneHasEverything(List<NodeProcess> nodes) throws InterruptedException {
    for (NodeProcess n : nodes) {
      try {
        await(
            n.name + " has every message of the others",
            () -> delivered.get(n.name).keySet().containsAll(fromOthers(n.name)));
      } catch (AssertionError e) {
        Set<String> missing = new LinkedHashSet<>(fromOthers(n.name));
        missing.removeAll(delivered.get(n.name).keySet());
        StringBuilder why = new StringBuilder(e.getMessage() + ": " + missing.size() + " missing");
        for (NodeProcess x : nodes) {
          why.append("\n  ").append(x.name).append(": ").append(x.lastStatus());
        }
        throw new AssertionError(why.toString(), e);
      }
    }
  }

  private Set<String> fromOthers(String name) {
    Set<String> out = new LinkedHashSet<>();
    sent.forEach(
        (who, ids) -> {
          if (!who.equals(name)) {
            out.addAll(ids);
          }
        });
    return out;
  }

  private void assertExactlyOnce() {
    for (String name : delivered.keySet()) {
      Map<String, AtomicInteger> counts = delivered.get(name);
      assertThat(counts.keySet()).as(name).containsExactlyInAnyOrderElementsOf(fromOthers(name));
      Map<String, Integer> twice = new LinkedHashMap<>();
      counts.forEach(
          (id, count) -> {
            if (count.get() != 1) {
              twice.put(id, count.get());
            }
          });
      assertThat(twice).as(name + ": delivered more than once").isEmpty();
    }
  }

  private static void awaitSameEpoch(List<NodeProcess> nodes, String group, long epoch)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Set<String> authenticators = new LinkedHashSet<>();
      boolean allThere = true;
      for (NodeProcess n : nodes) {
        JsonNode s = n.status(group);
        allThere &= s.path("epoch").asLong(-1) == epoch && s.path("finalEpoch").asLong() == epoch;
        authenticators.add(s.path("authenticator").asText());
      }
      if (allThere && authenticators.size() == 1) {
        return;
      }
      assertThat(System.nanoTime())
          .as("nodes never agreed on final epoch " + epoch + " of " + group)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static void assertAgree(List<NodeProcess> nodes, String group, List<String> members)
      throws Exception {
    JsonNode first = nodes.get(0).status(group);
    for (NodeProcess n : nodes) {
      JsonNode s = n.status(group);
      assertThat(s.path("epoch").asLong()).as(n.name).isEqualTo(first.path("epoch").asLong());
      assertThat(s.path("authenticator").asText())
          .as(n.name + " epoch authenticator")
          .isEqualTo(first.path("authenticator").asText());
      List<String> got = new ArrayList<>();
      s.path("members").forEach(m -> got.add(m.asText()));
      assertThat(got).as(n.name + " members").containsExactlyElementsOf(members);
    }
  }

  private static void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
