package org.mlsmesh.protocol.group;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.ContentSigning;
import org.mlsmesh.protocol.framing.ContentType;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PrivateMessage;
import org.mlsmesh.protocol.framing.PrivateMessageProtection;
import org.mlsmesh.protocol.framing.PublicMessage;
import org.mlsmesh.protocol.framing.PublicMessageProtection;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.framing.SenderData;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.ExternalSender;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.UpdatePath;
import org.mlsmesh.protocol.schedule.SecretTreeException;
import org.mlsmesh.protocol.tree.LeafIndex;
import org.mlsmesh.protocol.tree.RatchetTree;

/**
 * Turns a received PublicMessage or PrivateMessage into {@link VerifiedContent} (RFC 9420 §6):
 * group id and epoch, membership tag or decryption, the sender's right to send the content, and the
 * signature with the sender's key. Cheap checks run before any cryptography.
 */
final class MessageProcessor {
  private MessageProcessor() {}

  static VerifiedContent verify(GroupState state, MlsMessage message)
      throws DecodeException, ValidationException {
    return switch (message.wireFormat()) {
      case PUBLIC_MESSAGE -> fromPublic(state, message.publicMessage().orElseThrow());
      case PRIVATE_MESSAGE -> fromPrivate(state, message.privateMessage().orElseThrow());
      case WELCOME, GROUP_INFO, KEY_PACKAGE ->
          throw new ValidationException(
              ValidationCode.WIRE_FORMAT_UNEXPECTED, message.wireFormat().toString());
    };
  }

  private static VerifiedContent fromPublic(GroupState state, PublicMessage message)
      throws DecodeException, ValidationException {
    Epoch epoch = state.epoch();
    FramedContent content = message.content();
    checkGroup(epoch.groupId(), content.groupId());
    if (content.epoch() != epoch.number()) {
      throw wrongEpoch(content.epoch(), epoch.number());
    }
    if (content.contentType() == ContentType.APPLICATION) {
      // RFC 9420 §6: application messages MUST use PrivateMessage.
      throw new ValidationException(ValidationCode.APPLICATION_MESSAGE_NOT_ENCRYPTED, "");
    }
    if (content.sender().kind() == Sender.Kind.MEMBER) {
      checkHandshakeFormat(state, WireFormat.PUBLIC_MESSAGE);
    }
    CryptoProvider crypto = epoch.crypto();
    SigningIdentity signer = signingIdentity(epoch, content);
    AuthenticatedContent authenticated;
    try {
      authenticated =
          PublicMessageProtection.unprotect(
              crypto, message, epoch.context, epoch.secrets.membershipKey());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.MEMBERSHIP_TAG_INVALID, "", e);
    }
    verifySignature(crypto, authenticated, epoch.context, signer.signatureKey());
    return new VerifiedContent(authenticated, signer.credential());
  }

  private static VerifiedContent fromPrivate(GroupState state, PrivateMessage message)
      throws DecodeException, ValidationException {
    Epoch epoch = state.epoch();
    checkGroup(epoch.groupId(), message.groupId());
    if (message.contentType() != ContentType.APPLICATION) {
      checkHandshakeFormat(state, WireFormat.PRIVATE_MESSAGE);
    }
    return openPrivate(epoch.crypto(), keysFor(state, message), message, state::consumedKey);
  }

  /**
   * Decrypts and verifies {@code message} with the keys of its epoch (RFC 9420 §6.3); {@code
   * consumed} runs once a message key is used up, whatever follows.
   */
  static VerifiedContent openPrivate(
      CryptoProvider crypto, EpochKeys keys, PrivateMessage message, Runnable consumed)
      throws DecodeException, ValidationException {
    SenderData senderData;
    try {
      senderData =
          PrivateMessageProtection.decryptSenderData(crypto, message, keys.senderDataSecret());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.DECRYPTION_FAILED, "sender data", e);
    }
    // RFC 9420 §6.3.2: the leaf index names a non-blank leaf.
    LeafNode leaf = memberLeaf(keys.tree, senderData.leafIndex());
    AuthenticatedContent authenticated;
    consumed.run(); // whatever follows, the generation's key is gone
    try {
      authenticated =
          PrivateMessageProtection.decryptContent(crypto, message, senderData, keys.secretTree());
    } catch (CryptoException e) {
      throw new ValidationException(ValidationCode.DECRYPTION_FAILED, "content", e);
    } catch (SecretTreeException e) {
      throw new ValidationException(
          ValidationCode.MESSAGE_KEY_UNAVAILABLE, e.reason().toString(), e);
    }
    verifySignature(crypto, authenticated, keys.context, leaf.signatureKey());
    return new VerifiedContent(authenticated, leaf.credential());
  }

  /**
   * The keys for a PrivateMessage: the current epoch's, or for application data those of a past
   * epoch still retained.
   */
  private static EpochKeys keysFor(GroupState state, PrivateMessage message)
      throws ValidationException {
    long current = state.epoch().number();
    if (message.epoch() == current) {
      if (state.keys().isDestroyed()) {
        // With no past epochs kept, merging a successor drops this state's keys.
        throw new ValidationException(
            ValidationCode.MESSAGE_KEY_UNAVAILABLE,
            "the keys of epoch " + current + " were dropped");
      }
      return state.keys();
    }
    if (message.epoch() < current && message.contentType() == ContentType.APPLICATION) {
      for (EpochKeys past : state.pastKeys()) {
        if (past.epoch() == message.epoch() && !past.isDestroyed()) {
          return past;
        }
      }
    }
    throw wrongEpoch(message.epoch(), current);
  }

  /** The key a sender signs with, and the credential that vouches for it. */
  private record SigningIdentity(Bytes signatureKey, Credential credential) {
    static SigningIdentity of(LeafNode leaf) {
      return new SigningIdentity(leaf.signatureKey(), leaf.credential());
    }
  }

  /**
   * RFC 9420 §6.1: the key a sender signs with and its credential, after checking that the sender
   * may send the content.
   */
  private static SigningIdentity signingIdentity(Epoch epoch, FramedContent content)
      throws DecodeException, ValidationException {
    Sender sender = content.sender();
    Content body = content.content();
    switch (sender.kind()) {
      case MEMBER:
        return SigningIdentity.of(memberLeaf(epoch.tree, ((Sender.Member) sender).leafIndex()));
      case EXTERNAL:
        Proposal proposal = proposalOf(body, sender);
        if (!allowedFromExternal(proposal.kind())) {
          throw mismatch(sender, "a " + proposal.kind() + " proposal");
        }
        List<ExternalSender> senders = GroupExtensions.externalSenders(epoch.context.extensions());
        long index = ((Sender.External) sender).senderIndex();
        if (index >= senders.size()) {
          throw new ValidationException(
              ValidationCode.EXTERNAL_SENDER_UNKNOWN,
              "index " + index + " of " + senders.size() + " external senders");
        }
        ExternalSender external = senders.get((int) index);
        return new SigningIdentity(external.signatureKey(), external.credential());
      case NEW_MEMBER_PROPOSAL:
        Proposal add = proposalOf(body, sender);
        if (!(add instanceof Add)) {
          throw mismatch(sender, "a " + add.kind() + " proposal");
        }
        return SigningIdentity.of(((Add) add).keyPackage().leafNode());
      case NEW_MEMBER_COMMIT:
        if (!(body instanceof Content.CommitContent)) {
          throw mismatch(sender, body.contentType().toString());
        }
        Optional<UpdatePath> path = ((Content.CommitContent) body).commit().path();
        if (path.isEmpty()) {
          throw new ValidationException(
              ValidationCode.COMMIT_PATH_MISSING, "an external Commit needs a path");
        }
        return SigningIdentity.of(path.get().leafNode());
    }
    throw new IllegalStateException("unknown sender kind " + sender.kind());
  }

  /** RFC 9420 §12.1.8: the proposal types an external sender may send. */
  private static boolean allowedFromExternal(Proposal.Kind kind) {
    return switch (kind) {
      case ADD, REMOVE, PSK, REINIT, GROUP_CONTEXT_EXTENSIONS, CUSTOM -> true;
      case UPDATE, EXTERNAL_INIT, SELF_REMOVE -> false;
    };
  }

  private static Proposal proposalOf(Content body, Sender sender) throws ValidationException {
    if (!(body instanceof Content.ProposalContent)) {
      throw mismatch(sender, body.contentType().toString());
    }
    return ((Content.ProposalContent) body).proposal();
  }

  static LeafNode memberLeaf(RatchetTree tree, LeafIndex leaf) throws ValidationException {
    if (!tree.contains(leaf)) {
      throw new ValidationException(
          ValidationCode.SENDER_NOT_MEMBER, leaf + " is outside the tree");
    }
    return tree.leaf(leaf)
        .orElseThrow(
            () -> new ValidationException(ValidationCode.SENDER_NOT_MEMBER, leaf + " is blank"));
  }

  private static void verifySignature(
      CryptoProvider crypto, AuthenticatedContent content, GroupContext context, Bytes key)
      throws ValidationException {
    try {
      ContentSigning.verify(crypto, content, context, key);
    } catch (CryptoException e) {
      throw new ValidationException(
          ValidationCode.SIGNATURE_INVALID, content.content().sender().toString(), e);
    }
  }

  /** The group's configuration accepts a member's proposal or Commit in {@code format}. */
  private static void checkHandshakeFormat(GroupState state, WireFormat format)
      throws ValidationException {
    HandshakeWireFormats accepted = state.environment().config().incomingHandshake();
    if (!accepted.accepts(format)) {
      throw new ValidationException(
          ValidationCode.HANDSHAKE_WIRE_FORMAT_REJECTED,
          "a handshake message as " + format + ", the group accepts " + accepted);
    }
  }

  static void checkGroup(Bytes expected, Bytes actual) throws ValidationException {
    if (!expected.equals(actual)) {
      throw new ValidationException(ValidationCode.WRONG_GROUP_ID, actual.toString());
    }
  }

  static ValidationException wrongEpoch(long got, long current) {
    return new ValidationException(
        ValidationCode.WRONG_EPOCH, "epoch " + got + ", the group is in " + current);
  }

  private static ValidationException mismatch(Sender sender, String what) {
    return new ValidationException(
        ValidationCode.SENDER_CONTENT_MISMATCH, sender.kind() + " sender sent " + what);
  }
}
