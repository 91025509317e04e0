package org.mlsmesh.protocol.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.crypto.SeededEntropySource;
import org.mlsmesh.protocol.message.GroupContext;
import org.mlsmesh.protocol.message.PreSharedKeyId;

class KeyScheduleTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;
  private static final CryptoProvider CRYPTO = SUITE.crypto();

  private static GroupContext context(long epoch) {
    return new GroupContext(
        GroupContext.MLS10,
        SUITE.id(),
        Bytes.fromHex("0102"),
        epoch,
        Bytes.fromHex("aa"),
        Bytes.EMPTY,
        List.of());
  }

  private static Secret filled(int value) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) value);
    return Secret.wrap(bytes);
  }

  private static EpochSecrets epoch(Secret psk, GroupContext context) {
    Secret joiner = KeySchedule.joinerSecret(CRYPTO, filled(1), filled(2), context);
    return KeySchedule.epochSecrets(CRYPTO, joiner, psk, context);
  }

  @Test
  void destroyErasesEverySecret() {
    EpochSecrets secrets = epoch(Secret.zero(32), context(1));
    List<Secret> all =
        List.of(
            secrets.senderDataSecret(),
            secrets.encryptionSecret(),
            secrets.exporterSecret(),
            secrets.externalSecret(),
            secrets.confirmationKey(),
            secrets.membershipKey(),
            secrets.resumptionPsk(),
            secrets.epochAuthenticator(),
            secrets.initSecret());
    assertThat(secrets.isDestroyed()).isFalse();
    secrets.destroy();
    assertThat(secrets.isDestroyed()).isTrue();
    for (Secret secret : all) {
      assertThat(secret.isDestroyed()).isTrue();
      assertThatThrownBy(secret::exposeBytes).isInstanceOf(IllegalStateException.class);
    }
    assertThatThrownBy(() -> secrets.exporter("label", Bytes.EMPTY, 32))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toStringIsRedacted() {
    EpochSecrets secrets = epoch(Secret.zero(32), context(1));
    String text = secrets.toString();
    assertThat(text).contains("redacted");
    assertThat(text).doesNotContain(secrets.initSecret().insecureAsBytes().toHex());
    assertThat(text).doesNotContain(secrets.exporterSecret().insecureAsBytes().toHex());
  }

  @Test
  void everyInputChangesTheSecrets() {
    Bytes base = epoch(Secret.zero(32), context(1)).epochAuthenticator().insecureAsBytes();
    assertThat(epoch(filled(9), context(1)).epochAuthenticator().insecureAsBytes())
        .isNotEqualTo(base);
    assertThat(epoch(Secret.zero(32), context(2)).epochAuthenticator().insecureAsBytes())
        .isNotEqualTo(base);
    assertThat(epoch(Secret.zero(32), context(1)).epochAuthenticator().insecureAsBytes())
        .isEqualTo(base);
  }

  @Test
  void welcomeSecretDependsOnThePskButNotTheContext() {
    Secret joiner = KeySchedule.joinerSecret(CRYPTO, filled(1), filled(2), context(1));
    Bytes welcome = KeySchedule.welcomeSecret(CRYPTO, joiner, Secret.zero(32)).insecureAsBytes();
    assertThat(KeySchedule.welcomeSecret(CRYPTO, joiner, filled(3)).insecureAsBytes())
        .isNotEqualTo(welcome);
    assertThat(joiner.isDestroyed()).isFalse();
  }

  @Test
  void firstEpochUsesARandomEpochSecret() {
    EpochSecrets a = KeySchedule.firstEpoch(CRYPTO, new SeededEntropySource(1));
    EpochSecrets b = KeySchedule.firstEpoch(CRYPTO, new SeededEntropySource(1));
    EpochSecrets c = KeySchedule.firstEpoch(CRYPTO, new SeededEntropySource(2));
    assertThat(a.initSecret()).isEqualTo(b.initSecret()).isNotEqualTo(c.initSecret());
  }

  @Test
  void exporterWithAStringLabelUsesItsUtf8Bytes() {
    EpochSecrets secrets = epoch(Secret.zero(32), context(1));
    Bytes context = Bytes.fromHex("00ff");
    Secret byString = secrets.exporter("exporter label", context, 40);
    Secret byBytes =
        secrets.exporter(Bytes.of("exporter label".getBytes(StandardCharsets.UTF_8)), context, 40);
    assertThat(byString).isEqualTo(byBytes);
    assertThat(byString.length()).isEqualTo(40);
    assertThat(secrets.exporter("other", context, 40)).isNotEqualTo(byString);
  }

  @Test
  void confirmationTagIsAMacOfTheConfirmedTranscriptHash() {
    EpochSecrets secrets = epoch(Secret.zero(32), context(1));
    Bytes hash = Bytes.fromHex("0badc0de");
    assertThat(secrets.confirmationTag(hash))
        .isEqualTo(CRYPTO.mac(secrets.confirmationKey(), hash))
        .hasToString(CRYPTO.mac(secrets.confirmationKey(), hash).toString());
  }

  @Test
  void rejectsSecretsOfTheWrongLength() {
    assertThatThrownBy(
            () -> KeySchedule.joinerSecret(CRYPTO, Secret.zero(16), filled(2), context(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeySchedule.welcomeSecret(CRYPTO, filled(1), Secret.zero(31)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noPsksGiveTheZeroVector() {
    assertThat(PskSecret.compute(CRYPTO, List.of())).isEqualTo(Secret.zero(32));
    CipherSuite big = CipherSuite.MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448;
    assertThat(PskSecret.compute(big.crypto(), List.of())).isEqualTo(Secret.zero(64));
  }

  @Test
  void pskOrderMattersAndInputsStayWithTheCaller() {
    PskSecret.Input first =
        new PskSecret.Input(
            PreSharedKeyId.external(Bytes.fromHex("01"), Bytes.fromHex("aa")), filled(5));
    PskSecret.Input second =
        new PskSecret.Input(
            PreSharedKeyId.resumption(
                PreSharedKeyId.ResumptionUsage.APPLICATION, Bytes.fromHex("02"), 7, Bytes.EMPTY),
            filled(6));
    Secret ab = PskSecret.compute(CRYPTO, List.of(first, second));
    Secret ba = PskSecret.compute(CRYPTO, List.of(second, first));
    assertThat(ab).isNotEqualTo(ba);
    assertThat(first.psk().isDestroyed()).isFalse();
    assertThat(first.toString()).contains("redacted").doesNotContain("0505");
  }
}
