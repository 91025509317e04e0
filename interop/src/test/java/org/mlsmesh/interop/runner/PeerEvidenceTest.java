package org.mlsmesh.interop.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.message.Extension;
import org.mlsmesh.protocol.message.GroupInfo;
import org.mlsmesh.protocol.tree.LeafIndex;

/** The encodings the evidence checks tell apart. */
class PeerEvidenceTest {
  private static final CipherSuite P256 = CipherSuite.MLS_128_DHKEMP256_AES128GCM_SHA256_P256;

  @Test
  void compressedAndUncompressedEcdsaKeys() {
    byte[] compressed = new byte[33];
    compressed[0] = 0x02;
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 0x04;
    assertThat(PeerEvidence.isCompressedEcdsaKey(P256, Bytes.wrap(compressed))).isTrue();
    assertThat(PeerEvidence.isCompressedEcdsaKey(P256, Bytes.wrap(uncompressed))).isFalse();
    assertThat(
            PeerEvidence.isCompressedEcdsaKey(
                CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519, Bytes.wrap(new byte[33])))
        .isFalse();
  }

  @Test
  void externalPubWithAndWithoutItsLength() {
    Bytes key = Bytes.wrap(new byte[P256.kem().publicKeyLength]);
    GroupInfo prefixed = groupInfo(new TlsWriter().vlBytes(key).toBytes());
    GroupInfo bare = groupInfo(key);
    assertThat(PeerEvidence.hasBareExternalPub(P256, prefixed)).isFalse();
    assertThat(PeerEvidence.hasBareExternalPub(P256, bare)).isTrue();
  }

  private static GroupInfo groupInfo(Bytes externalPub) {
    List<Extension> extensions = new ArrayList<>();
    extensions.add(new Extension(Extension.EXTERNAL_PUB, externalPub));
    return new GroupInfo(
        new org.mlsmesh.protocol.message.GroupContext(
            1, P256.id(), Bytes.EMPTY, 0, Bytes.EMPTY, Bytes.EMPTY, List.of()),
        extensions,
        Bytes.EMPTY,
        new LeafIndex(0),
        Bytes.EMPTY);
  }
}
