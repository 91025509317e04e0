package org.mlsmesh.node.group;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.ForkChoice;
import org.mlsmesh.consensus.Step;
import org.mlsmesh.consensus.mls.MlsGroupAdapter;
import org.mlsmesh.node.storage.StoredForkSnapshot;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.SavedGroupState;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * Rebuilds a group's fork choice after a restart from what the group actor stored: the head state
 * and the fork snapshots ({@link SnapshotPayload}). The chain is found by walking the records back
 * from the head to the oldest stored epoch, the final one; the head keeps the stored head state
 * (its sender ratchets moved on since its snapshot). Snapshots off that chain — losing branches a
 * crash left behind — are erased (RFC 9750 §5.2.2). Without a snapshot of the head (a store written
 * before snapshots carried records) the head becomes the final epoch, as before.
 */
final class GroupRestore {
  /**
   * The restored fork choice's first step, the Commits on its unsettled chain, and the Commit that
   * produced its final epoch, if known.
   */
  record Result(Step<GroupState> step, Set<CommitId> chainCommits, Optional<CommitId> rootCommit) {}

  private GroupRestore() {}

  static Result restore(GroupDeps deps, MlsGroupAdapter adapter, GroupState head) {
    Bytes groupId = head.groupId();
    Map<EpochId, SnapshotPayload> snapshots = new LinkedHashMap<>();
    List<Bytes> unreadable = new ArrayList<>();
    for (StoredForkSnapshot stored : deps.storage.forkSnapshots().list(groupId)) {
      Secret raw = stored.snapshot();
      try {
        snapshots.put(EpochId.of(stored.epochId()), SnapshotPayload.decode(raw));
      } catch (DecodeException e) {
        unreadable.add(stored.epochId());
      } finally {
        raw.destroy();
        stored.destroy();
      }
    }
    List<GroupState> loaded = new ArrayList<>();
    try {
      EpochId headId = adapter.epochId(head);
      List<EpochId> chain = new ArrayList<>();
      EpochId root = headId;
      if (snapshots.containsKey(headId)) {
        for (int i = 0; i < snapshots.size(); i++) {
          Optional<CommitRecord> record = snapshots.get(root).record;
          if (record.isEmpty() || !snapshots.containsKey(record.get().parent())) {
            break;
          }
          chain.add(root);
          root = record.get().parent();
        }
      }
      Collections.reverse(chain);
      Step<GroupState> step;
      Set<CommitId> commits = new LinkedHashSet<>();
      try {
        step = rebuild(deps, adapter, head, headId, root, chain, snapshots, loaded, commits);
      } catch (IllegalArgumentException | IllegalStateException e) {
        // The stored chain does not hold together: resume from the head, as before snapshots.
        loaded.forEach(GroupState::destroy);
        loaded.clear();
        return new Result(
            ForkChoice.restore(
                adapter,
                deps.forkChoice,
                head,
                Optional.empty(),
                List.of(),
                deps.clock.getAsLong()),
            Set.of(),
            Optional.empty());
      }
      loaded.clear();
      Set<EpochId> kept = new LinkedHashSet<>(chain);
      kept.add(root);
      deps.storage.inTransaction(
          tx -> {
            for (EpochId epoch : snapshots.keySet()) {
              if (!kept.contains(epoch)) {
                tx.forkSnapshots().delete(groupId, epoch.value());
              }
            }
            for (Bytes epoch : unreadable) {
              tx.forkSnapshots().delete(groupId, epoch);
            }
          });
      Optional<CommitId> rootCommit =
          Optional.ofNullable(snapshots.get(root)).flatMap(p -> p.record).map(CommitRecord::commit);
      return new Result(step, commits, rootCommit);
    } finally {
      for (SnapshotPayload p : snapshots.values()) {
        p.state.destroy();
      }
      loaded.forEach(GroupState::destroy);
    }
  }

  private static Step<GroupState> rebuild(
      GroupDeps deps,
      MlsGroupAdapter adapter,
      GroupState head,
      EpochId headId,
      EpochId root,
      List<EpochId> chain,
      Map<EpochId, SnapshotPayload> snapshots,
      List<GroupState> loaded,
      Set<CommitId> commits) {
    GroupState rootState = root.equals(headId) ? head : load(deps, snapshots.get(root), loaded);
    Optional<LeafIndex> creator =
        Optional.ofNullable(snapshots.get(root)).flatMap(SnapshotPayload::epochCreator);
    List<ForkChoice.Restored<GroupState>> restored = new ArrayList<>();
    for (EpochId epoch : chain) {
      SnapshotPayload p = snapshots.get(epoch);
      GroupState state = epoch.equals(headId) ? head : load(deps, p, loaded);
      restored.add(new ForkChoice.Restored<>(p.record.orElseThrow(), state));
      commits.add(p.record.orElseThrow().commit());
    }
    return ForkChoice.restore(
        adapter, deps.forkChoice, rootState, creator, restored, deps.clock.getAsLong());
  }

  private static GroupState load(GroupDeps deps, SnapshotPayload payload, List<GroupState> loaded) {
    SavedGroupState saved = SavedGroupState.of(payload.state.exposeBytes());
    try {
      GroupState state = GroupState.load(deps.env, saved);
      loaded.add(state);
      return state;
    } catch (DecodeException e) {
      throw new IllegalStateException("stored fork snapshot: " + e.getMessage(), e);
    } finally {
      saved.destroy();
    }
  }
}
