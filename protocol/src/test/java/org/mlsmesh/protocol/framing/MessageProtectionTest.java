package org.mlsmesh.protocol.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoException;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.EntropySource;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.crypto.SignatureKeyPair;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.schedule.SecretTree;
import org.mlsmesh.protocol.schedule.SecretTreeConfig;
import org.mlsmesh.protocol.schedule.SecretTreeException;
import org.mlsmesh.protocol.tree.LeafIndex;

/** Protecting and unprotecting messages (RFC 9420 §6), and the rejections on tampering. */
class MessageProtectionTest {
  private static final LeafIndex ALICE = LeafIndex.of(2);

  /** One epoch of a four-member group, seen by a sender and a receiver with separate trees. */
  private static final class Epoch {
    final CryptoProvider crypto;
    final EntropySource random = new SeededEntropySource(7);
    final SignatureKeyPair signer;
    final GroupContext context;
    final Secret encryptionSecret;
    final Secret senderDataSecret;
    final Secret membershipKey;

    Epoch(CipherSuite suite) {
      crypto = suite.crypto();
      signer = crypto.generateSignatureKeyPair(random);
      int nh = suite.hashLength();
      context =
          new GroupContext(
              GroupContext.MLS10,
              suite.id(),
              Bytes.fromHex("0102"),
              5,
              Bytes.wrap(random.randomBytes(nh)),
              Bytes.wrap(random.randomBytes(nh)),
              List.of());
      encryptionSecret = random.randomSecret(nh);
      senderDataSecret = random.randomSecret(nh);
      membershipKey = random.randomSecret(nh);
    }

    SecretTree tree() {
      return SecretTree.create(crypto, encryptionSecret.copy(), 4, SecretTreeConfig.DEFAULT);
    }

    AuthenticatedContent signed(WireFormat format, Content content) {
      FramedContent framed =
          new FramedContent(
              context.groupId(),
              context.epoch(),
              Sender.member(ALICE),
              Bytes.fromHex("aa"),
              content);
      return ContentSigning.sign(
          crypto, format, framed, context, signer.privateKey(), Optional.empty());
    }

    PrivateMessage encrypt(SecretTree tree, Bytes text, int padding) throws Exception {
      return PrivateMessageProtection.protect(
          crypto,
          signed(WireFormat.PRIVATE_MESSAGE, Content.application(text)),
          tree,
          senderDataSecret,
          padding,
          random);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void applicationMessageRoundTripsWithPadding(CipherSuite suite) throws Exception {
    Epoch epoch = new Epoch(suite);
    Bytes text = Bytes.fromHex("68656c6c6f");
    PrivateMessage sent = epoch.encrypt(epoch.tree(), text, 32);
    assertThat(sent.ciphertext().length()).isGreaterThan(text.length() + 32);

    AuthenticatedContent received =
        PrivateMessageProtection.unprotect(
            epoch.crypto, sent, epoch.tree(), epoch.senderDataSecret);
    ContentSigning.verify(epoch.crypto, received, epoch.context, epoch.signer.publicKey());
    assertThat(received.content().content()).isEqualTo(Content.application(text));
    assertThat(received.content().sender()).isEqualTo(Sender.member(ALICE));
    assertThat(received.content().authenticatedData()).isEqualTo(Bytes.fromHex("aa"));
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void publicMessageRoundTripsAndChecksItsMembershipTag(CipherSuite suite) throws Exception {
    Epoch epoch = new Epoch(suite);
    Content remove = Content.proposal(new Remove(LeafIndex.of(1)));
    PublicMessage sent =
        PublicMessageProtection.protect(
            epoch.crypto,
            epoch.signed(WireFormat.PUBLIC_MESSAGE, remove),
            epoch.context,
            epoch.membershipKey);

    AuthenticatedContent received =
        PublicMessageProtection.unprotect(epoch.crypto, sent, epoch.context, epoch.membershipKey);
    ContentSigning.verify(epoch.crypto, received, epoch.context, epoch.signer.publicKey());
    assertThat(received.content().content()).isEqualTo(remove);

    Secret wrongKey = epoch.random.randomSecret(suite.hashLength());
    assertThatThrownBy(
            () -> PublicMessageProtection.unprotect(epoch.crypto, sent, epoch.context, wrongKey))
        .isInstanceOf(CryptoException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_256_DHKEMP384_AES256GCM_SHA384_P384"
      })
  void signatureOverAnotherEpochIsRejected(CipherSuite suite) {
    Epoch epoch = new Epoch(suite);
    AuthenticatedContent signed =
        epoch.signed(WireFormat.PUBLIC_MESSAGE, Content.application(Bytes.fromHex("01")));
    GroupContext later =
        new GroupContext(
            epoch.context.version(),
            epoch.context.cipherSuite(),
            epoch.context.groupId(),
            epoch.context.epoch() + 1,
            epoch.context.treeHash(),
            epoch.context.confirmedTranscriptHash(),
            List.of());
    assertThatThrownBy(
            () -> ContentSigning.verify(epoch.crypto, signed, later, epoch.signer.publicKey()))
        .isInstanceOf(CryptoException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {
        "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
        "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448"
      })
  void tamperedCiphertextOrSenderDataIsRejected(CipherSuite suite) throws Exception {
    Epoch epoch = new Epoch(suite);
    PrivateMessage sent = epoch.encrypt(epoch.tree(), Bytes.fromHex("0102030405"), 0);

    byte[] ciphertext = sent.ciphertext().toByteArray();
    ciphertext[ciphertext.length - 1] ^= 1;
    PrivateMessage badContent =
        new PrivateMessage(
            sent.groupId(),
            sent.epoch(),
            sent.contentType(),
            sent.authenticatedData(),
            sent.encryptedSenderData(),
            Bytes.wrap(ciphertext));
    // The sender data key depends on the ciphertext sample, so the tamper shows up there first.
    assertThatThrownBy(
            () ->
                PrivateMessageProtection.unprotect(
                    epoch.crypto, badContent, epoch.tree(), epoch.senderDataSecret))
        .isInstanceOf(CryptoException.class);

    PrivateMessage otherAad =
        new PrivateMessage(
            sent.groupId(),
            sent.epoch(),
            sent.contentType(),
            Bytes.fromHex("bb"),
            sent.encryptedSenderData(),
            sent.ciphertext());
    assertThatThrownBy(
            () ->
                PrivateMessageProtection.unprotect(
                    epoch.crypto, otherAad, epoch.tree(), epoch.senderDataSecret))
        .isInstanceOf(CryptoException.class);

    Secret wrongSenderDataSecret = epoch.random.randomSecret(suite.hashLength());
    assertThatThrownBy(
            () ->
                PrivateMessageProtection.unprotect(
                    epoch.crypto, sent, epoch.tree(), wrongSenderDataSecret))
        .isInstanceOf(CryptoException.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {"MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"})
  void replayIsRejectedAndOutOfOrderDelivered(CipherSuite suite) throws Exception {
    Epoch epoch = new Epoch(suite);
    SecretTree sender = epoch.tree();
    PrivateMessage first = epoch.encrypt(sender, Bytes.fromHex("01"), 0);
    PrivateMessage second = epoch.encrypt(sender, Bytes.fromHex("02"), 0);

    SecretTree receiver = epoch.tree();
    assertThat(
            PrivateMessageProtection.unprotect(
                    epoch.crypto, second, receiver, epoch.senderDataSecret)
                .content()
                .content())
        .isEqualTo(Content.application(Bytes.fromHex("02")));
    assertThat(
            PrivateMessageProtection.unprotect(
                    epoch.crypto, first, receiver, epoch.senderDataSecret)
                .content()
                .content())
        .isEqualTo(Content.application(Bytes.fromHex("01")));
    assertThatThrownBy(
            () ->
                PrivateMessageProtection.unprotect(
                    epoch.crypto, second, receiver, epoch.senderDataSecret))
        .isInstanceOf(SecretTreeException.class)
        .extracting(e -> ((SecretTreeException) e).reason())
        .isEqualTo(SecretTreeException.Reason.ALREADY_CONSUMED);
  }

  @ParameterizedTest
  @EnumSource(
      value = CipherSuite.class,
      names = {"MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"})
  void onlyMembersSendPrivateMessages(CipherSuite suite) {
    Epoch epoch = new Epoch(suite);
    FramedContent external =
        new FramedContent(
            epoch.context.groupId(),
            epoch.context.epoch(),
            Sender.external(0),
            Bytes.EMPTY,
            Content.proposal(new Remove(LeafIndex.of(1))));
    AuthenticatedContent signed =
        ContentSigning.sign(
            epoch.crypto,
            WireFormat.PRIVATE_MESSAGE,
            external,
            epoch.context,
            epoch.signer.privateKey(),
            Optional.empty());
    assertThatThrownBy(
            () ->
                PrivateMessageProtection.protect(
                    epoch.crypto, signed, epoch.tree(), epoch.senderDataSecret, 0, epoch.random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("member sender");
  }
}
