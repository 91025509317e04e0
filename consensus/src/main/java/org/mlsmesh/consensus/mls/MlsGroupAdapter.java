package org.mlsmesh.consensus.mls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.mlsmesh.consensus.CommitClass;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.GroupAdapter;
import org.mlsmesh.consensus.ProposalRef;
import org.mlsmesh.consensus.Staging;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.group.CommitOptions;
import org.mlsmesh.protocol.group.CommitResult;
import org.mlsmesh.protocol.group.CommittedProposal;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.group.Member;
import org.mlsmesh.protocol.group.PastEpochKeys;
import org.mlsmesh.protocol.group.Processed;
import org.mlsmesh.protocol.group.StagedCommit;
import org.mlsmesh.protocol.group.ValidationCode;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The fork choice over real MLS groups: {@link GroupAdapter} for {@link GroupState}.
 *
 * <ul>
 *   <li>An epoch's id is {@code MLS-Exporter("mlsmesh epoch id", "", 32)} (RFC 9420 §8.5): public,
 *       different for two forks of one epoch number, equal at every member of one fork.
 *   <li>A Commit's id is {@code RefHash("mlsmesh commit id", MLSMessage)} (§5.2) of the bytes as
 *       gossiped.
 *   <li>Every message carries the {@link MeshHeader} (the id of the epoch it was framed in) as its
 *       authenticated_data; staging checks it against the parent.
 *   <li>Every Commit — received or the local member's own — is staged against a private {@link
 *       GroupState#copy() copy} of the parent, so the parent snapshot stays exactly as it was: a
 *       rollback sees no ratchet step, proposal or key of a branch that lost, and destroying a
 *       branch erases only that branch's secrets.
 * </ul>
 *
 * <p>Deterministic: time comes from the injected {@code nowMillis} (the shell's clock as a value),
 * randomness from the group's environment. Not thread-safe, like the fork choice that calls it.
 */
public final class MlsGroupAdapter implements GroupAdapter<GroupState> {
  public static final String EPOCH_ID_LABEL = "mlsmesh epoch id";
  public static final String FORK_CHOICE_LABEL = "mlsmesh fork choice";
  public static final String COMMIT_ID_LABEL = "mlsmesh commit id";
  public static final int EXPORT_LENGTH = 32;

  /** Own Commits are few: a member with more unstaged ones than this has a bug. */
  private static final int MAX_OWN_PENDING = 64;

  private final CipherSuite suite;
  private final LongSupplier nowMillis;
  private final boolean stampSendTime;
  private final LinkedHashMap<CommitId, OwnCommit> own = new LinkedHashMap<>();
  private Bytes decodedWire;
  private MlsMessage decoded;

  /** An own Commit waiting to be staged: holds secrets, so a class and not a record. */
  private static final class OwnCommit {
    private final GroupState parent;
    private final GroupState fork;
    private final StagedCommit staged;

    OwnCommit(GroupState parent, GroupState fork, StagedCommit staged) {
      this.parent = parent;
      this.fork = fork;
      this.staged = staged;
    }

    GroupState parent() {
      return parent;
    }

    GroupState fork() {
      return fork;
    }

    StagedCommit staged() {
      return staged;
    }
  }

  public MlsGroupAdapter(CipherSuite suite, LongSupplier nowMillis) {
    this(suite, nowMillis, false);
  }

  /**
   * An adapter whose messages carry their send time ({@code nowMillis} when built) in the {@link
   * MeshHeader} when {@code stampSendTime}, for receivers to measure delivery delays.
   */
  public MlsGroupAdapter(CipherSuite suite, LongSupplier nowMillis, boolean stampSendTime) {
    this.suite = Objects.requireNonNull(suite, "suite");
    this.nowMillis = Objects.requireNonNull(nowMillis, "nowMillis");
    this.stampSendTime = stampSendTime;
  }

  private MeshHeader headerFor(EpochId epoch) {
    return stampSendTime
        ? new MeshHeader(epoch, Math.max(0, nowMillis.getAsLong()))
        : new MeshHeader(epoch);
  }

  // --- GroupAdapter ---

  @Override
  public EpochId epochId(GroupState state) {
    Secret id = state.exporter(EPOCH_ID_LABEL, Bytes.EMPTY, EXPORT_LENGTH);
    try {
      return EpochId.of(id.insecureAsBytes());
    } finally {
      id.destroy();
    }
  }

  @Override
  public long epochNumber(GroupState state) {
    return state.currentEpoch();
  }

  @Override
  public Staging<GroupState> stage(GroupState parent, Bytes wire) {
    OwnCommit mine = own.remove(commitId(wire));
    if (mine != null) {
      if (mine.parent() != parent) {
        mine.staged().discard();
        mine.fork().destroy();
        return Staging.invalid(
            MeshCode.PARENT_EPOCH_MISMATCH.name(), "own Commit offered on another parent state");
      }
      return Staging.valid(candidate(parent, mine.fork(), mine.staged(), OptionalLong.empty()));
    }
    MlsMessage message;
    if (wire == decodedWire) {
      message = decoded;
    } else {
      try {
        message = TlsReader.decodeAll(wire, MlsMessage::decode);
      } catch (DecodeException e) {
        return Staging.invalid("DECODE_ERROR", "Commit: " + e.getMessage());
      }
    }
    decodedWire = null;
    decoded = null;
    MeshHeader header;
    try {
      header = header(message);
      if (!header.epoch().equals(epochId(parent))) {
        return Staging.invalid(
            MeshCode.PARENT_EPOCH_MISMATCH.name(),
            "header names " + header.epoch() + ", staged on " + epochId(parent));
      }
    } catch (MeshException e) {
      return Staging.invalid(e.code().name(), e.getMessage());
    }
    GroupState fork = parent.copy();
    boolean keep = false;
    try {
      Processed processed = fork.process(message, nowMillis.getAsLong());
      if (processed instanceof Processed.CommitStaged staged) {
        keep = true;
        return Staging.valid(candidate(parent, fork, staged.commit(), header.rejoinSince()));
      }
      if (processed instanceof Processed.Removed removed) {
        return Staging.invalid(
            "LOCAL_MEMBER_REMOVED", "the Commit removes this member in epoch " + removed.epoch());
      }
      return Staging.invalid(MeshCode.NOT_A_COMMIT.name(), "content is not a Commit");
    } catch (DecodeException e) {
      return Staging.invalid("DECODE_ERROR", "Commit: " + e.getMessage());
    } catch (ValidationException e) {
      if (e.code() == ValidationCode.COMMIT_FROM_SELF) {
        return new Staging.Own<>();
      }
      return Staging.invalid(e.code().name(), e.getMessage());
    } finally {
      if (!keep) {
        fork.destroy();
      }
    }
  }

  @Override
  public Secret forkChoiceExporter(GroupState state) {
    return state.exporter(FORK_CHOICE_LABEL, Bytes.EMPTY, EXPORT_LENGTH);
  }

  @Override
  public List<LeafIndex> members(GroupState state) {
    List<LeafIndex> leaves = new ArrayList<>();
    for (Member m : state.members()) {
      leaves.add(m.index());
    }
    leaves.sort(null);
    return leaves;
  }

  @Override
  public LeafIndex ownLeaf(GroupState state) {
    return state.ownLeaf();
  }

  @Override
  public void destroy(GroupState state) {
    state.destroy();
  }

  // --- For the shell ---

  public CipherSuite suite() {
    return suite;
  }

  /** The id of a Commit as every member computes it: a hash of the gossiped bytes. */
  public CommitId commitId(Bytes wire) {
    return CommitId.of(suite.crypto().refHash(COMMIT_ID_LABEL, wire));
  }

  /**
   * Creates a Commit on {@code parent} (which does not change: RFC 9420 §14; the Commit is built on
   * a copy) with the mesh header as its authenticated_data. Pass the result to the fork choice as
   * {@code Input.LocalCommitCreated}: staging it there returns the Commit already staged here.
   */
  public LocalCommit commit(GroupState parent, CommitOptions options)
      throws DecodeException, ValidationException {
    EpochId parentId = epochId(parent);
    GroupState fork = parent.copy();
    CommitResult result;
    try {
      result =
          fork.commit(
              options.withAuthenticatedData(headerFor(parentId).encode()), nowMillis.getAsLong());
    } catch (DecodeException | ValidationException | RuntimeException e) {
      fork.destroy();
      throw e;
    }
    Bytes wire = result.commit().encoded();
    CommitId id = commitId(wire);
    own.put(id, new OwnCommit(parent, fork, result.staged()));
    while (own.size() > MAX_OWN_PENDING) {
      discardOwn(own.keySet().iterator().next());
    }
    return new LocalCommit(id, parentId, wire, result.welcome().map(Encodable::encoded));
  }

  /**
   * {@code message} is {@code wire} decoded (by the group wire, once): the next {@link #stage} of
   * these very bytes uses it instead of decoding them again.
   */
  public void offerDecoded(Bytes wire, MlsMessage message) {
    this.decodedWire = Objects.requireNonNull(wire, "wire");
    this.decoded = Objects.requireNonNull(message, "message");
  }

  /** Erases an own Commit that the fork choice dropped without staging it. */
  public void discardOwn(CommitId commit) {
    OwnCommit mine = own.remove(commit);
    if (mine != null) {
      mine.staged().discard();
      mine.fork().destroy();
    }
  }

  /** Own Commits created but not staged yet. */
  public int ownPending() {
    return own.size();
  }

  /**
   * Encrypts {@code content} in {@code state}'s epoch (RFC 9420 §6.3) with the mesh header; the
   * bytes to gossip.
   */
  public Bytes encrypt(GroupState state, AppContent content) {
    return encrypt(state, List.of(content));
  }

  /** Encrypts several messages as one bundle (see {@link AppContent}); one is sent as itself. */
  public Bytes encrypt(GroupState state, List<AppContent> contents) {
    return state
        .encrypt(AppContent.encodeAll(contents), headerFor(epochId(state)).encode(), 0)
        .encoded();
  }

  /**
   * The mesh header of a group message, read before processing: which retained epoch to process it
   * in. Not authenticated until the message is processed in that epoch.
   */
  public static MeshHeader header(Bytes wire) throws DecodeException, MeshException {
    return header(TlsReader.decodeAll(wire, MlsMessage::decode));
  }

  static MeshHeader header(MlsMessage message) throws MeshException {
    Bytes ad;
    if (message.publicMessage().isPresent()) {
      ad = message.publicMessage().get().content().authenticatedData();
    } else if (message.privateMessage().isPresent()) {
      ad = message.privateMessage().get().authenticatedData();
    } else {
      throw new MeshException(
          MeshCode.AUTHENTICATED_DATA_MALFORMED, "a " + message.wireFormat() + " has no header");
    }
    return MeshHeader.decode(ad);
  }

  /**
   * Decrypts and authenticates an application message in {@code state}, the epoch its header names,
   * and checks that it does.
   */
  public ReceivedApplication open(GroupState state, Bytes wire)
      throws DecodeException, ValidationException, MeshException {
    return openAs(state, epochId(state), wire);
  }

  /**
   * Decrypts an application message of epoch {@code epoch} with {@code decryptor}: that epoch's
   * state, or a later state of the same branch that keeps the epoch's keys (RFC 9420 §14, late
   * messages). The header must name {@code epoch}.
   */
  public ReceivedApplication openAs(GroupState decryptor, EpochId epoch, Bytes wire)
      throws DecodeException, ValidationException, MeshException {
    MlsMessage message = messageOf(epoch, wire);
    Processed processed = decryptor.process(message, nowMillis.getAsLong());
    if (!(processed instanceof Processed.Application app)) {
      throw new MeshException(
          MeshCode.APPLICATION_CONTENT_MALFORMED, "expected application data, got " + processed);
    }
    return received(app);
  }

  /**
   * Decrypts an application message of epoch {@code epoch} with the keys kept of a branch given up
   * (see {@link PastEpochKeys}). The header must name {@code epoch}.
   */
  public ReceivedApplication openPast(PastEpochKeys keys, EpochId epoch, Bytes wire)
      throws DecodeException, ValidationException, MeshException {
    return received(keys.open(messageOf(epoch, wire)));
  }

  /** Decodes a group message whose mesh header must name {@code epoch}. */
  private MlsMessage messageOf(EpochId epoch, Bytes wire) throws DecodeException, MeshException {
    MlsMessage message = TlsReader.decodeAll(wire, MlsMessage::decode);
    MeshHeader header = header(message);
    if (!header.epoch().equals(epoch)) {
      throw new MeshException(
          MeshCode.PARENT_EPOCH_MISMATCH, "header names " + header.epoch() + ", expected " + epoch);
    }
    return message;
  }

  private static ReceivedApplication received(Processed.Application app) throws MeshException {
    return new ReceivedApplication(
        app.sender(), app.senderCredential(), AppContent.decodeAll(app.data()));
  }

  // --- Internal ---

  /** {@code rejoinSince} counts only on an external Commit: a member's own says nothing. */
  private MlsStagedCandidate candidate(
      GroupState parent, GroupState fork, StagedCommit staged, OptionalLong rejoinSince) {
    boolean external = staged.committer() instanceof Sender.NewMemberCommit;
    CommitClass commitClass =
        external
            ? CommitClass.ADDS_ONLY
            : CommitClass.of(
                staged.proposals(Proposal.Kind.REMOVE).size(),
                staged.proposals(Proposal.Kind.ADD).size());
    List<ProposalRef> refs = new ArrayList<>();
    for (CommittedProposal p : staged.proposals()) {
      p.ref().ifPresent(r -> refs.add(ProposalRef.of(r.value())));
    }
    return new MlsStagedCandidate(
        fork,
        staged,
        committer(parent, staged),
        commitClass,
        refs,
        external ? rejoinSince : OptionalLong.empty());
  }

  /** The committer's leaf: the sender, or for an external Commit the leaf the joiner took. */
  private static LeafIndex committer(GroupState parent, StagedCommit staged) {
    if (staged.committer() instanceof Sender.Member m) {
      return m.leafIndex();
    }
    for (Member next : staged.members()) {
      Optional<LeafNode> before = parent.tree().leaf(next.index());
      if (before.isEmpty() || !before.get().equals(next.leafNode())) {
        return next.index();
      }
    }
    throw new IllegalStateException("an external Commit that places no new leaf");
  }
}
