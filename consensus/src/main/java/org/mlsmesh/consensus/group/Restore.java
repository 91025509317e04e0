package org.mlsmesh.consensus.group;

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
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.group.GroupEnvironment;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.SavedGroupState;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * Rebuilds a group's fork choice after a restart from what was stored: the head state and the fork
 * snapshots ({@link SnapshotPayload}). The chain is found by walking the records back from the head
 * to the oldest stored epoch, the final one; the head keeps the stored head state (its sender
 * ratchets moved on since its snapshot). Snapshots off that chain — losing branches a crash left
 * behind — are erased (RFC 9750 §5.2.2). Without a snapshot of the head (a store written before
 * snapshots carried records) the head becomes the final epoch.
 */
final class Restore {
  /**
   * The restored fork choice's first step, the Commits on its unsettled chain, the Commit that
   * produced its final epoch (if known), the stored snapshots to erase, and whether the final
   * epoch's snapshot is stored.
   */
  record Result(
      Step<GroupState> step,
      Set<CommitId> chainCommits,
      Optional<CommitId> rootCommit,
      List<Bytes> erase,
      boolean rootStored) {}

  private Restore() {}

  static Result chain(
      GroupEngineSettings settings,
      MlsGroupAdapter adapter,
      GroupState head,
      List<StoredGroup.Snapshot> stored,
      List<CommitRecord> history,
      long nowMillis) {
    Map<EpochId, SnapshotPayload> snapshots = new LinkedHashMap<>();
    List<Bytes> erase = new ArrayList<>();
    for (StoredGroup.Snapshot s : stored) {
      try {
        snapshots.put(EpochId.of(s.epochId()), SnapshotPayload.decode(s.payload()));
      } catch (DecodeException e) {
        erase.add(s.epochId());
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
      Set<CommitId> commits = new LinkedHashSet<>();
      Step<GroupState> step;
      try {
        step =
            rebuild(
                settings, adapter, head, headId, root, chain, snapshots, loaded, commits, history,
                nowMillis);
      } catch (IllegalArgumentException | IllegalStateException | DecodeException e) {
        // The stored chain does not hold together: resume from the head.
        loaded.forEach(GroupState::destroy);
        loaded.clear();
        for (EpochId epoch : snapshots.keySet()) {
          erase.add(epoch.value());
        }
        return new Result(
            ForkChoice.restore(
                adapter,
                settings.forkChoice,
                head,
                Optional.empty(),
                List.of(),
                history,
                nowMillis),
            new LinkedHashSet<>(),
            Optional.empty(),
            erase,
            false);
      }
      loaded.clear();
      Set<EpochId> kept = new LinkedHashSet<>(chain);
      kept.add(root);
      for (EpochId epoch : snapshots.keySet()) {
        if (!kept.contains(epoch)) {
          erase.add(epoch.value());
        }
      }
      Optional<CommitId> rootCommit =
          Optional.ofNullable(snapshots.get(root)).flatMap(p -> p.record).map(CommitRecord::commit);
      return new Result(step, commits, rootCommit, erase, snapshots.containsKey(root));
    } finally {
      for (SnapshotPayload p : snapshots.values()) {
        p.state.destroy();
      }
      loaded.forEach(GroupState::destroy);
    }
  }

  private static Step<GroupState> rebuild(
      GroupEngineSettings settings,
      MlsGroupAdapter adapter,
      GroupState head,
      EpochId headId,
      EpochId root,
      List<EpochId> chain,
      Map<EpochId, SnapshotPayload> snapshots,
      List<GroupState> loaded,
      Set<CommitId> commits,
      List<CommitRecord> history,
      long nowMillis)
      throws DecodeException {
    GroupState rootState =
        root.equals(headId) ? head : load(settings.env, snapshots.get(root), loaded);
    Optional<LeafIndex> creator =
        Optional.ofNullable(snapshots.get(root)).flatMap(SnapshotPayload::epochCreator);
    List<ForkChoice.Restored<GroupState>> restored = new ArrayList<>();
    for (EpochId epoch : chain) {
      SnapshotPayload p = snapshots.get(epoch);
      GroupState state = epoch.equals(headId) ? head : load(settings.env, p, loaded);
      restored.add(new ForkChoice.Restored<>(p.record.orElseThrow(), state));
      commits.add(p.record.orElseThrow().commit());
    }
    List<CommitRecord> before = new ArrayList<>(history);
    Optional.ofNullable(snapshots.get(root)).flatMap(p -> p.record).ifPresent(before::add);
    return ForkChoice.restore(
        adapter, settings.forkChoice, rootState, creator, restored, before, nowMillis);
  }

  private static GroupState load(
      GroupEnvironment env, SnapshotPayload payload, List<GroupState> loaded)
      throws DecodeException {
    GroupState state = loadState(env, payload.state);
    loaded.add(state);
    return state;
  }

  /** Loads a saved state (a {@code SavedGroupState}'s bytes). */
  static GroupState loadState(GroupEnvironment env, Secret saved) throws DecodeException {
    SavedGroupState s = SavedGroupState.of(saved.exposeBytes());
    try {
      return GroupState.load(env, s);
    } finally {
      s.destroy();
    }
  }

  /** {@code state} saved, as a secret the caller destroys. */
  static Secret saved(GroupState state) {
    SavedGroupState saved = state.save();
    try {
      return Secret.wrap(saved.exposeBytes());
    } finally {
      saved.destroy();
    }
  }
}
