package org.mlsmesh.protocol.group;

import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.ContentSigning;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.FramedContentAuthData;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PublicMessage;
import org.mlsmesh.protocol.framing.PublicMessageProtection;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.Proposal;

/**
 * Messages a well-behaved member would not send, built with the keys of a real member so that
 * exactly one rule is broken: signed with the member's key and tagged with the epoch's membership
 * key unless the test wants otherwise.
 */
final class Forge {
  private Forge() {}

  static FramedContent framed(GroupState state, Sender sender, Content content) {
    return new FramedContent(state.groupId(), state.currentEpoch(), sender, Bytes.EMPTY, content);
  }

  /** A PublicMessage of {@code content} signed with {@code signingKey}, tagged by {@code state}. */
  static MlsMessage publicMessage(
      GroupState state, FramedContent content, Secret signingKey, Optional<Bytes> tag) {
    AuthenticatedContent signed =
        ContentSigning.sign(
            state.suite().crypto(),
            WireFormat.PUBLIC_MESSAGE,
            content,
            state.groupContext(),
            signingKey,
            tag);
    return MlsMessage.of(
        PublicMessageProtection.protect(
            state.suite().crypto(),
            signed,
            state.groupContext(),
            state.epoch().secrets.membershipKey()));
  }

  /** A proposal from {@code state}'s member, as a PublicMessage. */
  static MlsMessage proposal(GroupState state, Proposal proposal) {
    return publicMessage(
        state,
        framed(state, Sender.member(state.ownLeaf()), Content.proposal(proposal)),
        state.signer().privateKey(),
        Optional.empty());
  }

  /** A Commit from {@code state}'s member with an arbitrary confirmation tag. */
  static MlsMessage commit(GroupState state, Commit commit) {
    return publicMessage(
        state,
        framed(state, Sender.member(state.ownLeaf()), Content.commit(commit)),
        state.signer().privateKey(),
        Optional.of(Bytes.wrap(new byte[state.suite().hashLength()])));
  }

  /** {@code message} with its confirmation tag replaced and the membership tag recomputed. */
  static MlsMessage withConfirmationTag(GroupState sender, MlsMessage message, Bytes tag) {
    PublicMessage original = message.publicMessage().orElseThrow();
    AuthenticatedContent changed =
        new AuthenticatedContent(
            WireFormat.PUBLIC_MESSAGE,
            original.content(),
            FramedContentAuthData.of(original.auth().signature(), tag));
    return MlsMessage.of(
        PublicMessageProtection.protect(
            sender.suite().crypto(),
            changed,
            sender.groupContext(),
            sender.epoch().secrets.membershipKey()));
  }

  /** {@code message} with one byte of its membership tag flipped. */
  static MlsMessage withBrokenMembershipTag(MlsMessage message) {
    PublicMessage original = message.publicMessage().orElseThrow();
    byte[] tag = original.membershipTag().orElseThrow().toByteArray();
    tag[0] ^= 1;
    return MlsMessage.of(
        new PublicMessage(original.content(), original.auth(), Optional.of(Bytes.wrap(tag))));
  }
}
