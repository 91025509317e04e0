package org.mlsmesh.app.testnet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mlsmesh.control.v1.Event;
import org.mlsmesh.control.v1.GroupStatus;

/** The simulator's invariants, checked on the events the testnet's nodes told. */
final class TestnetInvariants {
  /** One invariant and whether it held, with what shows it. */
  record Check(String name, boolean held, String detail) {}

  private TestnetInvariants() {}

  /** Per node, per message id: how often it was delivered (across the node's incarnations). */
  static Map<Integer, Map<String, Integer>> deliveries(List<TestnetNode.Collected> events) {
    Map<Integer, Map<String, Integer>> counts = new HashMap<>();
    for (TestnetNode.Collected c : events) {
      if (c.event().hasMessageReceived()) {
        counts
            .computeIfAbsent(c.node(), k -> new HashMap<>())
            .merge(c.event().getMessageReceived().getMessageId(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The deliveries still missing: each message to each node but its sender. */
  static List<String> missing(List<SentMessage> sent, List<TestnetNode.Collected> events) {
    Map<Integer, Map<String, Integer>> counts = deliveries(events);
    List<String> missing = new ArrayList<>();
    for (SentMessage m : sent) {
      for (int n : m.recipients()) {
        if (counts.getOrDefault(n, Map.of()).getOrDefault(m.id(), 0) == 0) {
          missing.add("n" + n + " lacks n" + m.sender() + "'s " + m.phase() + " message " + m.id());
        }
      }
    }
    return missing;
  }

  /**
   * @param nodes how many nodes the testnet has
   * @param memberIds the identities of the nodes in the group at the end
   */
  static List<Check> check(
      List<SentMessage> sent,
      int nodes,
      List<String> memberIds,
      List<TestnetNode.Collected> events,
      List<GroupStatus> finalViews) {
    List<Check> checks = new ArrayList<>();
    checks.add(oneEpoch(memberIds, finalViews));
    checks.add(exactlyOnce(sent, events));
    checks.add(noLosingWelcome(nodes, events));
    checks.add(oneHistory(nodes, events));
    return checks;
  }

  private static Check oneEpoch(List<String> memberIds, List<GroupStatus> views) {
    Set<String> versions = new HashSet<>();
    boolean everyone = views.size() == memberIds.size();
    for (GroupStatus v : views) {
      versions.add("epoch " + v.getEpoch() + " " + prefix(v.getEpochAuthenticator()));
      everyone &= new HashSet<>(v.getMembersList()).equals(new HashSet<>(memberIds));
    }
    boolean held = everyone && versions.size() == 1;
    return new Check(
        "one epoch and authenticator at every member, the members expected",
        held,
        views.size() + " of " + memberIds.size() + " nodes answered: " + versions);
  }

  private static Check exactlyOnce(List<SentMessage> sent, List<TestnetNode.Collected> events) {
    List<String> problems = new ArrayList<>(missing(sent, events));
    Map<String, SentMessage> byId = new HashMap<>();
    sent.forEach(m -> byId.put(m.id(), m));
    Map<Integer, Map<String, Integer>> counts = deliveries(events);
    Set<String> sentIds = new HashSet<>();
    sent.forEach(m -> sentIds.add(m.id()));
    long delivered = 0;
    for (Map.Entry<Integer, Map<String, Integer>> node : counts.entrySet()) {
      for (Map.Entry<String, Integer> id : node.getValue().entrySet()) {
        delivered += id.getValue();
        if (id.getValue() > 1) {
          problems.add(
              "n" + node.getKey() + " got " + id.getKey() + " " + id.getValue() + " times");
        }
        if (!sentIds.contains(id.getKey())) {
          problems.add("n" + node.getKey() + " got " + id.getKey() + ", which nobody sent");
        } else if (!byId.get(id.getKey()).recipients().contains(node.getKey())) {
          problems.add("n" + node.getKey() + " got " + id.getKey() + ", sent after it left");
        }
      }
    }
    long expected = expectedDeliveries(sent);
    return new Check(
        "every message exactly once to every member",
        problems.isEmpty(),
        problems.isEmpty()
            ? sent.size() + " messages, " + delivered + " deliveries of " + expected + " expected"
            : problems.size()
                + " problems, such as "
                + problems.subList(0, Math.min(5, problems.size())));
  }

  static long expectedDeliveries(List<SentMessage> sent) {
    return sent.stream().mapToLong(m -> m.recipients().size()).sum();
  }

  /** Each invitee joined in the winning version of its epoch (the one the group kept). */
  private static Check noLosingWelcome(int nodes, List<TestnetNode.Collected> events) {
    Map<Integer, Map<Long, String>> history = finalVersions(nodes, events);
    List<String> problems = new ArrayList<>();
    for (int n = 1; n < nodes; n++) {
      Event first = null;
      for (TestnetNode.Collected c : events) {
        if (c.node() == n && c.incarnation() == 1 && c.event().hasEpochChanged()) {
          first = c.event();
          break;
        }
      }
      if (first == null) {
        problems.add("n" + n + " never told an epoch");
        continue;
      }
      long epoch = first.getEpochChanged().getEpoch();
      String joined = first.getEpochChanged().getEpochAuthenticator();
      String kept = history.get(0).get(epoch);
      if (kept != null && !kept.equals(joined)) {
        problems.add(
            "n"
                + n
                + " joined epoch "
                + epoch
                + " "
                + prefix(joined)
                + ", n0 kept "
                + prefix(kept));
      }
      for (TestnetNode.Collected c : events) {
        if (c.node() == n
            && c.event().hasForkResolved()
            && c.event().getForkResolved().getEpoch() <= epoch) {
          problems.add("n" + n + " rolled back the epoch it joined in (" + epoch + ")");
        }
      }
    }
    return new Check(
        "no losing Welcome: every invitee joined in the epoch the group kept",
        problems.isEmpty(),
        problems.isEmpty() ? (nodes - 1) + " invitees" : problems.toString());
  }

  /** For every epoch number, the version each node ended with is the same. */
  private static Check oneHistory(int nodes, List<TestnetNode.Collected> events) {
    Map<Integer, Map<Long, String>> history = finalVersions(nodes, events);
    Map<Long, Set<String>> versions = new TreeMap<>();
    for (Map<Long, String> node : history.values()) {
      node.forEach(
          (epoch, auth) -> versions.computeIfAbsent(epoch, k -> new HashSet<>()).add(auth));
    }
    List<Long> split =
        versions.entrySet().stream()
            .filter(e -> e.getValue().size() > 1)
            .map(Map.Entry::getKey)
            .toList();
    return new Check(
        "one history: for every epoch, every node ended on the same version",
        split.isEmpty(),
        split.isEmpty() ? versions.size() + " epochs" : "epochs with several versions: " + split);
  }

  /** Per node, per epoch number: the authenticator of the last version it told. */
  static Map<Integer, Map<Long, String>> finalVersions(
      int nodes, List<TestnetNode.Collected> events) {
    Map<Integer, Map<Long, String>> history = new HashMap<>();
    for (int n = 0; n < nodes; n++) {
      history.put(n, new TreeMap<>());
    }
    for (TestnetNode.Collected c : events) {
      Event e = c.event();
      if (e.hasEpochChanged()) {
        history
            .get(c.node())
            .put(e.getEpochChanged().getEpoch(), e.getEpochChanged().getEpochAuthenticator());
      } else if (e.hasForkResolved()) {
        history
            .get(c.node())
            .put(e.getForkResolved().getEpoch(), e.getForkResolved().getEpochAuthenticator());
      }
    }
    return history;
  }

  static String prefix(String hex) {
    return hex.length() <= 12 ? hex : hex.substring(0, 12) + "…";
  }
}
