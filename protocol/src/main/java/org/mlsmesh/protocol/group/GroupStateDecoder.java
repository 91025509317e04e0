package org.mlsmesh.protocol.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.schedule.EpochSecrets;
import org.mlsmesh.protocol.schedule.KeyAndNonce;
import org.mlsmesh.protocol.schedule.RatchetType;
import org.mlsmesh.protocol.schedule.SecretTree;
import org.mlsmesh.protocol.schedule.SecretTreeConfig;
import org.mlsmesh.protocol.schedule.TranscriptHashes;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.NodeIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;
import org.mlsmesh.protocol.tree.TreePrivateKeys;

/**
 * Reads a {@link GroupState} saved in the {@link GroupStateFormat}, and checks that what it read is
 * a state a member can be in: the tree hashes to the GroupContext's tree_hash, the confirmation tag
 * and interim transcript hash follow from the epoch secrets and the confirmed transcript hash, the
 * own leaf is occupied by the signature key saved, the private keys match the tree's public keys,
 * and every secret tree position is reachable. Every failure is a {@link DecodeException} with the
 * byte offset of the part at fault; the secrets read before it are destroyed.
 */
final class GroupStateDecoder {
  private final StateReader in;
  private final TlsReader reader;
  private CipherSuite suite;
  private CryptoProvider crypto;

  private GroupStateDecoder(byte[] source) {
    this.in = new StateReader(source);
    this.reader = in.reader();
  }

  static GroupState decode(GroupEnvironment env, SavedGroupState saved) throws DecodeException {
    GroupStateDecoder decoder = new GroupStateDecoder(saved.array());
    try {
      return decoder.state(env);
    } catch (DecodeException | RuntimeException e) {
      decoder.in.destroyRead();
      throw e;
    }
  }

  private GroupState state(GroupEnvironment env) throws DecodeException {
    TlsReader r = reader;
    header(r);
    GroupConfig config = config(r);
    int contextAt = r.offset();
    GroupContext context = StateReader.part(r, "group context", () -> GroupContext.decode(r));
    if (context.cipherSuite() != suite.id() || context.version() != GroupContext.MLS10) {
      throw new DecodeException(
          "the group context is of another cipher suite or protocol version", contextAt);
    }
    RatchetTree tree = tree(r, context);
    int interimAt = r.offset();
    Bytes interim = r.vlBytes();
    Bytes tag = r.vlBytes();
    Optional<ReInit> reInit = StateReader.part(r, "ReInit", () -> r.optional(ReInit::decodeBody));
    int secretsAt = r.offset();
    EpochSecrets secrets =
        StateReader.part(
            secretsAt,
            "epoch secrets",
            () ->
                EpochSecrets.restore(
                    crypto,
                    in.secret(r),
                    in.secret(r),
                    in.secret(r),
                    in.secret(r),
                    in.secret(r),
                    in.secret(r),
                    in.secret(r),
                    in.secret(r)));
    in.own(secrets);
    // RFC 9420 §6.1, §8.2: the tag is the MAC of the confirmed transcript hash; the interim hash
    // follows from both.
    Bytes confirmed = context.confirmedTranscriptHash();
    if (!secrets.confirmationTag(confirmed).equals(tag)) {
      throw new DecodeException(
          "the confirmation tag does not match the epoch secrets (RFC 9420 §6.1)", secretsAt);
    }
    if (!TranscriptHashes.interim(crypto, confirmed, tag).equals(interim)) {
      throw new DecodeException(
          "the interim transcript hash does not follow from the confirmation tag (§8.2)",
          interimAt);
    }
    Epoch epoch =
        StateReader.part(
            contextAt, "epoch", () -> new Epoch(context, tree, interim, tag, secrets, reInit));

    int ownAt = r.offset();
    LeafIndex own = LeafIndex.of(r.u32());
    LeafNode ownLeaf =
        occupied(tree, own)
            .orElseThrow(
                () ->
                    new DecodeException(
                        "the own leaf " + own.value() + " is blank or outside the tree", ownAt));
    SignatureKeyPair signer = signer(r, ownLeaf);
    TreePrivateKeys privateKeys = privateKeys(r, own, tree);

    boolean handedOn = StateReader.flag(r, "keys_handed_on");
    EpochKeys keys;
    List<EpochKeys> past = new ArrayList<>();
    if (handedOn) {
      keys = droppedKeys(epoch, config);
    } else {
      keys = epochKeys(r, context, tree, config);
      pastEpochs(r, epoch, config, past);
    }
    TreeMap<Long, Secret> resumption = resumptionPsks(r, epoch.number(), config);
    List<QueuedProposal> proposals = proposals(r, tree);
    TreeMap<Bytes, Secret> updateKeys = ownUpdateKeys(r);
    r.finish();

    GroupState state =
        new GroupState(env.withConfig(config), epoch, signer, privateKeys, keys, past, resumption);
    proposals.forEach(state.proposalStore()::add);
    updateKeys.forEach(state.proposalStore()::addOwnUpdateKey);
    if (handedOn) {
      state.markKeysHandedOn();
    }
    return state;
  }

  private void header(TlsReader r) throws DecodeException {
    Bytes magic = r.bytes(GroupStateFormat.MAGIC.length());
    if (!magic.equals(GroupStateFormat.MAGIC)) {
      throw new DecodeException(
          "not a saved group state: magic " + magic.toHex() + ", expected 4d4c5353 (\"MLSS\")", 0);
    }
    int versionAt = r.offset();
    int version = r.u16();
    if (version != GroupStateFormat.VERSION) {
      throw new DecodeException(
          (version > GroupStateFormat.VERSION ? "newer" : "unknown")
              + " saved state format version "
              + version
              + ": this library reads version "
              + GroupStateFormat.VERSION,
          versionAt);
    }
    int suiteAt = r.offset();
    int suiteId = r.u16();
    suite =
        CipherSuite.fromId(suiteId)
            .orElseThrow(
                () ->
                    new DecodeException(
                        String.format("unknown cipher suite 0x%04x", suiteId), suiteAt));
    crypto = suite.crypto();
  }

  private GroupConfig config(TlsReader r) throws DecodeException {
    int at = r.offset();
    int outOfOrder = StateReader.int32(r, "out_of_order_tolerance");
    int forward = StateReader.int32(r, "maximum_forward_distance");
    int pastEpochs = StateReader.int32(r, "past_epochs");
    int resumptionEpochs = StateReader.int32(r, "resumption_psk_epochs");
    boolean encrypt = StateReader.flag(r, "encrypt_handshake");
    boolean checkLifetimes = StateReader.flag(r, "check_received_lifetimes");
    int handshakeAt = r.offset();
    int handshakeCode = r.u8();
    HandshakeWireFormats handshake =
        HandshakeWireFormats.ofCode(handshakeCode)
            .orElseThrow(
                () ->
                    new DecodeException(
                        "unknown incoming_handshake " + handshakeCode, handshakeAt));
    try {
      return new GroupConfig(
          new SecretTreeConfig(outOfOrder, forward),
          pastEpochs,
          resumptionEpochs,
          encrypt,
          checkLifetimes,
          handshake);
    } catch (IllegalArgumentException e) {
      throw new DecodeException("invalid group config: " + e.getMessage(), at);
    }
  }

  private RatchetTree tree(TlsReader r, GroupContext context) throws DecodeException {
    int at = r.offset();
    RatchetTree tree =
        StateReader.part(
            r, "ratchet tree", () -> RatchetTree.fromNodes(suite, RatchetTreeNodes.decode(r)));
    if (!tree.treeHash().equals(context.treeHash())) {
      throw new DecodeException(
          "the ratchet tree of epoch "
              + context.epoch()
              + " does not hash to the group context's tree_hash (RFC 9420 §7.8)",
          at);
    }
    return tree;
  }

  private SignatureKeyPair signer(TlsReader r, LeafNode ownLeaf) throws DecodeException {
    int at = r.offset();
    Secret privateKey = in.secret(r);
    Bytes publicKey = r.vlBytes();
    if (!publicKey.equals(ownLeaf.signatureKey())) {
      throw new DecodeException("the signature key is not the own leaf's signature key", at);
    }
    Bytes derived =
        StateReader.part(at, "signature key", () -> crypto.signaturePublicKey(privateKey));
    if (!derived.equals(publicKey)) {
      throw new DecodeException("the signature private key does not match its public key", at);
    }
    return new SignatureKeyPair(privateKey, publicKey);
  }

  private TreePrivateKeys privateKeys(TlsReader r, LeafIndex own, RatchetTree tree)
      throws DecodeException {
    int at = r.offset();
    TreeMap<NodeIndex, Secret> byNode = new TreeMap<>();
    StateReader.forEach(
        r,
        item -> {
          int itemAt = item.offset();
          NodeIndex node = NodeIndex.of(item.u32());
          if (byNode.put(node, in.secret(item)) != null) {
            throw new DecodeException("two private keys for " + node, itemAt);
          }
        });
    if (!byNode.containsKey(NodeIndex.of(own))) {
      throw new DecodeException("no private key for the own leaf " + own, at);
    }
    TreePrivateKeys keys =
        StateReader.part(
            at, "tree private keys", () -> TreePrivateKeys.restore(suite, own, byNode));
    in.own(keys);
    if (!keys.matches(tree)) {
      throw new DecodeException(
          "the tree private keys do not match the tree's public keys (RFC 9420 §7.5)", at);
    }
    return keys;
  }

  /** The keys of a state whose successor owns them: unusable from the start. */
  private EpochKeys droppedKeys(Epoch epoch, GroupConfig config) {
    int nh = suite.hashLength();
    SecretTree tree =
        SecretTree.create(crypto, Secret.zero(nh), epoch.tree.leafCount(), config.secretTree());
    EpochKeys keys = EpochKeys.restore(epoch.context, epoch.tree, tree, Secret.zero(nh));
    keys.destroy();
    return keys;
  }

  private EpochKeys epochKeys(
      TlsReader r, GroupContext context, RatchetTree tree, GroupConfig config)
      throws DecodeException {
    int at = r.offset();
    long leafCount = r.u32();
    if (leafCount != tree.leafCount()) {
      throw new DecodeException(
          "a secret tree of "
              + leafCount
              + " leaves for a ratchet tree of "
              + tree.leafCount()
              + " (RFC 9420 §9)",
          at);
    }
    int senderDataAt = r.offset();
    Secret senderData = in.secret(r);
    if (senderData.length() != suite.hashLength()) {
      throw new DecodeException("sender_data_secret is not Nh bytes long", senderDataAt);
    }
    TreeMap<Long, Secret> nodeSecrets = new TreeMap<>();
    StateReader.forEach(
        r,
        item -> {
          int itemAt = item.offset();
          long node = item.u32();
          if (nodeSecrets.put(node, in.secret(item)) != null) {
            throw new DecodeException("two secrets for node " + node, itemAt);
          }
        });
    List<SecretTree.RatchetPosition> ratchets = new ArrayList<>();
    StateReader.forEach(r, item -> ratchets.add(ratchet(item)));
    SecretTree secretTree =
        StateReader.part(
            at,
            "secret tree",
            () ->
                SecretTree.restore(crypto, leafCount, config.secretTree(), nodeSecrets, ratchets));
    return EpochKeys.restore(context, tree, secretTree, senderData);
  }

  private SecretTree.RatchetPosition ratchet(TlsReader r) throws DecodeException {
    LeafIndex leaf = LeafIndex.of(r.u32());
    int typeAt = r.offset();
    int typeCode = r.u8();
    if (typeCode > 1) {
      throw new DecodeException("unknown ratchet type " + typeCode, typeAt);
    }
    RatchetType type = typeCode == 0 ? RatchetType.HANDSHAKE : RatchetType.APPLICATION;
    long head = r.u64();
    Optional<Secret> secret =
        StateReader.flag(r, "ratchet secret present")
            ? Optional.of(in.secret(r))
            : Optional.empty();
    TreeMap<Long, KeyAndNonce> skipped = new TreeMap<>();
    StateReader.forEach(
        r,
        item -> {
          int itemAt = item.offset();
          long generation = item.u32();
          KeyAndNonce key = new KeyAndNonce(in.secret(item), in.secret(item));
          if (skipped.put(generation, key) != null) {
            throw new DecodeException("two kept keys of generation " + generation, itemAt);
          }
        });
    return new SecretTree.RatchetPosition(leaf, type, head, secret, skipped);
  }

  private void pastEpochs(TlsReader r, Epoch epoch, GroupConfig config, List<EpochKeys> past)
      throws DecodeException {
    StateReader.forEach(
        r,
        item -> {
          int at = item.offset();
          GroupContext context =
              StateReader.part(item, "past group context", () -> GroupContext.decode(item));
          long newest = past.isEmpty() ? epoch.number() : past.get(past.size() - 1).epoch();
          if (!context.groupId().equals(epoch.groupId())
              || context.cipherSuite() != suite.id()
              || context.epoch() >= newest) {
            throw new DecodeException(
                "past epoch "
                    + context.epoch()
                    + " is not an earlier epoch of this group, newest first",
                at);
          }
          if (past.size() == config.pastEpochs()) {
            throw new DecodeException(
                "more past epochs than the " + config.pastEpochs() + " configured", at);
          }
          RatchetTree tree = tree(item, context);
          EpochKeys keys = epochKeys(item, context, tree, config);
          in.own(keys);
          past.add(keys);
        });
  }

  private TreeMap<Long, Secret> resumptionPsks(TlsReader r, long current, GroupConfig config)
      throws DecodeException {
    TreeMap<Long, Secret> psks = new TreeMap<>();
    StateReader.forEach(
        r,
        item -> {
          int at = item.offset();
          long pskEpoch = item.u64();
          Secret psk = in.secret(item);
          if (pskEpoch < 0 || pskEpoch > current || psks.put(pskEpoch, psk) != null) {
            throw new DecodeException(
                "resumption PSK of epoch "
                    + Long.toUnsignedString(pskEpoch)
                    + ": not a distinct epoch up to the current "
                    + current,
                at);
          }
          if (psk.length() != suite.hashLength() || psks.size() > config.resumptionPskEpochs()) {
            throw new DecodeException(
                "resumption PSK of epoch "
                    + pskEpoch
                    + ": not Nh bytes long, or more than the "
                    + config.resumptionPskEpochs()
                    + " configured",
                at);
          }
        });
    return psks;
  }

  private List<QueuedProposal> proposals(TlsReader r, RatchetTree tree) throws DecodeException {
    List<QueuedProposal> proposals = new ArrayList<>();
    List<ProposalRef> refs = new ArrayList<>();
    StateReader.forEach(
        r,
        item -> {
          int at = item.offset();
          ProposalRef ref = new ProposalRef(item.vlBytes());
          Sender sender = Sender.decode(item);
          Proposal proposal =
              StateReader.part(item, "pending proposal", () -> Proposal.decode(item));
          if (ref.value().length() != suite.hashLength() || refs.contains(ref)) {
            throw new DecodeException("a proposal reference is not Nh bytes long, or twice", at);
          }
          if (sender instanceof Sender.Member
              && occupied(tree, ((Sender.Member) sender).leafIndex()).isEmpty()) {
            throw new DecodeException("a pending proposal from a leaf that is not a member", at);
          }
          refs.add(ref);
          proposals.add(new QueuedProposal(ref, proposal, sender));
        });
    return proposals;
  }

  private TreeMap<Bytes, Secret> ownUpdateKeys(TlsReader r) throws DecodeException {
    TreeMap<Bytes, Secret> keys = new TreeMap<>();
    StateReader.forEach(
        r,
        item -> {
          int at = item.offset();
          Bytes publicKey = item.vlBytes();
          Secret privateKey = in.secret(item);
          Bytes derived =
              StateReader.part(at, "own Update key", () -> crypto.hpkePublicKey(privateKey));
          if (!derived.equals(publicKey) || keys.put(publicKey, privateKey) != null) {
            throw new DecodeException(
                "an own Update key does not match its public key, or appears twice", at);
          }
        });
    return keys;
  }

  // --- Reading helpers ---

  private static Optional<LeafNode> occupied(RatchetTree tree, LeafIndex leaf) {
    return tree.contains(leaf) ? tree.leaf(leaf) : Optional.empty();
  }
}
