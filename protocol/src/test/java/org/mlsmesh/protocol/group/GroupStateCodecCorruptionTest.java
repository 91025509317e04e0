package org.mlsmesh.protocol.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.framing.MlsMessage;
import org.mlsmesh.protocol.message.Remove;
import org.mlsmesh.protocol.tree.NodeIndex;

/**
 * Loading rejects corrupt input with a {@link DecodeException} that says what is wrong and where:
 * never another exception, whatever byte is cut off or changed.
 */
class GroupStateCodecCorruptionTest {
  private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519;

  private static Clients clients;

  /** A state using every part of the format: see {@link #richState}. */
  private static GroupState rich;

  private static byte[] richBytes;

  @BeforeAll
  static void saveARichState() throws Exception {
    clients = new Clients(SUITE, 11, GroupConfig.DEFAULT);
    rich = richState(clients);
    richBytes = rich.save().exposeBytes();
  }

  /**
   * Member 1 of three, in epoch 2 with epoch 1's keys kept, messages of member 0 received out of
   * order (kept keys), a proposal of member 2 and an Update of its own pending.
   */
  private static GroupState richState(Clients clients) throws Exception {
    Clients.Group group = clients.group(3);
    MlsMessage late = group.get(0).encrypt(Bytes.EMPTY, Bytes.EMPTY, 0);
    group.get(1).process(late, Clients.NOW);
    group.commit(0, CommitOptions.defaults());
    List<MlsMessage> sent =
        List.of(
            group.get(0).encrypt(Bytes.EMPTY, Bytes.EMPTY, 0),
            group.get(0).encrypt(Bytes.EMPTY, Bytes.EMPTY, 0),
            group.get(0).encrypt(Bytes.EMPTY, Bytes.EMPTY, 0));
    group.get(1).process(sent.get(2), Clients.NOW);
    group.get(1).process(group.get(2).proposeUpdate(Clients.NOW), Clients.NOW);
    group.get(1).proposeUpdate(Clients.NOW);
    return group.get(1);
  }

  private static DecodeException rejected(byte[] bytes) {
    try {
      GroupState.load(clients.env, SavedGroupState.of(bytes)).destroy();
    } catch (DecodeException e) {
      return e;
    } catch (RuntimeException e) {
      throw new AssertionError("not a DecodeException: " + e, e);
    }
    throw new AssertionError("loaded corrupt input");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  /** The epoch's keys hold a copy of the sender data secret, saved after the epoch secrets. */
  private static int lastIndexOf(byte[] haystack, Secret needle) {
    byte[] value = needle.exposeBytes();
    int found = indexOf(haystack, value);
    int next = indexOf(Arrays.copyOfRange(haystack, found + 1, haystack.length), value);
    return found + 1 + next;
  }

  private static int indexOf(byte[] haystack, Secret needle) {
    return indexOf(haystack, needle.exposeBytes());
  }

  @Test
  void theRichStateLoads() throws Exception {
    GroupState loaded = GroupState.load(clients.env, SavedGroupState.of(richBytes));
    assertThat(loaded.pendingProposals()).hasSize(2);
    assertThat(loaded.pastKeys()).hasSize(1);
    assertThat(loaded.save().exposeBytes()).isEqualTo(richBytes);
  }

  @Test
  void truncationAtEveryOffsetIsADecodeException() {
    for (int length = 0; length < richBytes.length; length++) {
      DecodeException e = rejected(Arrays.copyOf(richBytes, length));
      assertThat(e.offset()).as("truncated to %d bytes", length).isBetween(0L, (long) length);
    }
  }

  @Test
  void aChangedByteIsADecodeExceptionOrAStillConsistentState() {
    int rejected = 0;
    for (int at = 0; at < richBytes.length; at++) {
      byte[] changed = richBytes.clone();
      changed[at] ^= 0x41;
      try {
        GroupState.load(clients.env, SavedGroupState.of(changed)).destroy();
      } catch (DecodeException e) {
        rejected++;
      } catch (RuntimeException e) {
        fail("changing byte " + at + " threw " + e, e);
      }
    }
    // What can load is secret bytes that nothing public commits to (message keys, exporter...).
    assertThat(rejected).isGreaterThan(richBytes.length / 2);
  }

  @Test
  void badMagic() {
    byte[] bytes = richBytes.clone();
    bytes[1] = 'X';
    DecodeException e = rejected(bytes);
    assertThat(e.offset()).isZero();
    assertThat(e).hasMessageContaining("not a saved group state");
  }

  @Test
  void newerAndUnknownFormatVersions() {
    byte[] newer = richBytes.clone();
    newer[5] = 2;
    assertThat(rejected(newer))
        .hasMessageContaining("newer saved state format version 2")
        .hasMessageContaining("at byte offset 4");
    byte[] zero = richBytes.clone();
    zero[5] = 0;
    assertThat(rejected(zero)).hasMessageContaining("unknown saved state format version 0");
  }

  @Test
  void unknownCipherSuite() {
    byte[] bytes = richBytes.clone();
    bytes[6] = 0x7f;
    assertThat(rejected(bytes).offset()).isEqualTo(6);
  }

  @Test
  void trailingBytes() {
    byte[] bytes = Arrays.copyOf(richBytes, richBytes.length + 1);
    DecodeException e = rejected(bytes);
    assertThat(e.offset()).isEqualTo(richBytes.length);
    assertThat(e).hasMessageContaining("trailing");
  }

  @Test
  void aLengthBeyondWhatRemains() {
    // The last field is the vector of own Update keys: one X25519 key pair, 2 x (1 + 32) bytes
    // after a 2-byte header. Claim more than is there.
    byte[] bytes = richBytes.clone();
    int header = richBytes.length - 66 - 2;
    assertThat(Arrays.copyOfRange(bytes, header, header + 2)).containsExactly(0x40, 66);
    bytes[header + 1] = (byte) 0xff;
    DecodeException e = rejected(bytes);
    assertThat(e).hasMessageContaining("truncated input: vector body needs 255 byte(s), 66 remain");
    assertThat(e.offset()).isEqualTo(header + 2);
  }

  @Test
  void privateKeysThatDoNotMatchTheTree() {
    byte[] bytes = richBytes.clone();
    Secret leafKey = rich.privateKeys().privateKey(NodeIndex.of(rich.ownLeaf())).orElseThrow();
    bytes[indexOf(bytes, leafKey) + 3] ^= 1;
    assertThat(rejected(bytes)).hasMessageContaining("do not match the tree's public keys");
  }

  @Test
  void aSignatureKeyThatDoesNotMatch() {
    byte[] bytes = richBytes.clone();
    bytes[indexOf(bytes, rich.signer().privateKey()) + 5] ^= 1;
    assertThat(rejected(bytes)).hasMessageContaining("does not match its public key");
  }

  @Test
  void epochSecretsThatDoNotMatchTheTranscript() {
    byte[] bytes = richBytes.clone();
    bytes[indexOf(bytes, rich.epoch().secrets.confirmationKey())] ^= 1;
    assertThat(rejected(bytes)).hasMessageContaining("confirmation tag does not match");
  }

  @Test
  void aTreeThatDoesNotHashToTheGroupContext() {
    byte[] bytes = richBytes.clone();
    int name = indexOf(bytes, "member 2".getBytes(StandardCharsets.UTF_8));
    bytes[name + 7] = '9';
    assertThat(rejected(bytes)).hasMessageContaining("does not hash to the group context");
  }

  @Test
  void theOwnLeafIsBlank() throws Exception {
    Clients.Group group = new Clients(SUITE, 12, GroupConfig.DEFAULT).group(4);
    group.commit(
        0, CommitOptions.defaults().withProposals(List.of(new Remove(group.get(1).ownLeaf()))));
    GroupState state = group.get(0);
    byte[] bytes = state.save().exposeBytes();
    int ownLeaf = indexOf(bytes, state.signer().privateKey()) - 1 - 4;
    assertThat(Arrays.copyOfRange(bytes, ownLeaf, ownLeaf + 4)).containsExactly(0, 0, 0, 0);
    bytes[ownLeaf + 3] = 1;
    DecodeException e = rejected(bytes);
    assertThat(e).hasMessageContaining("own leaf 1 is blank");
    assertThat(e.offset()).isEqualTo(ownLeaf);
  }

  @Test
  void aSecretTreeOfAnotherSize() {
    byte[] bytes = richBytes.clone();
    int leafCount = lastIndexOf(bytes, rich.keys().senderDataSecret()) - 1 - 4;
    bytes[leafCount + 3] *= 2;
    DecodeException e = rejected(bytes);
    assertThat(e).hasMessageContaining("a secret tree of 8 leaves for a ratchet tree of 4");
    assertThat(e.offset()).isEqualTo(leafCount);
  }

  @Test
  void aSecretTreePositionNoTreeCanReach() throws Exception {
    // A fresh epoch: the secret tree holds its root secret only (node 3 of 4 leaves).
    Clients.Group group = new Clients(SUITE, 13, GroupConfig.DEFAULT).group(3);
    GroupState state = group.get(2);
    byte[] bytes = state.save().exposeBytes();
    int root = lastIndexOf(bytes, state.keys().senderDataSecret()) + SUITE.hashLength() + 1;
    assertThat(Arrays.copyOfRange(bytes, root, root + 4)).containsExactly(0, 0, 0, 3);
    bytes[root + 3] = 1;
    assertThat(rejected(bytes)).hasMessageContaining("the secrets cover 2 of 4 leaves");
  }

  @Test
  void loadingDestroysNothingTheCallerOwns() throws Exception {
    SavedGroupState saved = SavedGroupState.of(richBytes);
    GroupState.load(clients.env, saved);
    assertThat(saved.exposeBytes()).isEqualTo(richBytes);
    assertThatThrownBy(() -> GroupState.load(clients.env, SavedGroupState.of(new byte[0])))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("truncated input");
  }
}
