package org.mlsmesh.simulations.fork;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.ForkChoiceStats;
import org.mlsmesh.protocol.codec.Bytes;

/** The invariants of a fork run, checked at its end, and its figures. */
final class ForkMetrics {
  private final ForkScenario scenario;
  private final List<SimClient> members;
  private final ForkTruth truth;
  private final List<SimClient> staying = new ArrayList<>();
  private final Set<EpochId> finalEpochs = new LinkedHashSet<>();
  private final Set<CommitId> finalCommits = new LinkedHashSet<>();
  private final List<Long> offChain = new ArrayList<>();
  private final List<Long> healConvergence = new ArrayList<>();

  ForkMetrics(ForkScenario scenario, List<SimClient> members, ForkTruth truth) {
    this.scenario = scenario;
    this.members = members;
    this.truth = truth;
    for (SimClient m : members) {
      if (m.staying()) {
        staying.add(m);
      }
    }
    // The final chain: what the staying members' final records show (a member that rejoined
    // knows it only from the survivor's records since its rejoin; another one may know more).
    for (SimClient m : staying) {
      for (CommitRecord r : m.engine.records().recent()) {
        finalEpochs.add(r.parent());
        finalCommits.add(r.commit());
      }
      finalEpochs.add(m.engine.headEpoch());
    }
    measureConvergence();
  }

  void checkInvariants() {
    if (staying.isEmpty()) {
      truth.violation("no member stayed in the group");
      return;
    }
    // 1. After the last heal and the settle window, every honest member is in the same epoch.
    SimClient ref = staying.get(0);
    Bytes authenticator = ref.engine.head().epochAuthenticator();
    for (SimClient m : staying) {
      if (!m.engine.headEpoch().equals(ref.engine.headEpoch())) {
        truth.violation(
            m.name
                + " ends in "
                + m.engine.headEpoch()
                + ", "
                + ref.name
                + " in "
                + ref.engine.headEpoch());
      } else if (!m.engine.head().epochAuthenticator().equals(authenticator)) {
        truth.violation(m.name + " has another epoch authenticator than " + ref.name);
      }
      if (!m.engine.finalEpoch().equals(m.engine.headEpoch())) {
        truth.violation(m.name + " has an epoch that is not final after the settle window");
      }
    }
    // 2. Exactly once, to every member that was a member when it was sent and stayed.
    Set<Integer> stayed = new LinkedHashSet<>();
    for (SimClient m : staying) {
      stayed.add(m.index);
    }
    long lost = 0;
    for (ForkTruth.Sent s : truth.sent.values()) {
      Map<Integer, Integer> counts = truth.deliveries.getOrDefault(s.id(), Map.of());
      if (!stayed.contains(s.sender())) {
        continue;
      }
      for (int r : s.recipients()) {
        if (!stayed.contains(r) || members.get(r).joinedAt > s.atMillis()) {
          continue;
        }
        int n = counts.getOrDefault(r, 0);
        if (n == 0) {
          lost++;
          truth.violation(
              members.get(r).name + " never got " + s.id() + " of " + members.get(s.sender()).name);
        } else if (n > 1) {
          truth.violation(members.get(r).name + " got " + s.id() + " " + n + " times");
        }
      }
    }
    lostMessages = lost;
    // 3. No joiner processed the Welcome of a losing Commit.
    for (Map.Entry<Integer, CommitId> w : truth.welcomes.entrySet()) {
      if (!finalCommits.contains(w.getValue())) {
        truth.violation(
            members.get(w.getKey()).name + " joined from the Welcome of losing " + w.getValue());
      }
    }
    // 4. (checked while running) no state kept its secrets past the settle window.
  }

  private long lostMessages;

  private void measureConvergence() {
    for (SimClient m : staying) {
      List<ForkTruth.Head> heads = truth.heads.getOrDefault(m.index, List.of());
      long openedAt = -1;
      List<long[]> intervals = new ArrayList<>();
      for (ForkTruth.Head h : heads) {
        boolean on = finalEpochs.contains(h.epoch());
        if (!on && openedAt < 0) {
          openedAt = h.atMillis();
        } else if (on && openedAt >= 0) {
          intervals.add(new long[] {openedAt, h.atMillis()});
          offChain.add(h.atMillis() - openedAt);
          openedAt = -1;
        }
      }
      // A member on a losing branch when a partition heals: how long until it is on the winner.
      for (long heal : truth.heals) {
        for (long[] iv : intervals) {
          if (iv[0] <= heal && iv[1] >= heal) {
            healConvergence.add(iv[1] - heal);
          }
        }
      }
    }
  }

  Map<String, Double> figures(long events) {
    long rollbacks = 0;
    long resendsByForkChoice = 0;
    long duplicatesSuppressed = 0;
    for (SimClient m : members) {
      if (m.engine != null) {
        ForkChoiceStats s = m.engine.stats();
        rollbacks += s.rollbacks();
        resendsByForkChoice += s.resends();
        duplicatesSuppressed += s.duplicates();
      }
    }
    long finalEpoch = staying.isEmpty() ? 0 : staying.get(0).engine.headEpochNumber();
    long epochs = Math.max(1, finalEpoch - 1);
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("members_initial", (double) scenario.members());
    f.put("members_final", (double) staying.size());
    f.put("commits", (double) truth.commits);
    f.put("forks", (double) truth.forks());
    f.put(
        "forks_per_1000_commits", truth.commits == 0 ? 0 : 1000.0 * truth.forks() / truth.commits);
    f.put("rollbacks", (double) rollbacks);
    f.put("final_epoch", (double) finalEpoch);
    f.put("convergence_after_heal_ms_p50", percentile(healConvergence, 50));
    f.put("convergence_after_heal_ms_p99", percentile(healConvergence, 99));
    f.put("members_on_losing_side_at_heal", (double) healConvergence.size());
    f.put("time_on_losing_branch_ms_p50", percentile(offChain, 50));
    f.put("time_on_losing_branch_ms_p99", percentile(offChain, 99));
    f.put("messages_sent", (double) truth.sent.size());
    f.put("messages_delivered", (double) truth.delivered);
    f.put("messages_resent", (double) truth.resent);
    f.put("messages_lost", (double) lostMessages);
    f.put("messages_duplicated", (double) truth.duplicateDeliveries);
    f.put("duplicate_copies_suppressed", (double) duplicatesSuppressed);
    f.put("messages_abandoned", (double) truth.abandoned);
    f.put("delivery_latency_ms_p50", percentile(truth.latencies, 50));
    f.put("delivery_latency_ms_p99", percentile(truth.latencies, 99));
    f.put("bytes_per_epoch", (double) truth.bytesTransmitted / epochs);
    f.put("bytes_published_per_epoch", (double) truth.bytesPublished / epochs);
    f.put("frames_refused", (double) truth.refused);
    f.put("warnings", (double) truth.warnings);
    f.put("requests_failed", (double) truth.requestsFailed);
    f.put("rejoins", (double) truth.rejoins);
    f.put("crashes", (double) truth.crashes);
    f.put("restarts", (double) truth.restarts);
    f.put("events", (double) events);
    f.put("fork_choice_resends", (double) resendsByForkChoice);
    long widestWindow = 0;
    long finalWindow = 0;
    for (SimClient m : staying) {
      widestWindow = Math.max(widestWindow, m.widestSettleWindowMillis());
      finalWindow = Math.max(finalWindow, m.engine.settleWindowMillis());
    }
    // Fixed, or derived from the measured delivery delays (settle-window-ms = measured).
    f.put("settle_window_ms_final", (double) finalWindow);
    f.put("settle_window_ms_widest", (double) widestWindow);
    // After the last heal, Commits should become final about as fast as before the partition.
    f.put("settle_window_ms_before_split", (double) Math.max(0, truth.windowBeforeSplit));
    long lastHeal =
        truth.heals.isEmpty() ? Long.MAX_VALUE : truth.heals.get(truth.heals.size() - 1);
    List<Long> afterHeal = new ArrayList<>();
    for (long[] c : truth.finality) {
      if (c[0] >= lastHeal) {
        afterHeal.add(c[1]);
      }
    }
    f.put("commits_after_heal", (double) afterHeal.size());
    f.put("commit_final_ms_after_heal_p99", percentile(afterHeal, 99));
    return f;
  }

  static double percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
