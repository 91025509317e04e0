package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.keypackage.KeyPackageBundle;
import org.mlsmesh.protocol.keypackage.VerifiedKeyPackage;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.CustomProposal;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.GroupContextExtensions;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.SelfRemove;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/**
 * One member's state of an MLS group in one epoch (RFC 9420 §8, §12). The epoch's structure (tree,
 * GroupContext, transcript hashes, secrets) never changes: a Commit — received or created — is
 * staged as a {@link StagedCommit} and {@link StagedCommit#merge() merged} into a new state, so
 * competing Commits of one epoch can be staged side by side. What does change in place are the
 * epoch's message keys (each message consumes ratchet keys) and the store of proposals received in
 * the epoch.
 *
 * <p>Create a group with {@link #create}, join one through {@link WelcomeProcessor} (or {@link
 * #stageWelcome}), then {@link #process} incoming messages and send with {@link #encrypt}, the
 * {@code propose*} methods and {@link #commit}. {@link #save()} and {@link #load} persist a state.
 *
 * <p>Not thread-safe: one owner at a time.
 */
public final class GroupState {
  private final GroupEnvironment env;
  private final Epoch epoch;
  private final SignatureKeyPair signer;
  private final TreePrivateKeys privateKeys;
  private final EpochKeys keys;
  private final List<EpochKeys> pastKeys;
  private final TreeMap<Long, Secret> resumptionPsks;
  private ProposalStore proposals = new ProposalStore();
  private boolean handedOn;

  /** Whether this state writes itself to its environment's storage after each change. */
  private boolean stored;

  /** Whether processing the current message consumed a message key (RFC 9420 §9.2). */
  private boolean keyConsumed;

  /** The latest Commit this member created on this state, until merged or discarded. */
  private StagedCommit pendingCommit;

  /** How this member was removed, once it merged its removal: the state is then inactive. */
  private Processed.Removed removal;

  /** True for a {@link #copy()} and the states merged from it: they own their past keys. */
  private boolean ownsPastKeys;

  GroupState(
      GroupEnvironment env,
      Epoch epoch,
      SignatureKeyPair signer,
      TreePrivateKeys privateKeys,
      EpochKeys keys,
      List<EpochKeys> pastKeys,
      Map<Long, Secret> resumptionPsks) {
    this.env = Objects.requireNonNull(env, "env");
    this.epoch = Objects.requireNonNull(epoch, "epoch");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.privateKeys = Objects.requireNonNull(privateKeys, "privateKeys");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.pastKeys = List.copyOf(pastKeys);
    this.resumptionPsks = new TreeMap<>(resumptionPsks);
  }

  /** The state of a member entering {@code epoch}: its message keys and resumption PSK. */
  static GroupState enter(
      GroupEnvironment env, Epoch epoch, SignatureKeyPair signer, TreePrivateKeys privateKeys) {
    Map<Long, Secret> resumption = new TreeMap<>();
    resumption.put(epoch.number(), epoch.secrets.resumptionPsk().copy());
    GroupState state =
        new GroupState(
            env,
            epoch,
            signer,
            privateKeys,
            EpochKeys.create(epoch, env.config().secretTree()),
            List.of(),
            resumption);
    state.stored = env.storage().isPresent();
    state.persist();
    return state;
  }

  // --- Creating and joining ---

  /**
   * A new one-member group (RFC 9420 §11) with the creator's leaf from {@code creator}, which must
   * be signed with {@code signer}. {@code creator} stays owned by the caller.
   *
   * @throws IllegalArgumentException when the signer does not match the leaf, or the leaf does not
   *     support a non-default extension in {@code extensions}
   */
  public static GroupState create(
      GroupEnvironment env,
      Bytes groupId,
      List<Extension> extensions,
      KeyPackageBundle creator,
      SignatureKeyPair signer) {
    return GroupCreation.create(env, groupId, extensions, creator, signer);
  }

  /**
   * A new one-member group whose creator's leaf is made here from {@code credential}, valid for 90
   * days from {@code nowMillis}.
   */
  public static GroupState create(
      GroupEnvironment env,
      CipherSuite suite,
      Bytes groupId,
      List<Extension> extensions,
      SignatureKeyPair signer,
      Credential credential,
      long nowMillis) {
    return GroupCreation.create(env, suite, groupId, extensions, signer, credential, nowMillis);
  }

  /**
   * Stages joining from a Welcome (RFC 9420 §12.4.3.1) with the KeyPackage it was sent to; see
   * {@link WelcomeProcessor#stage}.
   */
  public static StagedWelcome stageWelcome(
      GroupEnvironment env,
      MlsMessage welcome,
      KeyPackageBundle keyPackage,
      SignatureKeyPair signer,
      Optional<RatchetTree> tree,
      long nowMillis)
      throws DecodeException, ValidationException {
    if (welcome.welcome().isEmpty()) {
      throw new ValidationException(
          ValidationCode.WIRE_FORMAT_UNEXPECTED, "expected a Welcome: " + welcome.wireFormat());
    }
    return WelcomeProcessor.stage(
        env,
        welcome.welcome().get(),
        keyPackage.keyPackage(),
        keyPackage.initPrivateKey(),
        keyPackage.encryptionPrivateKey(),
        signer,
        tree.map(RatchetTree::toNodes),
        nowMillis);
  }

  /**
   * Stages joining from a Welcome with the KeyPackage it was sent to, found in the environment's
   * {@link MlsStorage}. Joining deletes that KeyPackage from the storage (RFC 9420 §16.8: use it
   * once) unless it is a last resort one; discarding keeps it.
   *
   * @throws IllegalStateException when the environment has no storage
   * @throws ValidationException with {@link ValidationCode#WELCOME_NOT_FOR_KEY_PACKAGE} when the
   *     storage holds no KeyPackage the Welcome was sent to
   */
  public static StagedWelcome stageWelcome(
      GroupEnvironment env,
      MlsMessage welcome,
      SignatureKeyPair signer,
      Optional<RatchetTree> tree,
      long nowMillis)
      throws DecodeException, ValidationException {
    return GroupStorage.stageWelcome(env, welcome, signer, tree, nowMillis);
  }

  // --- Saving and loading ---

  /**
   * Saves everything this state needs to continue exactly where it is (see {@link
   * GroupStateFormat}): epoch, tree, secrets, this member's private keys (its signature key
   * included), every sender's ratchet position and the keys kept for out-of-order messages, the
   * past epochs' keys, resumption PSKs, pending proposals and the configuration. The result holds
   * secrets: store it encrypted at rest and {@link SavedGroupState#destroy() destroy} it after use.
   *
   * <p>A state whose message keys were handed on to a merged successor is saved without them, as
   * the successor owns them: loaded, it can no longer decrypt (or encrypt) in its epoch.
   *
   * @throws IllegalStateException when this state was {@link #destroy() destroyed}
   */
  public SavedGroupState save() {
    requireNotRemoved();
    return GroupStateEncoder.encode(this);
  }

  /**
   * Loads a state saved by {@link #save()}. The environment supplies the credential and KeyPackage
   * validators, the PSK store and the randomness; the group's {@link GroupConfig} is the saved one.
   * {@code saved} stays owned by the caller. Keep the state saved and the state loaded from being
   * used side by side: both would consume the same message keys.
   *
   * @throws DecodeException saying what is wrong and at which byte offset, when the bytes are not a
   *     saved state of a format version this library reads, are truncated or have trailing bytes,
   *     or describe an inconsistent state (such as private keys that do not match the tree)
   */
  public static GroupState load(GroupEnvironment env, SavedGroupState saved)
      throws DecodeException {
    return GroupStateDecoder.decode(env, saved);
  }

  /**
   * Loads the state of group {@code groupId} from the environment's {@link MlsStorage}; it keeps
   * writing itself there. Empty when the storage holds no state of the group.
   *
   * @throws IllegalStateException when the environment has no storage
   * @throws DecodeException as {@link #load(GroupEnvironment, SavedGroupState)}
   */
  public static Optional<GroupState> load(GroupEnvironment env, Bytes groupId)
      throws DecodeException {
    return GroupStorage.load(env, groupId);
  }

  /**
   * Writes this state to the environment's storage if it is the stored state of its group: not a
   * copy, not superseded by a merged successor, not removed.
   */
  void persist() {
    if (!stored || handedOn || removal != null || epoch.secrets.isDestroyed()) {
      return;
    }
    GroupStorage.write(this);
  }

  /** Marks a state loaded from the storage as the stored state of its group. */
  void markStored() {
    stored = true;
  }

  // --- Receiving ---

  /**
   * Authenticates and processes a PublicMessage or PrivateMessage of this group (RFC 9420 §6, §12).
   * Application data is returned; a valid proposal is queued for a later Commit; a valid Commit is
   * staged, and this state is not changed by it.
   *
   * @throws DecodeException when the message or a part it holds is malformed
   * @throws ValidationException naming the rule the message breaks
   */
  public Processed process(MlsMessage message, long nowMillis)
      throws DecodeException, ValidationException {
    requireNotRemoved();
    keyConsumed = false;
    Processed processed;
    try {
      processed = processVerified(MessageProcessor.verify(this, message), nowMillis);
    } catch (DecodeException | ValidationException | RuntimeException e) {
      if (keyConsumed) {
        persist(); // RFC 9420 §9.2: a consumed key is deleted from storage too
      }
      throw e;
    }
    persist();
    return processed;
  }

  /** Notes that processing the current message consumed a message key. */
  void consumedKey() {
    keyConsumed = true;
  }

  private Processed processVerified(VerifiedContent verified, long nowMillis)
      throws DecodeException, ValidationException {
    Content content = verified.content().content();
    return switch (content.contentType()) {
      case APPLICATION -> verified.application();
      case PROPOSAL -> {
        Proposal proposal = ((Content.ProposalContent) content).proposal();
        ProposalValidator.validate(this, proposal, verified.sender(), nowMillis);
        QueuedProposal queued =
            new QueuedProposal(
                ProposalRef.of(epoch.suite, verified.authenticated), proposal, verified.sender());
        proposals.add(queued);
        yield new Processed.ProposalQueued(queued, verified.senderCredential);
      }
      case COMMIT -> CommitProcessor.stage(this, verified, nowMillis);
    };
  }

  // --- Sending ---

  /**
   * Encrypts application data as a PrivateMessage (RFC 9420 §6.3, §15), with {@code paddingLength}
   * zero bytes of padding. Consumes the next key of this member's application ratchet.
   *
   * @throws IllegalStateException when proposals of this epoch are pending: RFC 9420 §12.4 requires
   *     a Commit before application data
   */
  public MlsMessage encrypt(Bytes data, Bytes authenticatedData, int paddingLength) {
    requireActive();
    if (!proposals.isEmpty()) {
      throw new IllegalStateException("proposals are pending: commit them first (RFC 9420 §12.4)");
    }
    var framed = MessageFactory.frame(this, Content.application(data), authenticatedData);
    MlsMessage message =
        MessageFactory.protect(
            this, MessageFactory.sign(this, WireFormat.PRIVATE_MESSAGE, framed), paddingLength);
    persist();
    return message;
  }

  /** Proposes adding the client of {@code keyPackage} (RFC 9420 §12.1.1). */
  public MlsMessage proposeAdd(KeyPackage keyPackage, long nowMillis)
      throws DecodeException, ValidationException {
    return Proposals.propose(this, new Add(keyPackage), nowMillis);
  }

  /** Proposes removing the member at {@code leaf}; this member's own leaf means leaving. */
  public MlsMessage proposeRemove(LeafIndex leaf) throws DecodeException, ValidationException {
    return Proposals.propose(this, new Remove(leaf), 0);
  }

  /** Proposes a fresh leaf encryption key for this member (RFC 9420 §12.1.2). */
  public MlsMessage proposeUpdate(long nowMillis) throws DecodeException, ValidationException {
    requireActive();
    return Proposals.proposeUpdate(this, nowMillis);
  }

  /** Proposes injecting an external PSK this client holds, with a fresh nonce (§12.1.4). */
  public MlsMessage proposeExternalPsk(Bytes pskId) throws DecodeException, ValidationException {
    return Proposals.propose(
        this, new PreSharedKey(PreSharedKeyId.external(pskId, freshNonce())), 0);
  }

  /** Proposes injecting the resumption PSK of an earlier epoch of this group (§8.6). */
  public MlsMessage proposeResumptionPsk(long pskEpoch)
      throws DecodeException, ValidationException {
    return Proposals.propose(
        this,
        new PreSharedKey(
            PreSharedKeyId.resumption(
                PreSharedKeyId.ResumptionUsage.APPLICATION,
                epoch.groupId(),
                pskEpoch,
                freshNonce())),
        0);
  }

  /**
   * Asks to leave the group: a SelfRemove proposal (draft-ietf-mls-extensions), which the next
   * Commit of another member must include. This member cannot commit it itself; once a Commit
   * covering it arrives, {@link #process} reports {@link Processed.Removed}. Every member must
   * support proposal type 0x000a.
   */
  public MlsMessage leave() throws DecodeException, ValidationException {
    return leave(Bytes.EMPTY);
  }

  /** {@link #leave()} with {@code authenticatedData} in the proposal's framing (RFC 9420 §6). */
  public MlsMessage leave(Bytes authenticatedData) throws DecodeException, ValidationException {
    return Proposals.propose(this, new SelfRemove(), 0, authenticatedData);
  }

  /**
   * Proposes a proposal of a private-use type (RFC 9420 §17.4) that every member lists in its
   * capabilities (§12.2).
   */
  public MlsMessage proposeCustom(int type, Bytes body)
      throws DecodeException, ValidationException {
    return Proposals.propose(this, new CustomProposal(type, body), 0);
  }

  /** Proposes replacing the GroupContext extensions (RFC 9420 §12.1.7). */
  public MlsMessage proposeGroupContextExtensions(List<Extension> extensions)
      throws DecodeException, ValidationException {
    return Proposals.propose(this, new GroupContextExtensions(extensions), 0);
  }

  /** Proposes reinitializing the group with new parameters (RFC 9420 §12.1.5, §11.2). */
  public MlsMessage proposeReInit(Bytes groupId, CipherSuite suite, List<Extension> extensions)
      throws DecodeException, ValidationException {
    return Proposals.propose(
        this, new ReInit(groupId, epoch.context.version(), suite.id(), extensions), 0);
  }

  /**
   * Creates a Commit (RFC 9420 §12.4.1), and the Welcome for the members it adds. This state is not
   * changed (§14): merge the returned staged commit once the Commit is accepted.
   */
  public CommitResult commit(CommitOptions options, long nowMillis)
      throws DecodeException, ValidationException {
    requireActive();
    CommitResult result = CommitBuilder.commit(this, options, nowMillis);
    persist();
    return result;
  }

  /**
   * Creates a Commit as {@link #commit} does, adding by value, after the proposals of {@code
   * options}, the clients of {@code keyPackages}. These were validated when they were fetched (only
   * {@link org.mlsmesh.protocol.keypackage.KeyPackageValidator} makes a {@link
   * VerifiedKeyPackage}), so their signatures are not verified again; every rule on the Commit's
   * proposal list still applies, and every receiver validates the KeyPackages in full.
   *
   * @throws ValidationException also when a KeyPackage was verified for another cipher suite
   */
  public CommitResult commitAdding(
      List<VerifiedKeyPackage> keyPackages, CommitOptions options, long nowMillis)
      throws DecodeException, ValidationException {
    requireActive();
    CommitResult result = CommitBuilder.commit(this, options, List.copyOf(keyPackages), nowMillis);
    persist();
    return result;
  }

  // --- Convenience Commits: CommitOptions.defaults() with their proposals ---

  /**
   * Commits adding the clients of {@code keyPackages} (RFC 9420 §12.1.1), with the proposals
   * pending in this epoch; the result's Welcome is for them.
   *
   * @throws IllegalArgumentException when {@code keyPackages} is empty
   * @throws ValidationException when a KeyPackage is invalid (RFC 9420 §10.1)
   */
  public CommitResult addMembers(List<KeyPackage> keyPackages, long nowMillis)
      throws DecodeException, ValidationException {
    if (keyPackages.isEmpty()) {
      throw new IllegalArgumentException("no KeyPackage to add");
    }
    List<Proposal> adds = new ArrayList<>();
    for (KeyPackage keyPackage : keyPackages) {
      adds.add(new Add(keyPackage));
    }
    return commit(CommitOptions.defaults().withProposals(adds), nowMillis);
  }

  /**
   * Commits removing the members at {@code leaves} (RFC 9420 §12.1.3), with the proposals pending
   * in this epoch.
   *
   * @throws IllegalArgumentException when {@code leaves} is empty or names a leaf with no member,
   *     or this member's own leaf: a member cannot commit its own removal, it {@link #leave()
   *     leaves}
   */
  public CommitResult removeMembers(List<LeafIndex> leaves, long nowMillis)
      throws DecodeException, ValidationException {
    return commit(
        CommitOptions.defaults().withProposals(MemberRemovals.removes(this, leaves)), nowMillis);
  }

  /**
   * Commits removing every member whose basic credential has one of {@code identities}, as {@link
   * #removeMembers}.
   *
   * @throws IllegalArgumentException when an identity is no member's, or is this member's own
   */
  public CommitResult removeMembersByIdentity(List<Bytes> identities, long nowMillis)
      throws DecodeException, ValidationException {
    return removeMembers(MemberRemovals.leavesOf(this, identities), nowMillis);
  }

  /**
   * Commits a fresh leaf and path for this member (RFC 9420 §12.4.1, post-compromise security),
   * with the proposals pending in this epoch.
   */
  public CommitResult selfUpdate(long nowMillis) throws DecodeException, ValidationException {
    return commit(CommitOptions.defaults().withForcePath(true), nowMillis);
  }

  /**
   * Commits the proposals pending in this epoch (RFC 9420 §12.4), as the next message after them
   * must be; with a path, so also when none is pending.
   */
  public CommitResult commitPendingProposals(long nowMillis)
      throws DecodeException, ValidationException {
    return commit(CommitOptions.defaults(), nowMillis);
  }

  // --- The pending own Commit ---

  /**
   * The latest Commit this member created on this state, staged and neither merged nor discarded:
   * the one {@link #mergePendingCommit()} enters. A Commit created later replaces it here (the
   * earlier one stays valid for whoever holds it). Not saved with the state.
   */
  public Optional<StagedCommit> pendingCommit() {
    return pendingCommit == null || pendingCommit.isDone()
        ? Optional.empty()
        : Optional.of(pendingCommit);
  }

  /**
   * Merges the {@linkplain #pendingCommit() pending Commit}, once the group accepted it: the state
   * of the next epoch, as {@link StagedCommit#merge()}.
   *
   * @throws IllegalStateException when no Commit is pending
   */
  public GroupState mergePendingCommit() {
    return pendingCommit()
        .orElseThrow(() -> new IllegalStateException("no Commit of this member is pending"))
        .merge();
  }

  /**
   * Discards the {@linkplain #pendingCommit() pending Commit}, when the group did not accept it:
   * erases its next epoch's secrets (RFC 9420 §9.2); this state is unchanged. Nothing if none.
   */
  public void clearPendingCommit() {
    pendingCommit().ifPresent(StagedCommit::discard);
    pendingCommit = null;
  }

  void setPendingCommit(StagedCommit staged) {
    pendingCommit = staged;
  }

  /**
   * A signed GroupInfo of the current epoch (RFC 9420 §12.4.3), with the ratchet_tree and
   * external_pub extensions an external joiner needs when asked for.
   */
  public MlsMessage groupInfo(boolean withRatchetTree, boolean withExternalPub) {
    requireNotRemoved();
    return MlsMessage.of(WelcomeBuilder.groupInfo(this, epoch, withRatchetTree, withExternalPub));
  }

  /**
   * The ReInit committed into this epoch, if any: the group then sends nothing more, and its
   * members wait for the Welcome into the new group (RFC 9420 §11.2, §12.4.2).
   */
  public Optional<ReInit> pendingReInit() {
    return epoch.reInit;
  }

  /**
   * Branches a subgroup (RFC 9420 §11.3): a new group {@code newGroupId} with this group's suite
   * and extensions, whose first Commit adds {@code members} (fresh KeyPackages of members of this
   * group) and injects this epoch's resumption PSK with usage branch. This state is not changed.
   */
  public ResumedGroup branch(Bytes newGroupId, List<KeyPackage> members, long nowMillis)
      throws DecodeException, ValidationException {
    return branch(newGroupId, epoch.context.extensions(), members, nowMillis);
  }

  /**
   * As {@link #branch(Bytes, List, long)}, with {@code extensions} as the subgroup's GroupContext
   * extensions (RFC 9420 §11.3 lets the subgroup choose its own).
   */
  public ResumedGroup branch(
      Bytes newGroupId, List<Extension> extensions, List<KeyPackage> members, long nowMillis)
      throws DecodeException, ValidationException {
    requireActive();
    return GroupResumption.start(
        this,
        PreSharedKeyId.ResumptionUsage.BRANCH,
        epoch.number(),
        newGroupId,
        epoch.suite,
        List.copyOf(extensions),
        signer,
        epoch.tree.leaf(ownLeaf()).orElseThrow().credential(),
        members,
        nowMillis);
  }

  /**
   * Stages joining a subgroup branched from this group (RFC 9420 §11.3), checking that the Welcome
   * injects a branch PSK of this group, keeps its version and suite, and that every member of the
   * subgroup has the credential of a member of this group.
   */
  public StagedWelcome joinBranch(
      MlsMessage welcome, KeyPackageBundle keyPackage, Optional<RatchetTree> tree, long nowMillis)
      throws DecodeException, ValidationException {
    return joinBranch(welcome, keyPackage, signer, tree, nowMillis);
  }

  /**
   * As {@link #joinBranch(MlsMessage, KeyPackageBundle, Optional, long)}, for a KeyPackage signed
   * with another key pair of this client, {@code keyPackageSigner}.
   */
  public StagedWelcome joinBranch(
      MlsMessage welcome,
      KeyPackageBundle keyPackage,
      SignatureKeyPair keyPackageSigner,
      Optional<RatchetTree> tree,
      long nowMillis)
      throws DecodeException, ValidationException {
    return GroupResumption.join(
        this,
        PreSharedKeyId.ResumptionUsage.BRANCH,
        welcome,
        keyPackage,
        keyPackageSigner,
        tree,
        nowMillis);
  }

  /**
   * After a Commit of a ReInit (RFC 9420 §11.2), creates the new group with the ReInit's group_id,
   * version, suite and extensions, with this client's new leaf from {@code signer} (of the new
   * suite) and {@code credential}; its first Commit adds {@code members} (KeyPackages of the new
   * suite) and injects this epoch's resumption PSK with usage reinit. Any member may do it.
   *
   * @throws IllegalStateException when no ReInit was committed, or this library does not support
   *     its version or suite
   */
  public ResumedGroup reinit(
      SignatureKeyPair signer, Credential credential, List<KeyPackage> members, long nowMillis)
      throws DecodeException, ValidationException {
    ReInit reInit =
        epoch.reInit.orElseThrow(() -> new IllegalStateException("no ReInit was committed"));
    if (reInit.version() != epoch.context.version()) {
      throw new IllegalStateException("unsupported protocol version " + reInit.version());
    }
    CipherSuite suite =
        CipherSuite.fromId(reInit.cipherSuite())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        String.format("unsupported cipher suite 0x%04x", reInit.cipherSuite())));
    return GroupResumption.start(
        this,
        PreSharedKeyId.ResumptionUsage.REINIT,
        epoch.number(),
        reInit.groupId(),
        suite,
        reInit.extensions(),
        signer,
        credential,
        members,
        nowMillis);
  }

  /**
   * Stages joining the group that reinitializes this one (RFC 9420 §11.2), checking that the
   * Welcome injects the reinit PSK of this epoch and that the new group has the ReInit's group_id,
   * version, suite and extensions.
   *
   * @param signer this client's signature key pair in the new group, the KeyPackage's
   * @throws IllegalStateException when no ReInit was committed
   */
  public StagedWelcome joinReInit(
      MlsMessage welcome,
      KeyPackageBundle keyPackage,
      SignatureKeyPair signer,
      Optional<RatchetTree> tree,
      long nowMillis)
      throws DecodeException, ValidationException {
    if (epoch.reInit.isEmpty()) {
      throw new IllegalStateException("no ReInit was committed");
    }
    return GroupResumption.join(
        this, PreSharedKeyId.ResumptionUsage.REINIT, welcome, keyPackage, signer, tree, nowMillis);
  }

  void requireActive() {
    requireNotRemoved();
    if (epoch.reInit.isPresent()) {
      throw new IllegalStateException(
          "the group was reinitialized: wait for the Welcome into the new group (RFC 9420 §11.2)");
    }
  }

  private void requireNotRemoved() {
    if (removal != null) {
      throw new IllegalStateException(
          "this member was removed from the group by "
              + removal.committer()
              + " in epoch "
              + removal.epoch()
              + " (RFC 9420 §12.4.2): the group state is inactive");
    }
  }

  /** A fresh random psk_nonce of Nh bytes (§8.4). */
  Bytes freshNonce() {
    return Bytes.wrap(env.random().randomBytes(epoch.suite.hashLength()));
  }

  // --- Inspection ---

  public CipherSuite suite() {
    return epoch.suite;
  }

  public Bytes groupId() {
    return epoch.groupId();
  }

  public long currentEpoch() {
    return epoch.number();
  }

  public GroupContext groupContext() {
    return epoch.context;
  }

  public List<Extension> extensions() {
    return epoch.context.extensions();
  }

  /** The public ratchet tree of the epoch. */
  public RatchetTree tree() {
    return epoch.tree;
  }

  public LeafIndex ownLeaf() {
    return privateKeys.leafIndex();
  }

  public List<Member> members() {
    return members(epoch.tree);
  }

  /** The member at {@code leaf}; empty when the leaf is blank or outside the tree. */
  public Optional<Member> member(LeafIndex leaf) {
    if (!epoch.tree.contains(leaf)) {
      return Optional.empty();
    }
    return epoch.tree.leaf(leaf).map(node -> new Member(leaf, node));
  }

  /**
   * The member with the lowest leaf whose basic credential has {@code identity}. RFC 9420 does not
   * make identities unique: where one identity may hold several leaves (several devices), look
   * through {@link #members()}.
   */
  public Optional<Member> memberByIdentity(Bytes identity) {
    for (Member member : members()) {
      if (member.hasIdentity(identity)) {
        return Optional.of(member);
      }
    }
    return Optional.empty();
  }

  /** The member with the lowest leaf that presents {@code credential} (of any type). */
  public Optional<Member> memberByCredential(Credential credential) {
    for (Member member : members()) {
      if (member.credential().equals(credential)) {
        return Optional.of(member);
      }
    }
    return Optional.empty();
  }

  /**
   * False once this member merged a Commit that removed it ({@link Processed.Removed#merge()}): the
   * state then keeps its group id, epoch, tree and members for inspection, holds no secret, and
   * refuses to send, process or save with an {@link IllegalStateException}.
   */
  public boolean isActive() {
    return removal == null;
  }

  /** How this member was removed, once it merged its removal. */
  public Optional<Processed.Removed> removal() {
    return Optional.ofNullable(removal);
  }

  /** Enters the inactive state of a removed member: secrets erased, the stored state deleted. */
  void deactivate(Processed.Removed removed) {
    if (removal != null) {
      return;
    }
    clearPendingCommit();
    destroy();
    if (stored && !handedOn) {
      env.storage().orElseThrow().deleteGroupState(epoch.groupId());
    }
    removal = removed;
  }

  static List<Member> members(RatchetTree tree) {
    List<Member> out = new ArrayList<>();
    for (LeafIndex leaf : tree.members()) {
      out.add(new Member(leaf, tree.leaf(leaf).orElseThrow()));
    }
    return out;
  }

  /** The proposals received or sent in this epoch, in order. */
  public List<QueuedProposal> pendingProposals() {
    return proposals.all();
  }

  public boolean hasPendingProposals() {
    return !proposals.isEmpty();
  }

  /** The epoch authenticator (RFC 9420 §8.7), to compare out of band. */
  public Bytes epochAuthenticator() {
    return epoch.secrets.epochAuthenticator().insecureAsBytes();
  }

  /** MLS-Exporter(label, context, length) of this epoch (RFC 9420 §8.5); the caller owns it. */
  public Secret exporter(String label, Bytes context, int length) {
    return epoch.secrets.exporter(label, context, length);
  }

  /** The resumption PSK of this epoch or a recent one of this group (§8.6); owned by the state. */
  public Optional<Secret> resumptionPsk(long pskEpoch) {
    Secret psk = resumptionPsks.get(pskEpoch);
    return psk == null || psk.isDestroyed() ? Optional.empty() : Optional.of(psk);
  }

  /**
   * The epochs whose resumption PSK this state keeps (§8.6): the current one and up to {@link
   * GroupConfig#resumptionPskEpochs()} minus one before it.
   */
  public SortedSet<Long> resumptionPskEpochs() {
    SortedSet<Long> out = new TreeSet<>();
    resumptionPsks.forEach(
        (number, psk) -> {
          if (!psk.isDestroyed()) {
            out.add(number);
          }
        });
    return out;
  }

  // --- Internal ---

  GroupEnvironment environment() {
    return env;
  }

  Epoch epoch() {
    return epoch;
  }

  SignatureKeyPair signer() {
    return signer;
  }

  TreePrivateKeys privateKeys() {
    return privateKeys;
  }

  EpochKeys keys() {
    return keys;
  }

  List<EpochKeys> pastKeys() {
    return pastKeys;
  }

  ProposalStore proposalStore() {
    return proposals;
  }

  /** The resumption PSKs kept, by epoch; owned by this state. */
  SortedMap<Long, Secret> resumptionPsks() {
    return Collections.unmodifiableSortedMap(resumptionPsks);
  }

  /** Whether a merged successor took over this state's message keys. */
  boolean keysHandedOn() {
    return handedOn;
  }

  /** Marks a loaded state whose message keys were saved by (and stayed with) its successor. */
  void markKeysHandedOn() {
    handedOn = true;
  }

  /** A PSK for this group: its own recent resumption PSKs, then the environment's store. */
  Optional<Secret> findPsk(PreSharedKeyId id) {
    if (id.type() == PreSharedKeyId.PskType.RESUMPTION && id.pskGroupId().equals(epoch.groupId())) {
      Optional<Secret> own = resumptionPsk(id.pskEpoch());
      if (own.isPresent()) {
        return own;
      }
    }
    return env.psks().find(id);
  }

  /**
   * The state of the next epoch: this state's message keys join the window of past epochs, and
   * those that leave it are destroyed.
   */
  GroupState advance(Epoch next, TreePrivateKeys nextKeys) {
    List<EpochKeys> past = new ArrayList<>(pastKeys.size() + 1);
    past.add(keys);
    past.addAll(pastKeys);
    while (past.size() > env.config().pastEpochs()) {
      past.remove(past.size() - 1).destroy();
    }
    TreeMap<Long, Secret> resumption = new TreeMap<>();
    resumption.put(next.number(), next.secrets.resumptionPsk().copy());
    for (var entry : resumptionPsks.descendingMap().entrySet()) {
      if (resumption.size() >= env.config().resumptionPskEpochs()) {
        break;
      }
      if (!entry.getValue().isDestroyed()) {
        resumption.put(entry.getKey(), entry.getValue().copy());
      }
    }
    handedOn = true;
    GroupState successor =
        new GroupState(
            env,
            next,
            signer,
            nextKeys,
            EpochKeys.create(next, env.config().secretTree()),
            past,
            resumption);
    successor.ownsPastKeys = ownsPastKeys;
    successor.stored = stored;
    successor.persist();
    return successor;
  }

  /**
   * An independent copy of this state, for a fork (RFC 9750 §5.2.2: a member keeps the parent state
   * while it tries a Commit): the epoch secrets, the message keys of this and the past epochs it
   * keeps, the private keys, resumption PSKs and the proposal store are deep copies. Nothing done
   * through the copy — decrypting, staging or merging a Commit, destroying — changes this state,
   * and the reverse. The copy, and every state merged from it, owns its past epochs' keys: {@link
   * #destroy()} erases them too unless a successor took them over.
   */
  public GroupState copy() {
    Epoch copied =
        new Epoch(
            epoch.context,
            epoch.tree,
            epoch.interimTranscriptHash,
            epoch.confirmationTag,
            epoch.secrets.copy(),
            epoch.reInit);
    List<EpochKeys> past = new ArrayList<>(pastKeys.size());
    for (EpochKeys k : pastKeys) {
      past.add(k.copy());
    }
    TreeMap<Long, Secret> resumption = new TreeMap<>();
    resumptionPsks.forEach(
        (number, secret) -> {
          if (!secret.isDestroyed()) {
            resumption.put(number, secret.copy());
          }
        });
    GroupState copy =
        new GroupState(
            env, copied, signer, privateKeys.retainedIn(epoch.tree), keys.copy(), past, resumption);
    copy.proposals = proposals.copy();
    copy.ownsPastKeys = true;
    return copy;
  }

  /**
   * True when every secret this state alone holds is erased (see {@link #destroy()}): what a fork
   * choice checks before it reports a dropped branch as gone.
   */
  public boolean isDestroyed() {
    boolean ownKeys = handedOn || keys.isDestroyed();
    boolean past = handedOn || !ownsPastKeys || pastKeys.stream().allMatch(EpochKeys::isDestroyed);
    return ownKeys
        && past
        && privateKeys.isDestroyed()
        && epoch.secrets.isDestroyed()
        && resumptionPsks.values().stream().allMatch(Secret::isDestroyed);
  }

  /**
   * Erases what this state alone holds: its epoch secrets, tree private keys, resumption PSKs, the
   * keys of its own pending Updates, and its message keys unless a merged successor took them over.
   * Call it on the states of a dropped fork, or on a state superseded by its successor once no
   * competing Commit of its epoch will be merged.
   */
  public void destroy() {
    privateKeys.destroy();
    proposals.destroy();
    resumptionPsks.values().forEach(Secret::destroy);
    epoch.secrets.destroy();
    if (!handedOn) {
      keys.destroy();
      if (ownsPastKeys) {
        pastKeys.forEach(EpochKeys::destroy);
      }
    }
  }

  static TreePrivateKeys leafKeys(CipherSuite suite, LeafIndex leaf, Secret privateKey) {
    try {
      return TreePrivateKeys.ofLeaf(suite, leaf, privateKey);
    } catch (CryptoException e) {
      throw new IllegalArgumentException("not a private key of the suite", e);
    }
  }

  @Override
  public String toString() {
    return (removal == null ? "GroupState[group " : "GroupState[inactive, group ")
        + epoch.groupId()
        + ", epoch "
        + epoch.number()
        + ", "
        + ownLeaf()
        + ", "
        + epoch.tree
        + "]";
  }
}
