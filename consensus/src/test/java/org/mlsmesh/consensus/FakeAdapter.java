package org.mlsmesh.consensus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * A deterministic fake group behind {@link GroupAdapter}: epoch id = SHA-256(parent id || commit
 * id), exporter = SHA-256("exporter" || epoch id). It records every state it created and every
 * state it destroyed, and fails loudly when the fork choice uses a destroyed state.
 */
final class FakeAdapter implements GroupAdapter<FakeState> {
  final List<FakeState> created = new ArrayList<>();
  final List<FakeState> destroyed = new ArrayList<>();
  int stagings;
  final List<Secret> exporters = new ArrayList<>();

  /** Registers a root state created outside the adapter. */
  FakeState track(FakeState state) {
    created.add(state);
    return state;
  }

  @Override
  public EpochId epochId(FakeState state) {
    return EpochId.of(state.epochId);
  }

  @Override
  public long epochNumber(FakeState state) {
    return state.epoch;
  }

  @Override
  public Staging<FakeState> stage(FakeState parent, Bytes wire) {
    checkAlive(parent);
    stagings++;
    FakeCommit c;
    try {
      c = FakeCommit.decode(wire);
    } catch (IOException e) {
      return Staging.invalid("DECODE", e.getMessage());
    }
    if (!c.parent().equals(parent.epochId)) {
      return Staging.invalid("WRONG_EPOCH", "built on another epoch");
    }
    if (!parent.members.contains(c.committer())) {
      return Staging.invalid("NOT_A_MEMBER", "committer " + c.committer());
    }
    for (long r : c.removes()) {
      if (!parent.members.contains(r) || r == c.committer()) {
        return Staging.invalid("BAD_REMOVE", "leaf " + r);
      }
    }
    if (c.invalid()) {
      return Staging.invalid("BAD_SIGNATURE", "forged");
    }
    return Staging.valid(new Candidate(parent, c));
  }

  @Override
  public Secret forkChoiceExporter(FakeState state) {
    checkAlive(state);
    Secret exporter = Secret.of(exporterBytes(state.epochId));
    exporters.add(exporter);
    return exporter;
  }

  static Bytes exporterBytes(Bytes epochId) {
    return FakeCommit.sha256(Bytes.concat(Bytes.wrap("exporter".getBytes()), epochId));
  }

  @Override
  public List<LeafIndex> members(FakeState state) {
    List<LeafIndex> out = new ArrayList<>();
    for (long m : state.members) {
      out.add(LeafIndex.of(m));
    }
    return out;
  }

  @Override
  public LeafIndex ownLeaf(FakeState state) {
    return LeafIndex.of(state.ownLeaf);
  }

  @Override
  public void destroy(FakeState state) {
    state.destroy();
    destroyed.add(state);
  }

  /** States created and not destroyed. */
  List<FakeState> alive() {
    List<FakeState> out = new ArrayList<>();
    for (FakeState s : created) {
      if (!s.isDestroyed()) {
        out.add(s);
      }
    }
    return out;
  }

  private static void checkAlive(FakeState state) {
    if (state.isDestroyed()) {
      throw new IllegalStateException("used after destroy: " + state);
    }
  }

  private final class Candidate implements StagedCandidate<FakeState> {
    private final FakeState parent;
    private final FakeCommit commit;
    private boolean used;

    Candidate(FakeState parent, FakeCommit commit) {
      this.parent = parent;
      this.commit = commit;
    }

    @Override
    public LeafIndex committer() {
      return LeafIndex.of(commit.committer());
    }

    @Override
    public CommitClass commitClass() {
      return commit.commitClass();
    }

    @Override
    public List<ProposalRef> proposalRefs() {
      List<ProposalRef> out = new ArrayList<>();
      for (Bytes r : commit.proposalRefs()) {
        out.add(ProposalRef.of(r));
      }
      return out;
    }

    @Override
    public FakeState merge() {
      use();
      TreeSet<Long> members = new TreeSet<>(parent.members);
      members.removeAll(commit.removes());
      for (int i = 0; i < commit.adds(); i++) {
        long leaf = 0;
        while (members.contains(leaf)) {
          leaf++;
        }
        members.add(leaf);
      }
      FakeState next =
          new FakeState(commit.childEpochId(), parent.epoch + 1, members, parent.ownLeaf);
      created.add(next);
      return next;
    }

    @Override
    public void discard() {
      use();
    }

    private void use() {
      if (used) {
        throw new IllegalStateException("candidate used twice");
      }
      used = true;
    }
  }
}
