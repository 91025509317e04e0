package org.mlsmesh.gossip.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.mlsmesh.gossip.RootSignatures;

/** Root-term signatures with a node's real key: only its own id verifies, only its message. */
class KeyRootSignaturesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ByteString MESSAGE = ByteString.copyFromUtf8("root term");

  @Test
  void anEd25519NodeSignsForItsOwnIdOnly() {
    check(NodeIdentity.generate(RANDOM), NodeIdentity.generate(RANDOM));
  }

  @Test
  void anEcNodeSignsForItsOwnIdOnly() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    check(
        NodeIdentity.of(ec.generateKeyPair(), RANDOM),
        NodeIdentity.of(ec.generateKeyPair(), RANDOM));
  }

  private static void check(NodeIdentity signer, NodeIdentity other) {
    RootSignatures mine = signer.rootSignatures();
    RootSignatures theirs = other.rootSignatures();
    ByteString signature = mine.sign(MESSAGE);
    assertThat(theirs.verify(signer.peerId(), MESSAGE, signature)).isTrue();
    // Another id, another message, a flipped bit, a truncation, another key's signature: no.
    assertThat(theirs.verify(other.peerId(), MESSAGE, signature)).isFalse();
    assertThat(theirs.verify(signer.peerId(), ByteString.copyFromUtf8("other"), signature))
        .isFalse();
    byte[] flipped = signature.toByteArray();
    flipped[flipped.length - 1] ^= 1;
    assertThat(theirs.verify(signer.peerId(), MESSAGE, ByteString.copyFrom(flipped))).isFalse();
    assertThat(theirs.verify(signer.peerId(), MESSAGE, signature.substring(0, 10))).isFalse();
    assertThat(theirs.verify(signer.peerId(), MESSAGE, theirs.sign(MESSAGE))).isFalse();
    assertThat(theirs.verify(signer.peerId(), MESSAGE, ByteString.EMPTY)).isFalse();
  }
}
