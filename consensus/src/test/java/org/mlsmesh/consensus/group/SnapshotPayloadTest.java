package org.mlsmesh.consensus.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.CommitClass;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.Rank;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.crypto.Secret;
import org.mlsmesh.protocol.tree.LeafIndex;

/** The stored form of a fork snapshot: record, creator and state survive; bad bytes are named. */
class SnapshotPayloadTest {
  private static final CommitRecord RECORD =
      new CommitRecord(
          CommitId.of(Bytes.fromHex("01".repeat(32))),
          EpochId.of(Bytes.fromHex("02".repeat(32))),
          7,
          CommitClass.values()[0],
          LeafIndex.of(3),
          new Rank(42));

  @Test
  void aSnapshotWithItsRecordRoundTrips() throws DecodeException {
    Secret state = Secret.of(Bytes.fromHex("aabbcc"));
    Secret encoded = new SnapshotPayload(Optional.of(RECORD), Optional.empty(), state).encode();
    SnapshotPayload back = SnapshotPayload.decode(encoded);
    assertThat(back.record).contains(RECORD);
    assertThat(back.creator).isEmpty();
    assertThat(back.epochCreator()).contains(LeafIndex.of(3));
    assertThat(back.state.insecureAsBytes()).isEqualTo(Bytes.fromHex("aabbcc"));
  }

  @Test
  void aFirstRootKeepsItsCreator() throws DecodeException {
    Secret encoded =
        new SnapshotPayload(
                Optional.empty(), Optional.of(LeafIndex.of(5)), Secret.of(Bytes.of(new byte[] {1})))
            .encode();
    SnapshotPayload back = SnapshotPayload.decode(encoded);
    assertThat(back.record).isEmpty();
    assertThat(back.epochCreator()).contains(LeafIndex.of(5));
  }

  @Test
  void anUnknownVersionOrTrailingBytesAreRefused() {
    assertThatThrownBy(() -> SnapshotPayload.decode(Secret.of(Bytes.fromHex("0002000000"))))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("version 2");
    Secret ok =
        new SnapshotPayload(Optional.empty(), Optional.empty(), Secret.of(Bytes.fromHex("01")))
            .encode();
    Bytes trailing = Bytes.concat(ok.insecureAsBytes(), Bytes.fromHex("00"));
    assertThatThrownBy(() -> SnapshotPayload.decode(Secret.of(trailing)))
        .isInstanceOf(DecodeException.class);
  }
}
