package org.mlsmesh.protocol.group;

import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.LeafNodeSource;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.Update;

/** Sending proposals (RFC 9420 §12.1): validated like received ones, then queued here too. */
final class Proposals {
  private Proposals() {}

  static MlsMessage propose(GroupState state, Proposal proposal, long nowMillis)
      throws DecodeException, ValidationException {
    return propose(state, proposal, nowMillis, Bytes.EMPTY);
  }

  static MlsMessage propose(
      GroupState state, Proposal proposal, long nowMillis, Bytes authenticatedData)
      throws DecodeException, ValidationException {
    state.requireActive();
    Sender me = Sender.member(state.ownLeaf());
    ProposalValidator.validate(state, proposal, me, nowMillis);
    WireFormat format = MessageFactory.handshakeFormat(state);
    AuthenticatedContent content =
        MessageFactory.sign(
            state,
            format,
            MessageFactory.frame(state, Content.proposal(proposal), authenticatedData));
    state
        .proposalStore()
        .add(new QueuedProposal(ProposalRef.of(state.suite(), content), proposal, me));
    MlsMessage message = MessageFactory.protect(state, content, 0);
    state.persist();
    return message;
  }

  /**
   * An Update with this member's leaf node and a fresh encryption key (RFC 9420 §12.1.2); the new
   * private key is kept in case another member commits the Update.
   */
  static MlsMessage proposeUpdate(GroupState state, long nowMillis)
      throws DecodeException, ValidationException {
    Epoch epoch = state.epoch();
    CryptoProvider crypto = epoch.crypto();
    LeafNode current = epoch.tree.leaf(state.ownLeaf()).orElseThrow();
    HpkeKeyPair fresh = crypto.generateKeyPair(state.environment().random());
    LeafNode unsigned =
        new LeafNode(
            fresh.publicKey(),
            current.signatureKey(),
            current.credential(),
            current.capabilities(),
            LeafNodeSource.UPDATE,
            Optional.empty(),
            Optional.empty(),
            current.extensions(),
            Bytes.EMPTY);
    Bytes signature =
        crypto.signWithLabel(
            state.signer().privateKey(),
            "LeafNodeTBS",
            unsigned.tbs(epoch.groupId(), state.ownLeaf()));
    LeafNode leaf = withSignature(unsigned, signature);
    MlsMessage message;
    try {
      message = propose(state, new Update(leaf), nowMillis);
    } catch (DecodeException | ValidationException | RuntimeException e) {
      fresh.destroy();
      throw e;
    }
    state.proposalStore().addOwnUpdateKey(fresh.publicKey(), fresh.privateKey());
    state.persist();
    return message;
  }

  static LeafNode withSignature(LeafNode leaf, Bytes signature) {
    return new LeafNode(
        leaf.encryptionKey(),
        leaf.signatureKey(),
        leaf.credential(),
        leaf.capabilities(),
        leaf.source(),
        leaf.lifetime(),
        leaf.parentHash(),
        leaf.extensions(),
        signature);
  }
}
