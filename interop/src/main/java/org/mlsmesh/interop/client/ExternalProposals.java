package org.mlsmesh.interop.client;

import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.ContentSigning;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PublicMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.Proposal;

/**
 * Proposals from outside the group (RFC 9420 §12.1.8): signed by an external sender or by the new
 * member itself, always as a PublicMessage, without a membership tag (§6.2).
 */
final class ExternalProposals {
  private ExternalProposals() {}

  static MlsMessage sign(
      CipherSuite suite,
      GroupContext context,
      Sender sender,
      Proposal proposal,
      Secret signaturePrivateKey) {
    FramedContent framed =
        new FramedContent(
            context.groupId(), context.epoch(), sender, Bytes.EMPTY, Content.proposal(proposal));
    AuthenticatedContent signed =
        ContentSigning.sign(
            suite.crypto(),
            WireFormat.PUBLIC_MESSAGE,
            framed,
            context,
            signaturePrivateKey,
            Optional.empty());
    return MlsMessage.of(new PublicMessage(signed.content(), signed.auth(), Optional.empty()));
  }
}
