package org.mlsmesh.protocol.conformance;

import java.util.List;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.framing.AuthenticatedContent;
import org.mlsmesh.protocol.framing.Content;
import org.mlsmesh.protocol.framing.ContentSigning;
import org.mlsmesh.protocol.framing.FramedContent;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.framing.PrivateMessage;
import org.mlsmesh.protocol.framing.PrivateMessageProtection;
import org.mlsmesh.protocol.framing.PublicMessage;
import org.mlsmesh.protocol.framing.PublicMessageProtection;
import org.mlsmesh.protocol.framing.Sender;
import org.mlsmesh.protocol.framing.WireFormat;
import org.mlsmesh.protocol.message.Commit;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.Proposal;
import org.mlsmesh.protocol.schedule.SecretTree;
import org.mlsmesh.protocol.schedule.SecretTreeConfig;
import org.mlsmesh.protocol.schedule.SecretTreeException;
import org.mlsmesh.protocol.tree.LeafIndex;

/**
 * The {@code message-protection} vectors (RFC 9420 §6): in a two-member group whose sender is leaf
 * 1, the given PublicMessages and PrivateMessages unprotect and verify to the given content, and
 * content we protect ourselves unprotects and verifies too.
 */
public final class MessageProtectionCheck implements VectorCheck {
  private static final LeafIndex SENDER = LeafIndex.of(1);
  private static final long LEAVES = 2;

  @Override
  public String kind() {
    return "message-protection";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    Epoch epoch = Epoch.of(vector);
    try {
      Content proposal = Content.proposal(decode(vector, "proposal", Proposal::decode));
      Content commit = Content.commit(decode(vector, "commit", Commit::decode));
      Content application = Content.application(vector.hex("application"));

      checkPublic(epoch, "proposal_pub", vector.hex("proposal_pub"), proposal);
      checkPublic(epoch, "commit_pub", vector.hex("commit_pub"), commit);
      checkPrivate(epoch, "proposal_priv", vector.hex("proposal_priv"), proposal);
      checkPrivate(epoch, "commit_priv", vector.hex("commit_priv"), commit);
      checkPrivate(epoch, "application_priv", vector.hex("application_priv"), application);

      for (Content content : List.of(proposal, commit)) {
        checkPublicRoundTrip(epoch, content);
      }
      for (Content content : List.of(proposal, commit, application)) {
        checkPrivateRoundTrip(epoch, content);
      }
    } finally {
      epoch.destroy();
    }
  }

  private static <T> T decode(VectorCase vector, String field, TlsReader.Decoder<T> decoder)
      throws VectorMismatch {
    try {
      return TlsReader.decodeAll(vector.hex(field), decoder);
    } catch (DecodeException e) {
      throw new VectorMismatch(field + " does not decode", e);
    }
  }

  private static void checkPublic(Epoch epoch, String field, Bytes wire, Content expected)
      throws VectorMismatch {
    try {
      MlsMessage message = TlsReader.decodeAll(wire, MlsMessage::decode);
      PublicMessage publicMessage =
          message.publicMessage().orElseThrow(() -> new VectorMismatch(field + " is not public"));
      AuthenticatedContent content =
          PublicMessageProtection.unprotect(
              epoch.crypto, publicMessage, epoch.context, epoch.membershipKey);
      ContentSigning.verify(epoch.crypto, content, epoch.context, epoch.signaturePublicKey);
      expectContent(field, expected, content);
    } catch (DecodeException | CryptoException e) {
      throw new VectorMismatch(field, e);
    }
  }

  private static void checkPrivate(Epoch epoch, String field, Bytes wire, Content expected)
      throws VectorMismatch {
    try (TreeHolder receiver = epoch.secretTree()) {
      MlsMessage message = TlsReader.decodeAll(wire, MlsMessage::decode);
      PrivateMessage privateMessage =
          message.privateMessage().orElseThrow(() -> new VectorMismatch(field + " is not private"));
      AuthenticatedContent content =
          PrivateMessageProtection.unprotect(
              epoch.crypto, privateMessage, receiver.tree, epoch.senderDataSecret);
      ContentSigning.verify(epoch.crypto, content, epoch.context, epoch.signaturePublicKey);
      expectContent(field, expected, content);
    } catch (DecodeException | CryptoException | SecretTreeException e) {
      throw new VectorMismatch(field, e);
    }
  }

  private static void checkPublicRoundTrip(Epoch epoch, Content content) throws VectorMismatch {
    String what = "own PublicMessage of " + content.contentType();
    AuthenticatedContent signed = epoch.sign(WireFormat.PUBLIC_MESSAGE, content);
    PublicMessage sent =
        PublicMessageProtection.protect(epoch.crypto, signed, epoch.context, epoch.membershipKey);
    checkPublic(epoch, what, MlsMessage.of(sent).encoded(), content);
  }

  private static void checkPrivateRoundTrip(Epoch epoch, Content content) throws VectorMismatch {
    String what = "own PrivateMessage of " + content.contentType();
    AuthenticatedContent signed = epoch.sign(WireFormat.PRIVATE_MESSAGE, content);
    PrivateMessage sent;
    try (TreeHolder sender = epoch.secretTree()) {
      sent =
          PrivateMessageProtection.protect(
              epoch.crypto,
              signed,
              sender.tree,
              epoch.senderDataSecret,
              13,
              new SeededEntropySource(content.contentType().ordinal()));
    } catch (SecretTreeException e) {
      throw new VectorMismatch(what, e);
    }
    checkPrivate(epoch, what, MlsMessage.of(sent).encoded(), content);
  }

  private static void expectContent(String field, Content expected, AuthenticatedContent actual)
      throws VectorMismatch {
    FramedContent framed = actual.content();
    VectorCase.expectEqual(field + " sender", Sender.member(SENDER), framed.sender());
    VectorCase.expectEqual(field + " content", expected.encoded(), framed.content().encoded());
  }

  /** The epoch the vector describes. */
  private static final class Epoch {
    final CryptoProvider crypto;
    final GroupContext context;
    final Secret signaturePrivateKey;
    final Bytes signaturePublicKey;
    final Secret encryptionSecret;
    final Secret senderDataSecret;
    final Secret membershipKey;

    private Epoch(VectorCase vector) throws VectorMismatch {
      crypto = vector.cipherSuite().crypto();
      context =
          new GroupContext(
              GroupContext.MLS10,
              crypto.suite().id(),
              vector.hex("group_id"),
              vector.number("epoch"),
              vector.hex("tree_hash"),
              vector.hex("confirmed_transcript_hash"),
              List.of());
      signaturePrivateKey = Secret.of(vector.hex("signature_priv"));
      signaturePublicKey = vector.hex("signature_pub");
      encryptionSecret = Secret.of(vector.hex("encryption_secret"));
      senderDataSecret = Secret.of(vector.hex("sender_data_secret"));
      membershipKey = Secret.of(vector.hex("membership_key"));
    }

    static Epoch of(VectorCase vector) throws VectorMismatch {
      return new Epoch(vector);
    }

    /** A fresh secret tree of the epoch, so that every message starts at generation 0. */
    TreeHolder secretTree() {
      return new TreeHolder(
          SecretTree.create(crypto, encryptionSecret.copy(), LEAVES, SecretTreeConfig.DEFAULT));
    }

    AuthenticatedContent sign(WireFormat wireFormat, Content content) {
      FramedContent framed =
          new FramedContent(
              context.groupId(), context.epoch(), Sender.member(SENDER), Bytes.EMPTY, content);
      Optional<Bytes> confirmationTag =
          content instanceof Content.CommitContent
              ? Optional.of(crypto.hash(content.encoded()))
              : Optional.empty();
      return ContentSigning.sign(
          crypto, wireFormat, framed, context, signaturePrivateKey, confirmationTag);
    }

    void destroy() {
      signaturePrivateKey.destroy();
      encryptionSecret.destroy();
      senderDataSecret.destroy();
      membershipKey.destroy();
    }
  }

  /** Destroys a secret tree when done. */
  private record TreeHolder(SecretTree tree) implements AutoCloseable {
    @Override
    public void close() {
      tree.destroy();
    }
  }
}
