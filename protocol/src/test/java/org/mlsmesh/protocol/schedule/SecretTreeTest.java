package org.mlsmesh.protocol.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.schedule.SecretTreeException.Reason;
import org.mlsmesh.protocol.tree.LeafIndex;

class SecretTreeTest {
  private static final CryptoProvider CRYPTO =
      CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519.crypto();
  private static final LeafIndex A = LeafIndex.of(0);
  private static final LeafIndex D = LeafIndex.of(3);
  private static final RatchetType APP = RatchetType.APPLICATION;

  private static Secret encryptionSecret() {
    byte[] value = new byte[32];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    return Secret.wrap(value);
  }

  private static SecretTree tree(SecretTreeConfig config) {
    return SecretTree.create(CRYPTO, encryptionSecret(), 4, config);
  }

  private static Bytes key(KeyAndNonce keys) {
    Bytes key = keys.key().insecureAsBytes();
    keys.destroy();
    return key;
  }

  /** The keys of generations 0..count-1 of D's application ratchet, requested in order. */
  private static Bytes[] inOrder(int count) throws SecretTreeException {
    SecretTree tree = tree(SecretTreeConfig.DEFAULT);
    Bytes[] keys = new Bytes[count];
    for (int g = 0; g < count; g++) {
      keys[g] = key(tree.keyFor(D, APP, g));
    }
    return keys;
  }

  @Test
  void senderAndReceiverAgree() throws SecretTreeException {
    SecretTree sender = tree(SecretTreeConfig.DEFAULT);
    SecretTree receiver = tree(SecretTreeConfig.DEFAULT);
    for (int i = 0; i < 3; i++) {
      RatchetKey sent = sender.next(D, APP);
      assertThat(sent.generation()).isEqualTo(i);
      KeyAndNonce received = receiver.keyFor(D, APP, i);
      assertThat(received.key()).isEqualTo(sent.key());
      assertThat(received.nonce()).isEqualTo(sent.nonce());
    }
    // The two ratchets of a leaf, and the ratchets of different leaves, are independent.
    assertThat(key(receiver.keyFor(D, RatchetType.HANDSHAKE, 0)))
        .isNotEqualTo(inOrder(1)[0])
        .isNotEqualTo(key(receiver.keyFor(A, APP, 0)));
  }

  @Test
  void outOfOrderWithinTheWindowWorks() throws SecretTreeException {
    Bytes[] expected = inOrder(6);
    SecretTree tree = tree(new SecretTreeConfig(5, 1000));
    assertThat(key(tree.keyFor(D, APP, 5))).isEqualTo(expected[5]);
    assertThat(key(tree.keyFor(D, APP, 2))).isEqualTo(expected[2]);
    assertThat(key(tree.keyFor(D, APP, 0))).isEqualTo(expected[0]);
    assertThat(key(tree.keyFor(D, APP, 4))).isEqualTo(expected[4]);
    assertThat(key(tree.keyFor(D, APP, 1))).isEqualTo(expected[1]);
    assertThat(key(tree.keyFor(D, APP, 3))).isEqualTo(expected[3]);
  }

  @Test
  void replayOfAConsumedGenerationIsRejected() throws SecretTreeException {
    SecretTree tree = tree(SecretTreeConfig.DEFAULT);
    tree.keyFor(D, APP, 0).destroy();
    tree.keyFor(D, APP, 3).destroy();
    tree.keyFor(D, APP, 1).destroy();
    for (long g : new long[] {0, 1, 3}) {
      assertThatThrownBy(() -> tree.keyFor(D, APP, g))
          .isInstanceOfSatisfying(
              SecretTreeException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_CONSUMED));
    }
    // Generation 2 was skipped, not used: still available once.
    tree.keyFor(D, APP, 2).destroy();
    // A member's own sent generations are consumed too.
    tree.next(D, APP).destroy();
    assertThatThrownBy(() -> tree.keyFor(D, APP, 4))
        .isInstanceOfSatisfying(
            SecretTreeException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_CONSUMED));
  }

  @Test
  void generationsBeyondTheForwardDistanceAreRejected() throws SecretTreeException {
    SecretTree tree = tree(new SecretTreeConfig(5, 10));
    assertThatThrownBy(() -> tree.keyFor(D, APP, 11))
        .isInstanceOfSatisfying(
            SecretTreeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_FAR_AHEAD));
    tree.keyFor(D, APP, 10).destroy();
    // The distance counts from the ratchet's head, which is now 11.
    tree.keyFor(D, APP, 21).destroy();
    assertThatThrownBy(() -> tree.keyFor(D, APP, 33))
        .isInstanceOfSatisfying(
            SecretTreeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_FAR_AHEAD));
  }

  @Test
  void generationsTooFarInThePastAreRejected() throws SecretTreeException {
    Bytes[] expected = inOrder(11);
    SecretTree tree = tree(new SecretTreeConfig(3, 1000));
    tree.keyFor(D, APP, 5).destroy(); // keeps 2, 3, 4
    assertThatThrownBy(() -> tree.keyFor(D, APP, 1))
        .isInstanceOfSatisfying(
            SecretTreeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_OLD));
    assertThat(key(tree.keyFor(D, APP, 3))).isEqualTo(expected[3]);
    tree.keyFor(D, APP, 7).destroy(); // window 4..7: 2 falls out, 4 and 6 are kept
    tree.keyFor(D, APP, 8).destroy(); // window 5..8: 4 falls out
    assertThatThrownBy(() -> tree.keyFor(D, APP, 4))
        .isInstanceOfSatisfying(
            SecretTreeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_OLD));
    assertThat(key(tree.keyFor(D, APP, 6))).isEqualTo(expected[6]);

    SecretTree strict = tree(new SecretTreeConfig(0, 1000));
    strict.keyFor(D, APP, 1).destroy();
    assertThatThrownBy(() -> strict.keyFor(D, APP, 0))
        .isInstanceOfSatisfying(
            SecretTreeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_OLD));
  }

  @Test
  void leafIndexOutOfRangeIsRejected() {
    SecretTree tree = tree(SecretTreeConfig.DEFAULT);
    assertThatThrownBy(() -> tree.keyFor(LeafIndex.of(4), APP, 0))
        .isInstanceOfSatisfying(
            SecretTreeException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.LEAF_OUT_OF_RANGE));
    assertThatThrownBy(() -> tree.next(LeafIndex.of(0xffffffffL), APP))
        .isInstanceOfSatisfying(
            SecretTreeException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.LEAF_OUT_OF_RANGE));
  }

  @Test
  void handedOutKeysAreOwnedAndDestroyedByTheCaller() throws SecretTreeException {
    SecretTree tree = tree(SecretTreeConfig.DEFAULT);
    RatchetKey sent = tree.next(D, APP);
    Secret key = sent.key();
    sent.destroy();
    assertThat(sent.isDestroyed()).isTrue();
    assertThatThrownBy(key::exposeBytes).isInstanceOf(IllegalStateException.class);
    assertThat(sent.toString()).isEqualTo("RatchetKey[generation=0, redacted]");
  }

  @Test
  void nodeSecretsAreDeletedOnceTheirChildrenExist() throws SecretTreeException {
    Secret root = encryptionSecret();
    SecretTree tree = SecretTree.create(CRYPTO, root, 4, SecretTreeConfig.DEFAULT);
    assertThat(tree.heldNodeSecrets()).isEqualTo(1);
    tree.keyFor(D, APP, 0).destroy();
    // RFC 9420 §9.2 example: G (the encryption secret), F and D are consumed; E and C remain.
    assertThat(root.isDestroyed()).isTrue();
    assertThat(tree.heldNodeSecrets()).isEqualTo(2);
    tree.keyFor(A, APP, 0).destroy();
    assertThat(tree.heldNodeSecrets()).isEqualTo(2); // B and C
  }

  @Test
  void skippedKeysAreDestroyedWhenTheyLeaveTheWindowOrTheTreeIsDestroyed()
      throws SecretTreeException {
    SecretTree tree = tree(new SecretTreeConfig(2, 1000));
    tree.keyFor(D, APP, 4).destroy();
    assertThatThrownBy(() -> tree.keyFor(D, APP, 1))
        .isInstanceOfSatisfying(
            SecretTreeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_OLD));
    tree.destroy();
    assertThat(tree.isDestroyed()).isTrue();
    assertThat(tree.heldNodeSecrets()).isZero();
    assertThatThrownBy(() -> tree.keyFor(D, APP, 3)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(
            () -> SecretTree.create(CRYPTO, encryptionSecret(), 3, SecretTreeConfig.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> SecretTree.create(CRYPTO, Secret.zero(16), 4, SecretTreeConfig.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecretTreeConfig(-1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    SecretTree tree = tree(SecretTreeConfig.DEFAULT);
    assertThatThrownBy(() -> tree.keyFor(D, APP, 1L << 32))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(tree.toString()).contains("redacted");
  }

  @Test
  void senderDataSampleIsAtMostNhBytes() {
    Secret secret = encryptionSecret();
    Bytes longCiphertext = Bytes.of(new byte[100]);
    Bytes sample = longCiphertext.slice(0, 32);
    assertThat(SenderDataKeys.derive(CRYPTO, secret, longCiphertext).key())
        .isEqualTo(SenderDataKeys.derive(CRYPTO, secret, sample).key());
    KeyAndNonce shortOne = SenderDataKeys.derive(CRYPTO, secret, Bytes.of(new byte[5]));
    assertThat(shortOne.key().length()).isEqualTo(16);
    assertThat(shortOne.nonce().length()).isEqualTo(12);
    assertThat(shortOne.toString()).isEqualTo("KeyAndNonce[redacted]");
  }
}
