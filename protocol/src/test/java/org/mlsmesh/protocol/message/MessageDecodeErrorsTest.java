package org.mlsmesh.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mlsmesh.protocol.codec.DecodeAssertions.decodeError;

import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.credential.Credential;

/** Closed code points and malformed message structs fail with the offset of the bad byte. */
class MessageDecodeErrorsTest {
  @Test
  void unknownProposalType() {
    DecodeException e = decodeError("0008" + "00", Proposal::decode);
    assertThat(e.offset()).isEqualTo(0);
    assertThat(e).hasMessageContaining("unknown proposal type 0x0008");
  }

  @Test
  void unknownProposalTypeInsideACommitNamesTheAbsoluteOffset() {
    // proposals<V> (5 bytes) = { by value (01), proposal type 0x0009, ... }
    DecodeException e = decodeError("05" + "01" + "0009" + "0000" + "00", Commit::decode);
    assertThat(e.offset()).isEqualTo(2);
  }

  @Test
  void unknownProposalOrRefType() {
    assertThat(decodeError("02" + "0300" + "00", Commit::decode).offset()).isEqualTo(1);
  }

  @Test
  void commitPathPresenceFlagOfTwo() {
    DecodeException e = decodeError("00" + "02", Commit::decode);
    assertThat(e.offset()).isEqualTo(1);
  }

  @Test
  void unknownCredentialType() {
    DecodeException e = decodeError("0003" + "00", Credential::decode);
    assertThat(e.offset()).isEqualTo(0);
    assertThat(e).hasMessageContaining("credential type");
    // Inside an ExternalSender, after signature_key<V> = 02 5151.
    assertThat(decodeError("025151" + "0007" + "00", ExternalSender::decode).offset()).isEqualTo(3);
  }

  @Test
  void unknownLeafNodeSource() {
    Bytes leaf = WireSamples.leafNode(LeafNodeSource.UPDATE).encoded();
    int sourceOffset = 3 + 3 + 8 + WireSamples.capabilities().encoded().length();
    assertThat(leaf.get(sourceOffset)).isEqualTo((byte) 2);
    byte[] bad = leaf.toByteArray();
    bad[sourceOffset] = 4;
    DecodeException e =
        catchThrowableOfType(
            () -> TlsReader.decodeAll(Bytes.wrap(bad), LeafNode::decode), DecodeException.class);
    assertThat(e.offset()).isEqualTo(sourceOffset);
  }

  @Test
  void truncatedKeyPackage() {
    String encoded = WireSamples.keyPackage().encoded().toHex();
    String truncated = encoded.substring(0, encoded.length() - 2);
    // The signature<V> header says 2 bytes, only 1 remains.
    DecodeException e = decodeError(truncated, KeyPackage::decode);
    assertThat(e.offset()).isEqualTo(truncated.length() / 2 - 1);
  }

  @Test
  void trailingBytesAfterAStruct() {
    DecodeException e = decodeError("00000001" + "ff", Remove::decodeBody);
    assertThat(e.offset()).isEqualTo(4);
  }

  @Test
  void nonMinimalLengthInsideAStruct() {
    // ExternalInit { kem_output<V> } with the length 1 written as 0x4001.
    assertThat(decodeError("4001" + "aa", ExternalInit::decodeBody).offset()).isEqualTo(0);
  }
}
