package org.mlsmesh.protocol.group;

import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.ContentSigning;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PrivateMessageProtection;
import org.mlsmesh.protocol.framing.PublicMessageProtection;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.schedule.SecretTreeException;

/**
 * Outgoing messages of a member (RFC 9420 §6): content framed for the current epoch, signed with
 * the member's key, and protected with the membership tag or encrypted under the member's next
 * ratchet key.
 */
final class MessageFactory {
  private MessageFactory() {}

  /** The wire format of this member's handshake messages. */
  static WireFormat handshakeFormat(GroupState state) {
    return state.environment().config().encryptHandshake()
        ? WireFormat.PRIVATE_MESSAGE
        : WireFormat.PUBLIC_MESSAGE;
  }

  static FramedContent frame(GroupState state, Content content, Bytes authenticatedData) {
    Epoch epoch = state.epoch();
    return new FramedContent(
        epoch.groupId(),
        epoch.number(),
        Sender.member(state.ownLeaf()),
        authenticatedData,
        content);
  }

  /** Signs framed content that is not a Commit. */
  static AuthenticatedContent sign(GroupState state, WireFormat format, FramedContent content) {
    Epoch epoch = state.epoch();
    return ContentSigning.sign(
        epoch.crypto(),
        format,
        content,
        epoch.context,
        state.signer().privateKey(),
        Optional.empty());
  }

  /** Protects signed content for sending in the current epoch. */
  static MlsMessage protect(GroupState state, AuthenticatedContent content, int paddingLength) {
    Epoch epoch = state.epoch();
    return switch (content.wireFormat()) {
      case PUBLIC_MESSAGE ->
          MlsMessage.of(
              PublicMessageProtection.protect(
                  epoch.crypto(), content, epoch.context, epoch.secrets.membershipKey()));
      case PRIVATE_MESSAGE -> {
        EpochKeys keys = state.keys();
        if (keys.isDestroyed()) {
          throw new IllegalStateException("this state's message keys were dropped");
        }
        try {
          yield MlsMessage.of(
              PrivateMessageProtection.protect(
                  epoch.crypto(),
                  content,
                  keys.secretTree(),
                  keys.senderDataSecret(),
                  paddingLength,
                  state.environment().random()));
        } catch (SecretTreeException e) {
          throw new IllegalStateException("this member's sender ratchet is exhausted", e);
        }
      }
      case WELCOME, GROUP_INFO, KEY_PACKAGE ->
          throw new IllegalArgumentException("not a framed wire format: " + content.wireFormat());
    };
  }
}
