package org.mlsmesh.app.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MembershipChange;
import org.mlsmesh.node.MessageId;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.identity.IdentityFileException;
import org.mlsmesh.protocol.codec.Bytes;

/**
 * The demo's script over five real nodes: alice creates a group and invites bob, carol and erin
 * through the KeyPackage directory; they chat; at the same instant alice adds dave while bob and
 * carol both remove erin (a commit race on one epoch), then carol invites erin back; all five chat;
 * {alice, bob} and {carol, dave, erin} are cut apart and both sides keep sending; the links heal;
 * the nodes report their final status. Everything is recorded as {@link DemoEvent}s, which {@link
 * DemoSummary} judges.
 *
 * <p>A step that does not complete in time is recorded as a {@code timeout} action and the script
 * goes on to the final status, so a failed demo still ends with a verdict.
 */
public final class DemoRun {
  static final String ALICE = "alice";
  static final String BOB = "bob";
  static final String CAROL = "carol";
  static final String DAVE = "dave";
  static final String ERIN = "erin";

  private static final long STEP_TIMEOUT_MILLIS = 20_000;

  /** How much to send and how long to stay split. */
  public record Settings(int messagesPerMember, long partitionMillis) {
    public static Settings defaults() {
      return new Settings(4, 1_500);
    }
  }

  private final DemoRecorder recorder;
  private final Settings settings;
  private DemoNodes nodes;
  private GroupId group;
  private List<String> members = List.of();
  private String lastCommitter = "";

  private DemoRun(DemoRecorder recorder, Settings settings) {
    this.recorder = recorder;
    this.settings = settings;
  }

  /**
   * Runs the demo with its nodes' folders under {@code workDir}; {@code live} sees each event as it
   * is recorded. Returns every event, in order.
   */
  public static List<DemoEvent> run(Path workDir, Settings settings, Consumer<DemoEvent> live)
      throws IOException, IdentityFileException, TimeoutException, InterruptedException {
    DemoRecorder recorder = new DemoRecorder(live);
    DemoRun run = new DemoRun(recorder, settings);
    try (DemoNodes started =
        DemoNodes.start(
            workDir,
            recorder::listenerOf,
            (name, node) ->
                recorder.action(name, "started", Map.of("address", node.pinnedAddress())))) {
      run.nodes = started;
      recorder.names(started::nameOf);
      try {
        run.script();
      } catch (StepTimeout e) {
        recorder.action("", "timeout", Map.of("waiting-for", e.getMessage()));
      }
      run.finalStatus();
    }
    return recorder.events();
  }

  private void script() throws InterruptedException, StepTimeout {
    group = get("alice creates a group", nodes.node(ALICE).createGroup());
    members = List.of(ALICE);
    recorder.action(ALICE, "created-group", Map.of("group", group.toHex()));
    invite(ALICE, BOB);
    invite(ALICE, CAROL);
    invite(ALICE, ERIN);
    recorder.phase("chat");
    chat();

    recorder.phase("race");
    race();
    recorder.phase("chat-five");
    chat();

    recorder.phase("partition");
    partition();
    recorder.phase("final");
    Thread.sleep(300); // a late duplicate, if any, would arrive now
  }

  /** {@code inviter} adds {@code invitee} and waits until every member is in the same epoch. */
  private void invite(String inviter, String invitee) throws InterruptedException, StepTimeout {
    recorder.action(inviter, "invite", Map.of("invitee", invitee));
    get(inviter + " invites " + invitee, inviteWithRetry(inviter, invitee));
    recorder.action(inviter, "invited", Map.of("invitee", invitee));
    lastCommitter = inviter;
    List<String> next = new ArrayList<>(members);
    next.add(invitee);
    awaitSameEpoch(next);
  }

  /**
   * The race: alice's Add of dave, bob's Remove of erin and carol's Remove of erin are started
   * together, so all three are built on the same epoch before any has seen the others'. The fork
   * choice keeps one Remove everywhere (the stronger class; between the two, the better rank); the
   * others roll back, and alice re-applies her Add on the winner's epoch. Then carol invites erin
   * back.
   */
  private void race() throws InterruptedException, StepTimeout {
    GroupStatus before = get("alice's status", nodes.node(ALICE).status(group));
    List<String> racers =
        List.of(ALICE + ">add>" + DAVE, BOB + ">remove>" + ERIN, CAROL + ">remove>" + ERIN);
    recorder.action(
        "",
        "race",
        Map.of(
            "parent-epoch",
            before.epoch(),
            "parent-creator",
            lastCommitter,
            "racers",
            String.join(",", racers)));
    List<CompletableFuture<MembershipChange>> done =
        List.of(
            inviteWithRetry(ALICE, DAVE),
            nodes.node(BOB).remove(group, nodes.identity(ERIN)).toCompletableFuture(),
            nodes.node(CAROL).remove(group, nodes.identity(ERIN)).toCompletableFuture());
    await("the racing Commits final", () -> done.stream().allMatch(CompletableFuture::isDone));
    for (int i = 0; i < racers.size(); i++) {
      String racer = racers.get(i);
      CompletableFuture<MembershipChange> result = done.get(i);
      String failure =
          result.isCompletedExceptionally()
              ? result.handle((ok, e) -> String.valueOf(e)).join()
              : "";
      recorder.action(
          racer.substring(0, racer.indexOf('>')),
          "race-commit-done",
          Map.of("racer", racer, "ok", !result.isCompletedExceptionally(), "failure", failure));
    }
    awaitSameEpoch(List.of(ALICE, BOB, CAROL, DAVE));
    invite(CAROL, ERIN);
  }

  private void partition() throws InterruptedException, StepTimeout {
    List<String> left = List.of(ALICE, BOB);
    List<String> right = List.of(CAROL, DAVE, ERIN);
    recorder.action(
        "", "partition", Map.of("sides", String.join(",", left) + "|" + String.join(",", right)));
    block(left, right);
    block(right, left);
    long start = System.nanoTime();
    Thread.sleep(200); // the links go down
    for (int i = 0; i < settings.messagesPerMember(); i++) {
      for (String name : members) {
        send(name, "during the partition " + i + " from " + name);
      }
    }
    long remaining = settings.partitionMillis() - (System.nanoTime() - start) / 1_000_000;
    if (remaining > 0) {
      Thread.sleep(remaining);
    }
    recorder.phase("heal");
    recorder.action("", "heal", Map.of());
    block(left, List.of());
    block(right, List.of());
    awaitDelivered();
  }

  private void block(List<String> side, List<String> others) {
    List<MemberId> ids = others.stream().map(nodes::identity).toList();
    for (String name : side) {
      nodes.node(name).blockPeers(ids);
    }
  }

  /** Every member sends a few messages; waits until every recipient has them. */
  private void chat() throws InterruptedException, StepTimeout {
    for (int i = 0; i < settings.messagesPerMember(); i++) {
      for (String name : members) {
        send(name, "hello " + i + " from " + name);
      }
    }
    awaitDelivered();
  }

  private void send(String from, String text) throws InterruptedException, StepTimeout {
    List<String> recipients = members.stream().filter(m -> !m.equals(from)).toList();
    MessageId id =
        get(from + " sends", nodes.node(from).send(group, text.getBytes(StandardCharsets.UTF_8)));
    recorder.add(
        from,
        DemoEvent.Kinds.SENT,
        Map.of("id", id.toHex(), "recipients", String.join(",", recipients), "text", text));
  }

  private void awaitDelivered() throws InterruptedException, StepTimeout {
    await(
        "every message at every recipient",
        () -> DemoSummary.missingDeliveries(recorder.events()) == 0);
    DemoSummary.Delivery so = DemoSummary.of(recorder.events()).delivery();
    recorder.action(
        "",
        "all-delivered",
        Map.of(
            "messages", so.messages(),
            "deliveries", so.delivered(),
            "duplicates", so.duplicates()));
  }

  /** Waits until {@code expected} are the members everywhere, all in one epoch. */
  private void awaitSameEpoch(List<String> expected) throws InterruptedException, StepTimeout {
    await(
        expected + " in one epoch",
        () -> {
          Set<Bytes> authenticators = new HashSet<>();
          for (String name : expected) {
            GroupStatus status = statusOrNull(name);
            if (status == null || status.members().size() != expected.size()) {
              return false;
            }
            authenticators.add(status.epochAuthenticator());
          }
          return authenticators.size() == 1;
        });
    GroupStatus status = get("alice's status", nodes.node(ALICE).status(group));
    members = status.members().stream().map(nodes::nameOf).toList();
  }

  private GroupStatus statusOrNull(String name) {
    try {
      return nodes.node(name).status(group).toCompletableFuture().get(2, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null; // not a member yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Invites, retrying while the invitee's KeyPackages are still on their way through the directory
   * topic (the fetch fails fast then).
   */
  private CompletableFuture<MembershipChange> inviteWithRetry(String inviter, String invitee) {
    MlsNode node = nodes.node(inviter);
    MemberId who = nodes.identity(invitee);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MILLIS);
    return attempt(node, who, deadline);
  }

  private CompletableFuture<MembershipChange> attempt(MlsNode node, MemberId who, long deadline) {
    return node.invite(group, who)
        .toCompletableFuture()
        .handle(
            (ok, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(ok);
              }
              if (System.nanoTime() > deadline || !failure.toString().contains("no KeyPackage")) {
                return CompletableFuture.<MembershipChange>failedFuture(failure);
              }
              return CompletableFuture.runAsync(
                      () -> {}, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
                  .thenCompose(x -> attempt(node, who, deadline));
            })
        .thenCompose(f -> f);
  }

  private void finalStatus() {
    recorder.phase("final");
    if (group == null) {
      return;
    }
    for (String name : DemoNodes.NAMES) {
      GroupStatus status = statusOrNull(name);
      if (status == null) {
        recorder.add(name, DemoEvent.Kinds.FINAL_STATUS, Map.of("member", false));
        continue;
      }
      recorder.add(
          name,
          DemoEvent.Kinds.FINAL_STATUS,
          Map.of(
              "member", true,
              "epoch", status.epoch(),
              "authenticator", status.epochAuthenticator().toHex(),
              "members", String.join(",", status.members().stream().map(nodes::nameOf).toList()),
              "dropped", status.dropped()));
    }
  }

  private static void await(String what, BooleanSupplier condition)
      throws InterruptedException, StepTimeout {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MILLIS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new StepTimeout(what);
      }
      Thread.sleep(25);
    }
  }

  private static <T> T get(String what, CompletionStage<T> stage)
      throws InterruptedException, StepTimeout {
    try {
      return stage.toCompletableFuture().get(STEP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new StepTimeout(what + " (failed: " + e.getCause() + ")");
    } catch (TimeoutException e) {
      throw new StepTimeout(what);
    }
  }

  /** A step of the script did not complete in time, or failed. */
  private static final class StepTimeout extends Exception {
    StepTimeout(String what) {
      super(what);
    }
  }
}
