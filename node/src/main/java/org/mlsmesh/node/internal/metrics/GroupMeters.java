package org.mlsmesh.node.internal.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.Effect;
import org.mlsmesh.consensus.group.GroupEffect;
import org.mlsmesh.consensus.group.GroupEvent;

/**
 * One group actor's share of the {@link NodeMetrics}: the meters its engine's effects move. The
 * actor hands it every effect; it keeps only the creation times of this member's Commits that are
 * not final yet (a bounded number: a Commit that is never final is forgotten).
 */
public final class GroupMeters {
  /** Own Commits waiting to be final that are timed; older ones are forgotten. */
  static final int MAX_TIMED_COMMITS = 64;

  private final NodeMetrics metrics;
  private final Map<CommitId, Long> created =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CommitId, Long> eldest) {
          return size() > MAX_TIMED_COMMITS;
        }
      };

  GroupMeters(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  /** The meters of a group of the node with {@code metrics}. */
  public static GroupMeters of(NodeMetrics metrics) {
    return new GroupMeters(metrics);
  }

  /** Counts and times what {@code effect}, one of the engine's at {@code nowMillis}, tells. */
  public void observe(GroupEffect effect, long nowMillis) {
    if (!metrics.enabled()) {
      return;
    }
    if (effect instanceof GroupEffect.Notify n) {
      if (n.event() instanceof GroupEvent.MessageReceived) {
        metrics.deliveries.increment();
      } else if (n.event() instanceof GroupEvent.CommitCreated c) {
        created.put(c.commit(), nowMillis);
      }
    } else if (effect instanceof GroupEffect.Observed o) {
      observe(o.effect(), nowMillis);
    } else if (effect instanceof GroupEffect.DeliveryDelay d) {
      metrics.deliveryDelay.record(d.millis(), TimeUnit.MILLISECONDS);
    } else if (effect instanceof GroupEffect.Refused) {
      metrics.refused.increment();
    }
  }

  private void observe(Effect effect, long nowMillis) {
    if (effect instanceof Effect.EpochFinal f) {
      metrics.epochs.increment();
      Long createdAt = created.remove(f.commit());
      if (createdAt != null) {
        metrics.commitToFinal.record(Math.max(0, nowMillis - createdAt), TimeUnit.MILLISECONDS);
      }
    } else if (effect instanceof Effect.RolledBack) {
      metrics.rollbacks.increment();
      metrics.forks.increment();
    } else if (effect instanceof Effect.CommitOutranked) {
      metrics.forks.increment();
    } else if (effect instanceof Effect.ResendApplication) {
      metrics.resentApplications.increment();
    } else if (effect instanceof Effect.ResendProposal) {
      metrics.resentProposals.increment();
    } else if (effect instanceof Effect.RebuildCommit r) {
      metrics.rebuiltCommits.increment();
      created.remove(r.lost());
    }
  }
}
