package org.mlsmesh.app.testnet;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.control.v1.CreateGroupRequest;
import org.mlsmesh.control.v1.GetGroupRequest;
import org.mlsmesh.control.v1.GroupStatus;
import org.mlsmesh.control.v1.InviteRequest;
import org.mlsmesh.control.v1.LeaveRequest;
import org.mlsmesh.control.v1.SendRequest;
import org.mlsmesh.control.v1.UpdateRequest;

/**
 * Plays a {@link TestnetScenario} on running nodes through their control APIs and the {@link
 * Network}'s faults, and records what it did: the messages sent, the phases and their times, the
 * convergence after the heal.
 */
final class TestnetDriver {
  private static final long WAIT_MILLIS = 90_000;
  private static final int STARTS_AT_ONCE = 3;

  private final TestnetScenario scenario;
  private final Network network;
  private final List<TestnetNode> nodes;
  private final List<String> javaCommand;
  private final List<TestnetNode.Collected> events;
  private final Random random;
  private final PrintWriter out;
  private final ExecutorService pool;
  private final long t0 = System.nanoTime();

  final List<SentMessage> sent = new CopyOnWriteArrayList<>();
  final Map<String, Long> phaseMillis = new LinkedHashMap<>();

  /** Wall-clock start of each phase, in milliseconds since 1970 (the nodes' event times' clock). */
  final Map<String, Long> phaseStarts = new LinkedHashMap<>();

  /** Wall-clock moments of the faults: the cut, the heal, the kill, the restart. */
  final Map<String, Long> faults = new LinkedHashMap<>();

  final List<String> invitees = new ArrayList<>();

  /** The nodes in the group now (all of them once it formed, less one that left). */
  final Set<Integer> members = new java.util.concurrent.ConcurrentSkipListSet<>();

  long convergenceAfterHealMillis = -1;
  long catchUpAfterRestartMillis = -1;
  String groupId;

  TestnetDriver(
      TestnetScenario scenario,
      Network network,
      List<TestnetNode> nodes,
      List<String> javaCommand,
      List<TestnetNode.Collected> events,
      long seed,
      PrintWriter out) {
    this.scenario = scenario;
    this.network = network;
    this.nodes = nodes;
    this.javaCommand = javaCommand;
    this.events = events;
    this.random = new Random(seed);
    this.out = out;
    this.pool = Executors.newFixedThreadPool(Math.max(2, nodes.size()));
  }

  /** Runs the scenario; an operation that fails ends it with the exception. */
  void run() throws Exception {
    try {
      phase("start", this::startAll);
      phase("group", this::formGroup);
      phase("chat", this::chat);
      if (scenario.race()) {
        phase("race", this::race);
      }
      if (scenario.partitionMillis() > 0) {
        phase("partition", this::partition);
      }
      if (scenario.killRestart()) {
        phase("kill-restart", this::killAndRestart);
      }
      if (scenario.leave()) {
        phase("leave", this::leave);
      }
      phase(
          "final",
          () -> {
            awaitConverged("the end");
            awaitDeliveries("the end");
          });
    } finally {
      pool.shutdownNow();
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private void phase(String name, Step step) throws Exception {
    long start = System.nanoTime();
    phaseStarts.put(name, System.currentTimeMillis());
    say("phase " + name);
    step.run();
    phaseMillis.put(name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private void startAll() throws Exception {
    TestnetNode first = nodes.get(0);
    first.configure(List.of(), scenario.settleMillis());
    first.start(javaCommand);
    // A few at a time: a JVM start is heavy, and a node whose start is starved of CPU gives up.
    List<TestnetNode> rest = nodes.subList(1, nodes.size());
    for (int from = 0; from < rest.size(); from += STARTS_AT_ONCE) {
      List<Callable<Void>> starts = new ArrayList<>();
      for (TestnetNode node : rest.subList(from, Math.min(rest.size(), from + STARTS_AT_ONCE))) {
        node.configure(List.of(first.pinnedAddress()), scenario.settleMillis());
        starts.add(
            () -> {
              node.start(javaCommand);
              return null;
            });
      }
      all(starts);
    }
    say(nodes.size() + " nodes up, each in its own network namespace");
  }

  private void formGroup() throws Exception {
    TestnetNode owner = nodes.get(0);
    groupId = owner.api().createGroup(CreateGroupRequest.getDefaultInstance()).getGroupId();
    for (TestnetNode node : nodes) {
      members.add(node.index);
    }
    for (TestnetNode node : nodes.subList(1, nodes.size())) {
      invite(owner, node);
      invitees.add(node.memberId());
    }
    awaitConverged("the group formed");
    say("group " + groupId.substring(0, 12) + "… of " + nodes.size() + " members");
  }

  private void invite(TestnetNode from, TestnetNode invitee) throws InterruptedException {
    InviteRequest request =
        InviteRequest.newBuilder()
            .setGroupId(groupId)
            .setMemberId(invitee.memberId())
            .setTimeoutSeconds(90)
            .build();
    for (int attempt = 1; ; attempt++) {
      try {
        from.api().invite(request);
        return;
      } catch (StatusRuntimeException e) {
        // A node that just started may not have its KeyPackages in the directory yet.
        boolean early = String.valueOf(e.getStatus().getDescription()).contains("no KeyPackage");
        if (!early || attempt == 150) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private void chat() throws Exception {
    if (scenario.lossPercent() > 0) {
      network.loss(scenario.lossPercent());
      say("every node drops " + scenario.lossPercent() + "% of its packets");
    }
    sendRound("chat", nodes);
    if (scenario.lossPercent() > 0) {
      awaitDeliveries("chat under loss");
      network.heal();
    }
    awaitDeliveries("chat");
  }

  private void race() throws Exception {
    List<TestnetNode> racers = new ArrayList<>(nodes);
    Collections.shuffle(racers, random);
    racers = racers.subList(0, 2);
    say("race: " + racers.get(0).name + " and " + racers.get(1).name + " commit at once");
    List<Callable<Void>> commits = new ArrayList<>();
    for (TestnetNode racer : racers) {
      commits.add(
          () -> {
            racer.api().update(UpdateRequest.newBuilder().setGroupId(groupId).build());
            return null;
          });
    }
    all(commits);
    awaitConverged("the race");
    sendRound("after-race", nodes);
    awaitDeliveries("after the race");
  }

  private void partition() throws Exception {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    Set<Integer> sideA = new HashSet<>(order.subList(0, (nodes.size() + 1) / 2));
    long cut = System.nanoTime();
    network.partition(sideA);
    faults.put("cut", System.currentTimeMillis());
    say("partition: " + names(sideA) + " | the others, for " + scenario.partitionMillis() + " ms");
    sendRound("partition", nodes);
    TestnetNode committer = nodes.get(order.get(0));
    committer.api().update(UpdateRequest.newBuilder().setGroupId(groupId).build());
    say(committer.name + " committed on its side");
    long left = scenario.partitionMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
    if (left > 0) {
      Thread.sleep(left);
    }
    network.heal();
    faults.put("heal", System.currentTimeMillis());
    long healed = System.nanoTime();
    say("healed");
    awaitConverged("the heal");
    convergenceAfterHealMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healed);
    awaitDeliveries("the heal");
    say(
        "one epoch at all "
            + nodes.size()
            + " nodes "
            + convergenceAfterHealMillis
            + " ms after the heal");
  }

  private void killAndRestart() throws Exception {
    TestnetNode victim = nodes.get(1 + random.nextInt(nodes.size() - 1));
    victim.kill();
    faults.put("kill -9 " + victim.name, System.currentTimeMillis());
    say("kill -9 " + victim.name);
    List<TestnetNode> others = new ArrayList<>(nodes);
    others.remove(victim);
    sendRound("while-down", others);
    others.get(0).api().update(UpdateRequest.newBuilder().setGroupId(groupId).build());
    say(others.get(0).name + " committed while " + victim.name + " was down");
    victim.start(javaCommand);
    faults.put("restart", System.currentTimeMillis());
    long restarted = System.nanoTime();
    say(victim.name + " restarted on its storage");
    awaitConverged("the restart");
    awaitDeliveries("the restart");
    catchUpAfterRestartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
    sendRound("after-restart", nodes);
    awaitDeliveries("after the restart");
  }

  private void leave() throws Exception {
    TestnetNode leaver = nodes.get(1 + random.nextInt(nodes.size() - 1));
    say(leaver.name + " leaves");
    leaver.api().leave(LeaveRequest.newBuilder().setGroupId(groupId).build());
    members.remove(leaver.index);
    awaitConverged("the leave");
    say(leaver.name + " is out; the others chat without it");
    List<TestnetNode> stayed = new ArrayList<>();
    for (int i : members) {
      stayed.add(nodes.get(i));
    }
    sendRound("after-leave", stayed);
    awaitDeliveries("the leave");
  }

  private void sendRound(String phase, List<TestnetNode> senders) throws Exception {
    List<Callable<Void>> sends = new ArrayList<>();
    for (TestnetNode node : senders) {
      sends.add(
          () -> {
            for (int k = 0; k < scenario.messagesPerRound(); k++) {
              String text = node.name + " " + phase + " #" + k;
              String id =
                  node.api()
                      .send(
                          SendRequest.newBuilder()
                              .setGroupId(groupId)
                              .setPayload(ByteString.copyFromUtf8(text))
                              .build())
                      .getMessageId();
              Set<Integer> to = new HashSet<>(members);
              to.remove(node.index);
              sent.add(new SentMessage(id, node.index, phase, to));
            }
            return null;
          });
    }
    all(sends);
  }

  /** Waits until every live node shows the same settled epoch with every node as member. */
  void awaitConverged(String after) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    String last = "";
    while (System.nanoTime() < deadline) {
      List<GroupStatus> views = groupViews();
      Set<String> versions = new HashSet<>();
      boolean settled = true;
      for (GroupStatus view : views) {
        versions.add(
            view.getEpoch()
                + "/"
                + view.getEpochAuthenticator()
                + "/"
                + new HashSet<>(view.getMembersList()));
        settled &=
            view.getEpoch() == view.getFinalEpoch() && view.getMembersCount() == members.size();
      }
      if (views.size() == members.size() && versions.size() == 1 && settled) {
        return;
      }
      last = views.size() + " views, " + versions.size() + " versions, settled " + settled;
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "no single settled epoch at all nodes within "
            + WAIT_MILLIS
            + " ms after "
            + after
            + " ("
            + last
            + ")");
  }

  /** Every node's view of the group; a node that does not answer (or lacks it) is left out. */
  List<GroupStatus> groupViews() {
    List<GroupStatus> views = new ArrayList<>();
    for (TestnetNode node : nodes) {
      if (!node.alive() || !members.contains(node.index)) {
        continue;
      }
      try {
        views.add(
            node.api()
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getGroup(GetGroupRequest.newBuilder().setGroupId(groupId).build()));
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND
            && e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED
            && e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw e;
        }
      }
    }
    return views;
  }

  /** Waits until every message sent so far reached every other node (or the time is up). */
  private void awaitDeliveries(String after) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    while (System.nanoTime() < deadline) {
      if (TestnetInvariants.missing(sent, events).isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    say("not every message arrived within " + WAIT_MILLIS + " ms after " + after);
  }

  private void all(List<Callable<Void>> tasks) throws Exception {
    List<Future<Void>> futures = new ArrayList<>();
    for (Callable<Void> task : tasks) {
      futures.add(pool.submit(task));
    }
    for (Future<Void> f : futures) {
      try {
        f.get(WAIT_MILLIS * 2, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
  }

  private String names(Set<Integer> side) {
    List<String> names = new ArrayList<>();
    for (int i : side.stream().sorted().toList()) {
      names.add(nodes.get(i).name);
    }
    return "{" + String.join(", ", names) + "}";
  }

  private void say(String line) {
    out.printf("[%6d ms] %s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), line);
    out.flush();
  }
}
