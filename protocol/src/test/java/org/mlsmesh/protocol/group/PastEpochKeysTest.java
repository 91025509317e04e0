package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.framing.MlsMessage;

/** Late messages of a past epoch (RFC 9420 §14) once the application drops the old state. */
class PastEpochKeysTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  @Test
  void aLateMessageDecryptsAfterTheOldStateIsDestroyed() throws Exception {
    Clients.Group group =
        new Clients(SUITE, 41, GroupConfig.DEFAULT.withEncryptHandshake(false)).group(2);
    Bytes text = Bytes.of("late".getBytes(StandardCharsets.UTF_8));
    // Member 1 sends in the epoch; member 0 never touches that epoch's secret tree (its Commit
    // goes out as a PublicMessage), so the tree still holds the epoch's encryption_secret at its
    // root.
    MlsMessage late = group.get(1).encrypt(text, Bytes.EMPTY, 0);
    GroupState before = group.get(0);
    group.commit(0, CommitOptions.defaults().withForcePath(true));
    before.destroy();

    Processed processed = group.get(0).process(late, Clients.NOW);

    assertThat(processed).isInstanceOf(Processed.Application.class);
    assertThat(((Processed.Application) processed).data()).isEqualTo(text);
  }

  @Test
  void keptKeysOpenALateMessageOfTheirEpochOnceTheStateIsGone() throws Exception {
    Clients.Group group = new Clients(SUITE, 43, GroupConfig.DEFAULT).group(3);
    Bytes text = Bytes.of("shared epoch".getBytes(StandardCharsets.UTF_8));
    long shared = group.get(0).epoch().number();
    MlsMessage late = group.get(1).encrypt(text, Bytes.EMPTY, 0);
    PastEpochKeys kept = PastEpochKeys.of(group.get(0), shared);
    group.commit(2, CommitOptions.defaults().withForcePath(true));
    group.get(0).destroy();

    Processed.Application opened = kept.open(late);

    assertThat(opened.data()).isEqualTo(text);
    assertThat(opened.epoch()).isEqualTo(shared);
    GroupState sender = group.get(1);
    assertThat(opened.sender()).isEqualTo(sender.ownLeaf());
    assertThat(opened.senderCredential())
        .isEqualTo(sender.tree().leaf(sender.ownLeaf()).orElseThrow().credential());
    // One key per generation (RFC 9420 §9.2): a replay does not open again.
    assertRejected(kept, late, ValidationCode.MESSAGE_KEY_UNAVAILABLE);
  }

  @Test
  void onlyTheEpochsAskedForAreKept() throws Exception {
    Clients.Group group = new Clients(SUITE, 44, GroupConfig.DEFAULT).group(2);
    long first = group.get(0).epoch().number();
    MlsMessage inFirst = group.get(1).encrypt(Bytes.of(new byte[] {1}), Bytes.EMPTY, 0);
    group.commit(1, CommitOptions.defaults().withForcePath(true));
    MlsMessage inSecond = group.get(1).encrypt(Bytes.of(new byte[] {2}), Bytes.EMPTY, 0);

    PastEpochKeys kept = PastEpochKeys.of(group.get(0), first);

    assertThat(kept.holds(first)).isTrue();
    assertThat(kept.holds(first + 1)).isFalse();
    assertRejected(kept, inSecond, ValidationCode.WRONG_EPOCH);
    kept.eraseBefore(first + 1);
    assertThat(kept.isEmpty()).isTrue();
    assertRejected(kept, inFirst, ValidationCode.WRONG_EPOCH);
  }

  @Test
  void aMessageOfAnotherBranchsEpochOfTheSameNumberDoesNotOpen() throws Exception {
    // Same group id and epoch number, other secrets: as a sibling epoch of a fork.
    Clients.Group ours = new Clients(SUITE, 45, GroupConfig.DEFAULT).group(2);
    Clients.Group theirs = new Clients(SUITE, 46, GroupConfig.DEFAULT).group(2);
    PastEpochKeys kept = PastEpochKeys.of(ours.get(0), ours.get(0).epoch().number());
    MlsMessage foreign = theirs.get(1).encrypt(Bytes.of(new byte[] {3}), Bytes.EMPTY, 0);

    assertRejected(kept, foreign, ValidationCode.DECRYPTION_FAILED);
    assertThat(kept.toString()).matches("PastEpochKeys\\[\\d+ epochs, redacted\\]");
  }

  private static void assertRejected(PastEpochKeys kept, MlsMessage message, ValidationCode code) {
    assertThatThrownBy(() -> kept.open(message))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
