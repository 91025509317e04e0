package org.mlsmesh.consensus.group;

import java.util.Optional;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.group.ValidationException;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/**
 * Checks the GroupInfo a member answered to a rejoining member, before the rejoiner commits
 * externally into it (RFC 9420 §12.4.3.2): it is of our group, signed by the member we asked under
 * the signature key we know for it (RFC 9420 §12.4.3.1), and of the epoch that member's last
 * verified beacon announced — the surviving branch we decided to join (RFC 9750 §5.2.2).
 */
final class GroupInfoCheck {
  /** RFC 9420 §12.4.3: the label of the GroupInfo signature. */
  private static final String GROUP_INFO_LABEL = "GroupInfoTBS";

  /**
   * A GroupInfo fit to commit into, and the rejoiner's own old leaf in it (to remove), if any, with
   * that leaf's encryption key (empty without one).
   */
  record Verified(
      MlsMessage groupInfo, EpochId epoch, Optional<LeafIndex> ownOldLeaf, Bytes ownOldLeafKey) {}

  private GroupInfoCheck() {}

  /**
   * @param answer the answer after its kind byte: group id, epoch id, GroupInfo
   * @param contactIdentity the identity of the member that answered (its peer id)
   * @param contactKey that member's signature key, as we know it from our own last epoch
   * @param contactBeacon that member's last beacon we verified, if any
   * @param ownIdentity the rejoiner's identity
   */
  static Verified check(
      CipherSuite suite,
      Bytes groupId,
      Bytes answer,
      Bytes contactIdentity,
      Bytes contactKey,
      Optional<Beacon> contactBeacon,
      Bytes ownIdentity)
      throws RejoinException {
    EpochId epoch;
    MlsMessage message;
    GroupInfo info;
    try {
      TlsReader r = TlsReader.of(answer);
      r.vlBytes(); // the group id that routed the answer here; the GroupInfo's is checked below
      epoch = EpochId.of(r.vlBytes());
      message = TlsReader.decodeAll(r.vlBytes(), MlsMessage::decode);
      r.finish();
    } catch (DecodeException | RuntimeException e) {
      throw new RejoinException(RejoinCode.ANSWER_MALFORMED, e.getMessage(), e);
    }
    info =
        message
            .groupInfo()
            .orElseThrow(
                () ->
                    new RejoinException(
                        RejoinCode.ANSWER_MALFORMED,
                        "a " + message.wireFormat() + ", no GroupInfo"));
    if (!info.groupContext().groupId().equals(groupId)) {
      throw new RejoinException(
          RejoinCode.GROUP_MISMATCH,
          "GroupInfo of group "
              + info.groupContext().groupId().toHex()
              + ", not "
              + groupId.toHex());
    }
    RatchetTree tree = tree(suite, info);
    LeafNode signer =
        (tree.contains(info.signer()) ? tree.leaf(info.signer()) : Optional.<LeafNode>empty())
            .orElseThrow(
                () ->
                    new RejoinException(
                        RejoinCode.SIGNER_NOT_CONTACT, "signer " + info.signer() + " is blank"));
    if (!Members.identity(signer).equals(contactIdentity)
        || !signer.signatureKey().equals(contactKey)) {
      throw new RejoinException(
          RejoinCode.SIGNER_NOT_CONTACT,
          "signed by " + Members.identity(signer).toHex() + ", asked " + contactIdentity.toHex());
    }
    try {
      suite.crypto().verifyWithLabel(contactKey, GROUP_INFO_LABEL, info.tbs(), info.signature());
    } catch (CryptoException e) {
      throw new RejoinException(RejoinCode.SIGNATURE_INVALID, "GroupInfo of " + epoch, e);
    }
    Beacon beacon =
        contactBeacon.orElseThrow(
            () -> new RejoinException(RejoinCode.EPOCH_NOT_BEACON, "no beacon of the signer"));
    if (beacon.epochNumber() != info.groupContext().epoch() || !beacon.epochId().equals(epoch)) {
      throw new RejoinException(
          RejoinCode.EPOCH_NOT_BEACON,
          "GroupInfo of epoch "
              + info.groupContext().epoch()
              + " "
              + epoch
              + ", the beacon announced "
              + beacon.epochNumber()
              + " "
              + beacon.epochId());
    }
    Optional<LeafIndex> own = Optional.empty();
    Bytes ownKey = Bytes.EMPTY;
    for (long i = 0; i < tree.leafCount(); i++) {
      LeafIndex leaf = LeafIndex.of(i);
      Optional<LeafNode> node = tree.leaf(leaf);
      if (node.isPresent() && Members.identity(node.get()).equals(ownIdentity)) {
        own = Optional.of(leaf);
        ownKey = node.get().encryptionKey();
      }
    }
    return new Verified(message, epoch, own, ownKey);
  }

  private static RatchetTree tree(CipherSuite suite, GroupInfo info) throws RejoinException {
    for (Extension e : info.extensions()) {
      if (e.type() == Extension.RATCHET_TREE) {
        try {
          return RatchetTree.fromNodes(
              suite, TlsReader.decodeAll(e.data(), RatchetTreeNodes::decode));
        } catch (DecodeException | ValidationException | RuntimeException ex) {
          throw new RejoinException(RejoinCode.RATCHET_TREE_MISSING, ex.getMessage(), ex);
        }
      }
    }
    throw new RejoinException(RejoinCode.RATCHET_TREE_MISSING, "no ratchet_tree extension");
  }
}
