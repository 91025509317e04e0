package org.mlsmesh.app.testnet;

import java.util.List;
import java.util.Optional;

/**
 * A testnet scenario: the steps {@link TestnetDriver} takes with the group of all nodes, and the
 * faults it applies with the kernel.
 *
 * @param messagesPerRound messages each node sends in each round of chat
 * @param lossPercent packets each node drops at random during the first round (0: none)
 * @param race whether two members commit at once (a race for one epoch)
 * @param partitionMillis how long the two halves are cut apart (0: no partition); both halves send,
 *     and one member of the first half commits meanwhile
 * @param killRestart whether one member is killed (SIGKILL), misses a round and a Commit, and comes
 *     back on its storage
 * @param leave whether one member leaves the group at the end (another member commits its removal),
 *     after which the others chat without it
 * @param settleMillis the nodes' settle window (mlsmesh.fork-choice.settle-window)
 */
record TestnetScenario(
    String name,
    String description,
    int messagesPerRound,
    int lossPercent,
    boolean race,
    long partitionMillis,
    boolean killRestart,
    boolean leave,
    long settleMillis) {

  static final List<TestnetScenario> BUNDLED =
      List.of(
          new TestnetScenario(
              "mixed",
              "a group of all nodes, chat, a commit race, a partition four times the settle window"
                  + " with a Commit on one side, a kill -9 and restart",
              3,
              0,
              true,
              4_000,
              true,
              false,
              1_000),
          new TestnetScenario(
              "lossy-chat",
              "a group of all nodes chatting while every node drops 10% of its packets, then a"
                  + " commit race, and a member leaves",
              10,
              10,
              true,
              0,
              false,
              true,
              1_000),
          new TestnetScenario(
              "long-partition",
              "a partition of 15 s (fifteen settle windows) with chat and a Commit on one side,"
                  + " then a kill -9 and restart, and a member leaves",
              3,
              0,
              false,
              15_000,
              true,
              true,
              1_000));

  static Optional<TestnetScenario> named(String name) {
    return BUNDLED.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
