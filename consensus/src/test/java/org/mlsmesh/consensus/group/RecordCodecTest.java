package org.mlsmesh.consensus.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.CommitClass;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.Rank;
import org.mlsmesh.consensus.mls.CommitRecordWire;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.tree.LeafIndex;

/** The final records a member stores, with what it remembers of rejoins across a restart. */
class RecordCodecTest {
  private static final CommitRecord RECORD =
      new CommitRecord(
          CommitId.of(Bytes.fromHex("01".repeat(32))),
          EpochId.of(Bytes.fromHex("02".repeat(32))),
          7,
          CommitClass.UPDATE_ONLY,
          LeafIndex.of(3),
          new Rank(42));

  @Test
  void recordsAndRejoinNotesRoundTrip() throws DecodeException {
    Map<Bytes, Long> departed = new LinkedHashMap<>();
    departed.put(Bytes.fromHex("aa11"), 1_700_000_000_123L);
    departed.put(Bytes.fromHex("bb22"), 1_700_000_004_000L);
    RejoinNotes notes = new RejoinNotes(5, 12, 4, departed);

    RecordCodec.FinalRecords back = RecordCodec.decode(RecordCodec.encode(List.of(RECORD), notes));

    assertThat(back.records()).containsExactly(RECORD);
    assertThat(back.notes()).isEqualTo(notes);
    assertThat(back.notes().departed().keySet())
        .containsExactly(Bytes.fromHex("aa11"), Bytes.fromHex("bb22"));
  }

  @Test
  void noNotesReadBackAsNone() throws DecodeException {
    assertThat(RecordCodec.decode(RecordCodec.encodeAll(List.of(RECORD))).notes())
        .isEqualTo(RejoinNotes.NONE);
  }

  @Test
  void recordsStoredBeforeTheNotesStillRead() throws DecodeException {
    TlsWriter body = new TlsWriter();
    CommitRecordWire.write(body, RECORD);
    Bytes version2 = new TlsWriter().u16(2).vlBytes(body.toBytes()).toBytes();

    RecordCodec.FinalRecords back = RecordCodec.decode(version2);

    assertThat(back.records()).containsExactly(RECORD);
    assertThat(back.notes()).isEqualTo(RejoinNotes.NONE);
  }

  @Test
  void tooManyDepartedMembersAreRefused() {
    TlsWriter departed = new TlsWriter();
    for (int i = 0; i <= RecordCodec.MAX_DEPARTED; i++) {
      departed.vlBytes(Bytes.fromHex(String.format("%08x", i))).u64(i);
    }
    Bytes encoded =
        new TlsWriter()
            .u16(3)
            .vlBytes(Bytes.EMPTY)
            .u64(-1)
            .u64(-1)
            .u64(-1)
            .vlBytes(departed.toBytes())
            .toBytes();

    assertThatThrownBy(() -> RecordCodec.decode(encoded))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("more than 1024 departed members");
  }

  @Test
  void anUnknownVersionIsNamed() {
    Bytes encoded = new TlsWriter().u16(9).vlBytes(Bytes.EMPTY).toBytes();

    assertThatThrownBy(() -> RecordCodec.decode(encoded))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("records version 9");
  }
}
