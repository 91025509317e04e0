package org.mlsmesh.protocol.conformance;

import java.util.List;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.HpkeKeyPair;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.schedule.EpochSecrets;
import org.mlsmesh.protocol.schedule.KeySchedule;

/**
 * The {@code key-schedule} vectors: a chain of epochs, each derived from the previous epoch's
 * {@code init_secret} and its own commit secret, PSK secret and GroupContext (RFC 9420 §8).
 */
public final class KeyScheduleCheck implements VectorCheck {
  @Override
  public String kind() {
    return "key-schedule";
  }

  @Override
  public void check(VectorCase vector) throws VectorMismatch {
    CipherSuite suite = vector.cipherSuite();
    CryptoProvider crypto = suite.crypto();
    Bytes groupId = vector.hex("group_id");
    Secret initSecret = Secret.of(vector.hex("initial_init_secret"));
    List<VectorCase> epochs = vector.objects("epochs");
    for (int epoch = 0; epoch < epochs.size(); epoch++) {
      Secret next = checkEpoch(crypto, groupId, epoch, initSecret, epochs.get(epoch));
      initSecret.destroy();
      initSecret = next;
    }
    initSecret.destroy();
  }

  /** Checks one epoch and returns its {@code init_secret} for the next. */
  private static Secret checkEpoch(
      CryptoProvider crypto, Bytes groupId, long epoch, Secret initSecret, VectorCase e)
      throws VectorMismatch {
    String at = "epoch " + epoch + " ";
    GroupContext context =
        new GroupContext(
            GroupContext.MLS10,
            crypto.suite().id(),
            groupId,
            epoch,
            e.hex("tree_hash"),
            e.hex("confirmed_transcript_hash"),
            List.of());
    VectorCase.expectEqual(at + "group_context", e.hex("group_context"), context.encoded());

    Secret commitSecret = Secret.of(e.hex("commit_secret"));
    Secret pskSecret = Secret.of(e.hex("psk_secret"));
    Secret joinerSecret = KeySchedule.joinerSecret(crypto, initSecret, commitSecret, context);
    Secret welcomeSecret = KeySchedule.welcomeSecret(crypto, joinerSecret, pskSecret);
    EpochSecrets secrets = KeySchedule.epochSecrets(crypto, joinerSecret, pskSecret, context);
    try {
      expect(e, at, "joiner_secret", joinerSecret);
      expect(e, at, "welcome_secret", welcomeSecret);
      expect(e, at, "init_secret", secrets.initSecret());
      expect(e, at, "sender_data_secret", secrets.senderDataSecret());
      expect(e, at, "encryption_secret", secrets.encryptionSecret());
      expect(e, at, "exporter_secret", secrets.exporterSecret());
      expect(e, at, "epoch_authenticator", secrets.epochAuthenticator());
      expect(e, at, "external_secret", secrets.externalSecret());
      expect(e, at, "confirmation_key", secrets.confirmationKey());
      expect(e, at, "membership_key", secrets.membershipKey());
      expect(e, at, "resumption_psk", secrets.resumptionPsk());

      HpkeKeyPair external = secrets.externalKeyPair();
      VectorCase.expectEqual(at + "external_pub", e.hex("external_pub"), external.publicKey());
      external.destroy();

      // The vectors' exporter label is used as written, the text of its hex string (as the
      // implementations that generated them do); the context is hex-decoded.
      VectorCase exporter = e.object("exporter");
      Secret exported =
          secrets.exporter(
              exporter.string("label"), exporter.hex("context"), exporter.length("length"));
      VectorCase.expectEqual(
          at + "exporter.secret", exporter.hex("secret"), exported.insecureAsBytes());
      exported.destroy();
      return secrets.initSecret().copy();
    } finally {
      secrets.destroy();
      commitSecret.destroy();
      pskSecret.destroy();
      joinerSecret.destroy();
      welcomeSecret.destroy();
    }
  }

  private static void expect(VectorCase e, String at, String field, Secret actual)
      throws VectorMismatch {
    VectorCase.expectEqual(at + field, e.hex(field), actual.insecureAsBytes());
  }
}
