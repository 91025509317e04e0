package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.schedule.SecretTreeConfig;

/** Application messages (RFC 9420 §15): late, reordered and lost messages, and key retention. */
class ApplicationMessageTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private static Clients.Group group(GroupConfig config) throws Exception {
    return new Clients(SUITE, 23, config).group(2);
  }

  private static Bytes text(int i) {
    return Bytes.of(new byte[] {(byte) i});
  }

  private static Processed.Application receive(GroupState state, MlsMessage message)
      throws Exception {
    return (Processed.Application) state.process(message, Clients.NOW);
  }

  private static void assertRejected(GroupState state, MlsMessage message, ValidationCode code) {
    assertThatThrownBy(() -> state.process(message, Clients.NOW))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void lateMessageOfThePreviousEpochDecrypts() throws Exception {
    Clients.Group group = group(GroupConfig.DEFAULT.withPastEpochs(1));
    long epoch = group.get(0).currentEpoch();
    MlsMessage late = group.get(0).encrypt(text(1), Bytes.EMPTY, 0);
    MlsMessage tooLate = group.get(0).encrypt(text(2), Bytes.EMPTY, 0);
    group.commit(0, CommitOptions.defaults());
    Processed.Application received = receive(group.get(1), late);
    assertThat(received.epoch()).isEqualTo(epoch);
    assertThat(received.data()).isEqualTo(text(1));
    group.commit(1, CommitOptions.defaults());
    assertRejected(group.get(1), tooLate, ValidationCode.WRONG_EPOCH);
  }

  @Test
  void destroyingTheOldStateKeepsTheKeysItHandedOn() throws Exception {
    Clients.Group group = group(GroupConfig.DEFAULT.withPastEpochs(1));
    MlsMessage late = group.get(0).encrypt(text(1), Bytes.EMPTY, 0);
    GroupState old = group.get(1);
    group.commit(0, CommitOptions.defaults());
    old.destroy();
    assertThat(receive(group.get(1), late).data()).isEqualTo(text(1));
    assertThatThrownBy(() -> old.epochAuthenticator()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void noPastEpochsKept() throws Exception {
    Clients.Group group = group(GroupConfig.DEFAULT.withPastEpochs(0));
    MlsMessage late = group.get(0).encrypt(text(1), Bytes.EMPTY, 0);
    GroupState old = group.get(1);
    group.commit(0, CommitOptions.defaults());
    assertRejected(group.get(1), late, ValidationCode.WRONG_EPOCH);
    assertRejected(old, late, ValidationCode.MESSAGE_KEY_UNAVAILABLE);
  }

  @Test
  void reorderedMessagesDecryptOnce() throws Exception {
    Clients.Group group = group(GroupConfig.DEFAULT);
    List<MlsMessage> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(group.get(0).encrypt(text(i), Bytes.EMPTY, i));
    }
    for (int i : new int[] {4, 1, 3, 0, 2}) {
      assertThat(receive(group.get(1), sent.get(i)).data()).isEqualTo(text(i));
    }
    assertRejected(group.get(1), sent.get(2), ValidationCode.MESSAGE_KEY_UNAVAILABLE);
  }

  @Test
  void forwardDistanceAndOutOfOrderLimits() throws Exception {
    Clients.Group group = group(GroupConfig.DEFAULT.withSecretTree(new SecretTreeConfig(1, 3)));
    List<MlsMessage> sent = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sent.add(group.get(0).encrypt(text(i), Bytes.EMPTY, 0));
    }
    assertRejected(group.get(1), sent.get(4), ValidationCode.MESSAGE_KEY_UNAVAILABLE);
    assertThat(receive(group.get(1), sent.get(3)).data()).isEqualTo(text(3));
    assertThat(receive(group.get(1), sent.get(6)).data()).isEqualTo(text(6));
    assertThat(receive(group.get(1), sent.get(5)).data()).isEqualTo(text(5));
    assertRejected(group.get(1), sent.get(4), ValidationCode.MESSAGE_KEY_UNAVAILABLE);
  }

  @Test
  void exporterAndAuthenticatorChangeEveryEpoch() throws Exception {
    Clients.Group group = group(GroupConfig.DEFAULT);
    Bytes before = group.get(0).epochAuthenticator();
    group.commit(1, CommitOptions.defaults());
    group.assertInSync();
    assertThat(group.get(0).epochAuthenticator()).isNotEqualTo(before);
  }
}
