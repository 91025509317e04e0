package org.mlsmesh.consensus.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.CommitClass;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.Rank;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsWriter;
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
  void aRejoinRecordKeepsItsSharedEpoch() throws DecodeException {
    CommitRecord rejoin =
        new CommitRecord(
            RECORD.commit(),
            RECORD.parent(),
            7,
            CommitClass.ADDS_ONLY,
            LeafIndex.of(3),
            new Rank(42),
            OptionalLong.of(5));
    Secret encoded =
        new SnapshotPayload(Optional.of(rejoin), Optional.empty(), Secret.of(Bytes.fromHex("01")))
            .encode();
    assertThat(SnapshotPayload.decode(encoded).record).contains(rejoin);
    assertThat(RecordCodec.decodeAll(RecordCodec.encodeAll(List.of(rejoin, RECORD))))
        .containsExactly(rejoin, RECORD);
  }

  @Test
  void aFirstVersionPayloadStillReads() throws DecodeException {
    // Stored before records had rejoin_since: version 1, the record without its presence byte.
    TlsWriter w = new TlsWriter().u16(1).u8(1);
    w.vlBytes(RECORD.commit().value())
        .vlBytes(RECORD.parent().value())
        .u64(7)
        .u8(0)
        .u32(3)
        .u64(42)
        .u8(0)
        .vlBytes(Bytes.fromHex("aa"));
    SnapshotPayload back = SnapshotPayload.decode(Secret.of(w.toBytes()));
    assertThat(back.record).contains(RECORD);
    assertThat(back.state.insecureAsBytes()).isEqualTo(Bytes.fromHex("aa"));
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
    assertThatThrownBy(() -> SnapshotPayload.decode(Secret.of(Bytes.fromHex("0003000000"))))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("version 3");
    Secret ok =
        new SnapshotPayload(Optional.empty(), Optional.empty(), Secret.of(Bytes.fromHex("01")))
            .encode();
    Bytes trailing = Bytes.concat(ok.insecureAsBytes(), Bytes.fromHex("00"));
    assertThatThrownBy(() -> SnapshotPayload.decode(Secret.of(trailing)))
        .isInstanceOf(DecodeException.class);
  }
}
