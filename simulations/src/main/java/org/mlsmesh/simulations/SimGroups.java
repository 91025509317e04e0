package org.mlsmesh.simulations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.mlsmesh.gossip.Frames;
import org.mlsmesh.gossip.wire.Envelope;

/**
 * The groups of a many-groups run ({@code groups > 0}): which peers are members of each (drawn from
 * the seed), each group's topic, and what every peer received of them: payload bytes, and frames of
 * a group it is not a member of.
 */
final class SimGroups {
  private final int[][] members;
  private final int[][] groupsOf;
  private final boolean[][] isMember;
  private final Map<String, Integer> byTopic = new HashMap<>();
  private final long[] payloadBytesReceived;
  private long nonMemberFrames;

  private SimGroups(int peers, int[][] members) {
    this.members = members;
    this.isMember = new boolean[members.length][peers];
    this.payloadBytesReceived = new long[peers];
    List<List<Integer>> of = new ArrayList<>();
    for (int p = 0; p < peers; p++) {
      of.add(new ArrayList<>());
    }
    for (int g = 0; g < members.length; g++) {
      byTopic.put(topic(g), g);
      for (int p : members[g]) {
        isMember[g][p] = true;
        of.get(p).add(g);
      }
    }
    this.groupsOf = new int[peers][];
    for (int p = 0; p < peers; p++) {
      groupsOf[p] = of.get(p).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** Draws the scenario's groups: each of a size uniform in [min, max], of distinct peers. */
  static SimGroups of(Scenario scenario, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] members = new int[scenario.groups()][];
    for (int g = 0; g < members.length; g++) {
      int size =
          scenario.groupSizeMin()
              + rng.nextInt(scenario.groupSizeMax() - scenario.groupSizeMin() + 1);
      boolean[] taken = new boolean[scenario.peers()];
      int[] chosen = new int[size];
      for (int k = 0; k < size; ) {
        int p = rng.nextInt(scenario.peers());
        if (!taken[p]) {
          taken[p] = true;
          chosen[k++] = p;
        }
      }
      Arrays.sort(chosen);
      members[g] = chosen;
    }
    return new SimGroups(scenario.peers(), members);
  }

  static String topic(int group) {
    return "group/" + group;
  }

  int count() {
    return members.length;
  }

  int[] members(int group) {
    return members[group];
  }

  int[] groupsOf(int peer) {
    return groupsOf[peer];
  }

  boolean isMember(int group, int peer) {
    return isMember[group][peer];
  }

  /** Counts a frame that reached {@code peer}. */
  void received(int peer, Envelope envelope) {
    if (envelope.getBodyCase() == Envelope.BodyCase.PUBLISH) {
      payloadBytesReceived[peer] += envelope.getPublish().getPayload().size();
    }
    Integer g = byTopic.get(Frames.topicOf(envelope));
    if (g != null && !isMember[g][peer]) {
      nonMemberFrames++;
    }
  }

  long payloadBytesReceived(int peer) {
    return payloadBytesReceived[peer];
  }

  long nonMemberFrames() {
    return nonMemberFrames;
  }
}
