package org.mlsmesh.protocol.fuzz;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.credential.Credential;
import org.mlsmesh.protocol.crypto.HpkeCiphertext;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.ContentType;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.FramedContentAuthData;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PrivateMessage;
import org.mlsmesh.protocol.framing.PrivateMessageContent;
import org.mlsmesh.protocol.framing.PublicMessage;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.framing.SenderData;
import org.mlsmesh.protocol.message.Add;
import org.mlsmesh.protocol.message.Capabilities;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.CustomProposal;
import org.mlsmesh.protocol.message.EncryptedGroupSecrets;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.ExternalInit;
import org.mlsmesh.protocol.message.ExternalSender;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.GroupContextExtensions;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.message.GroupSecrets;
import org.mlsmesh.protocol.message.KeyPackage;
import org.mlsmesh.protocol.message.LeafNode;
import org.mlsmesh.protocol.message.Lifetime;
import org.mlsmesh.protocol.message.PreSharedKey;
import org.mlsmesh.protocol.message.PreSharedKeyId;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.message.ProposalOrRef;
import org.mlsmesh.protocol.message.ReInit;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.message.Update;
import org.mlsmesh.protocol.message.UpdatePath;
import org.mlsmesh.protocol.message.UpdatePathNode;
import org.mlsmesh.protocol.message.Welcome;
import org.mlsmesh.protocol.tree.ParentNode;
import org.mlsmesh.protocol.tree.RatchetTreeNodes;

/**
 * Every public decoder of a wire struct that bytes from outside reach, by name. The fuzz target
 * picks one with the first byte of its input, so the order of this list is part of the seed format
 * (a seed file starts with its entry point's index; {@code DecoderSeedsTest} checks it).
 */
final class DecoderEntryPoints {
  private DecoderEntryPoints() {}

  /**
   * A decoder, and whether what it returns re-encodes as a bare proposal body (the {@code
   * decodeBody} of a proposal variant) rather than as a whole struct.
   */
  record EntryPoint(String name, TlsReader.Decoder<?> decoder, boolean proposalBody) {
    EntryPoint(String name, TlsReader.Decoder<?> decoder) {
      this(name, decoder, false);
    }

    /** Decodes all of {@code input}; the value's encoding, which a strict codec must give back. */
    Optional<Bytes> decodeAndReencode(Bytes input) throws DecodeException {
      Object value = TlsReader.decodeAll(input, decoder);
      if (proposalBody) {
        return Optional.of(((Proposal) value).encodedBody());
      }
      if (value instanceof Encodable e) {
        return Optional.of(e.encoded());
      }
      return Optional.empty();
    }
  }

  private static EntryPoint body(String name, TlsReader.Decoder<? extends Proposal> decoder) {
    return new EntryPoint(name, decoder, true);
  }

  static final List<EntryPoint> ALL =
      List.of(
          new EntryPoint("mls_message", MlsMessage::decode),
          new EntryPoint("public_message", PublicMessage::decode),
          new EntryPoint("private_message", PrivateMessage::decode),
          new EntryPoint("welcome", Welcome::decode),
          new EntryPoint("group_info", GroupInfo::decode),
          new EntryPoint("key_package", KeyPackage::decode),
          new EntryPoint("leaf_node", LeafNode::decode),
          new EntryPoint("ratchet_tree", RatchetTreeNodes::decode),
          new EntryPoint("parent_node", ParentNode::decode),
          new EntryPoint("group_secrets", GroupSecrets::decode),
          new EntryPoint("encrypted_group_secrets", EncryptedGroupSecrets::decode),
          new EntryPoint("hpke_ciphertext", HpkeCiphertext::decode),
          new EntryPoint("group_context", GroupContext::decode),
          new EntryPoint("commit", Commit::decode),
          new EntryPoint("update_path", UpdatePath::decode),
          new EntryPoint("update_path_node", UpdatePathNode::decode),
          new EntryPoint("proposal", Proposal::decode),
          new EntryPoint("proposal_or_ref", ProposalOrRef::decode),
          body("add_proposal", Add::decodeBody),
          body("update_proposal", Update::decodeBody),
          body("remove_proposal", Remove::decodeBody),
          body("pre_shared_key_proposal", PreSharedKey::decodeBody),
          body("re_init_proposal", ReInit::decodeBody),
          body("external_init_proposal", ExternalInit::decodeBody),
          body("group_context_extensions_proposal", GroupContextExtensions::decodeBody),
          body(
              "custom_proposal",
              r -> CustomProposal.decodeBody(CustomProposal.FIRST_PRIVATE_USE, r)),
          new EntryPoint("pre_shared_key_id", PreSharedKeyId::decode),
          new EntryPoint("framed_content", FramedContent::decode),
          new EntryPoint("authenticated_content", AuthenticatedContent::decode),
          new EntryPoint("sender", Sender::decode),
          new EntryPoint("sender_data", SenderData::decode),
          new EntryPoint(
              "private_message_content/application",
              r -> PrivateMessageContent.decode(r, ContentType.APPLICATION)),
          new EntryPoint(
              "private_message_content/proposal",
              r -> PrivateMessageContent.decode(r, ContentType.PROPOSAL)),
          new EntryPoint(
              "private_message_content/commit",
              r -> PrivateMessageContent.decode(r, ContentType.COMMIT)),
          new EntryPoint(
              "framed_content_auth_data/commit",
              r -> FramedContentAuthData.decode(r, ContentType.COMMIT)),
          new EntryPoint("credential", Credential::decode),
          new EntryPoint("capabilities", Capabilities::decode),
          new EntryPoint("extension", Extension::decode),
          new EntryPoint("external_sender", ExternalSender::decode),
          new EntryPoint("lifetime", Lifetime::decode),
          new EntryPoint("varint", TlsReader::varint));

  static EntryPoint named(String name) {
    return ALL.stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no entry point " + name));
  }

  /** A fuzz input for {@code entry}: its index, then the bytes to decode. */
  static byte[] seed(EntryPoint entry, Bytes body) {
    TlsWriter w = new TlsWriter();
    w.u8(ALL.indexOf(entry));
    w.bytes(body);
    return w.toBytes().toByteArray();
  }
}
