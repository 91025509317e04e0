package org.mlsmesh.control.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.GroupStatus;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.NodeStatus;

/**
 * What the status page shows, read from the node at one moment.
 *
 * @param forks Commits that lost a race, over all groups ({@code mlsmesh.group.forks})
 * @param rollbacks rollbacks of a head to a snapshot ({@code mlsmesh.group.rollbacks})
 */
record StatusSnapshot(
    MemberId self,
    String gossipAddress,
    String runId,
    long nowMillis,
    long startedMillis,
    NodeStatus node,
    List<MemberId> linkedPeers,
    List<GroupStatus> groups,
    double forks,
    double rollbacks,
    List<EventLog.Entry> recentEvents) {

  static final int RECENT_EVENTS = 60;

  /** Reads the node within {@code timeoutMillis}. */
  static StatusSnapshot read(
      MlsNode node, EventLog events, MeterRegistry registry, long startedMillis, long timeoutMillis)
      throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<NodeStatus> status = node.status().toCompletableFuture();
    CompletableFuture<List<MemberId>> peers = node.linkedPeers().toCompletableFuture();
    List<GroupId> ids =
        node.groups().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    List<CompletableFuture<GroupStatus>> pending = new ArrayList<>();
    for (GroupId id : ids) {
      pending.add(node.status(id).toCompletableFuture());
    }
    List<GroupStatus> groups = new ArrayList<>();
    for (CompletableFuture<GroupStatus> group : pending) {
      try {
        groups.add(group.get(timeoutMillis, TimeUnit.MILLISECONDS));
      } catch (ExecutionException e) {
        // the node left the group meanwhile
      }
    }
    return new StatusSnapshot(
        node.identity(),
        node.address(),
        events.runId(),
        System.currentTimeMillis(),
        startedMillis,
        status.get(timeoutMillis, TimeUnit.MILLISECONDS),
        peers.get(timeoutMillis, TimeUnit.MILLISECONDS),
        List.copyOf(groups),
        total(registry, "mlsmesh.group.forks"),
        total(registry, "mlsmesh.group.rollbacks"),
        events.recent(RECENT_EVENTS));
  }

  private static double total(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }
}
