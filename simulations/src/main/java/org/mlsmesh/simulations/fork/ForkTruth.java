package org.mlsmesh.simulations.fork;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.simulations.report.RunRecord;

/**
 * What really happened in a fork run, recorded as it happens: the ground truth the invariants are
 * checked against and the figures are computed from.
 */
final class ForkTruth {
  /** An application message the application handed to its member. */
  record Sent(AppMessageId id, int sender, long atMillis, Set<Integer> recipients) {}

  /** One member's head moved. */
  record Head(long atMillis, EpochId epoch) {}

  final LinkedHashMap<AppMessageId, Sent> sent = new LinkedHashMap<>();
  final Map<AppMessageId, Map<Integer, Integer>> deliveries = new LinkedHashMap<>();
  final List<Long> latencies = new ArrayList<>();
  final List<RunRecord.EpochSample> epochs = new ArrayList<>();
  final List<RunRecord.ForkEvent> forkEvents = new ArrayList<>();
  final Map<EpochId, Set<CommitId>> commitsByParent = new LinkedHashMap<>();
  final Map<Integer, List<Head>> heads = new TreeMap<>();
  final Map<Integer, CommitId> welcomes = new TreeMap<>();

  /** The Welcome of each Commit that has one, by its bytes: which Commit a joiner joined by. */
  final Map<Bytes, CommitId> welcomeCommits = new HashMap<>();

  final List<String> violations = new ArrayList<>();
  final List<Long> heals = new ArrayList<>();

  /** The widest settle window any member had when the first partition began; -1: none began. */
  long windowBeforeSplit = -1;

  /** When each Commit was created, and how long it took to become final at its committer. */
  final List<long[]> finality = new ArrayList<>();

  long commits;
  long resent;
  long delivered;
  long duplicateDeliveries;
  long bytesPublished;
  long bytesTransmitted;
  long commitsRejected;
  long abandoned;
  long intentsAbandoned;
  long refused;
  long warnings;
  long requestsFailed;
  long rejoins;
  long crashes;
  long restarts;

  void violation(String what) {
    if (violations.size() < 200) {
      violations.add(what);
    }
  }

  void commitCreated(CommitId commit, EpochId parent) {
    commits++;
    commitsByParent.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(commit);
  }

  /** Sibling Commits beyond the first on each parent: the forks that happened. */
  long forks() {
    long forks = 0;
    for (Set<CommitId> siblings : commitsByParent.values()) {
      forks += siblings.size() - 1;
    }
    return forks;
  }

  void sent(AppMessageId id, int sender, long at, Set<Integer> recipients) {
    sent.put(id, new Sent(id, sender, at, Set.copyOf(recipients)));
  }

  void delivered(AppMessageId id, int member, long at) {
    delivered++;
    Map<Integer, Integer> counts = deliveries.computeIfAbsent(id, k -> new TreeMap<>());
    int n = counts.merge(member, 1, Integer::sum);
    if (n > 1) {
      duplicateDeliveries++;
    }
    Sent s = sent.get(id);
    if (s != null) {
      latencies.add(at - s.atMillis());
    }
  }

  void head(int member, long at, EpochId epoch) {
    heads.computeIfAbsent(member, m -> new ArrayList<>()).add(new Head(at, epoch));
  }
}
