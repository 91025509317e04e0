package org.mlsmesh.consensus.mls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.mlsmesh.consensus.Beacon;
import org.mlsmesh.consensus.CommitClass;
import org.mlsmesh.consensus.CommitId;
import org.mlsmesh.consensus.CommitRecord;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.consensus.Rank;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.group.GroupState;
import org.mlsmesh.protocol.tree.LeafIndex;

class ConsensusMessageTest {
  private static final Bytes GROUP = MlsTestGroup.GROUP_ID;

  private static CommitRecord record(int i) {
    return new CommitRecord(
        CommitId.of(Bytes.of(new byte[] {(byte) i, 1})),
        EpochId.of(Bytes.of(new byte[] {(byte) i, 2})),
        i,
        CommitClass.values()[i % 3],
        LeafIndex.of(i),
        new Rank(-i),
        i % 2 == 0 ? OptionalLong.empty() : OptionalLong.of(i / 2)); // some are rejoins
  }

  /** A signed beacon from leaf 1 in epoch 1 with {@code records} written by hand. */
  private static Bytes rawBeacon(Bytes epochId, TlsWriter.Body records) {
    return rawBeacon(epochId, 1, records);
  }

  /** A signed beacon from leaf 1 in epoch 1, final up to {@code finalEpoch}, written by hand. */
  private static Bytes rawBeacon(Bytes epochId, long finalEpoch, TlsWriter.Body records) {
    return new TlsWriter()
        .u16(ConsensusMessage.VERSION)
        .vlBytes(GROUP)
        .u8(1)
        .u32(1)
        .u64(1)
        .vlBytes(epochId)
        .u64(finalEpoch)
        .vector(records)
        .vlBytes(Bytes.fromHex("51"))
        .toBytes();
  }

  /** A record's fields up to its rank, with commit class {@code commitClass}. */
  private static TlsWriter rawRecord(TlsWriter w, int commitClass) {
    return w.vlBytes(Bytes.fromHex("01"))
        .vlBytes(Bytes.fromHex("02"))
        .u64(0)
        .u8(commitClass)
        .u32(0)
        .u64(0);
  }

  private static Beacon beacon(int from, int records) {
    List<CommitRecord> recent = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      recent.add(record(i));
    }
    return new Beacon(LeafIndex.of(from), 7, EpochId.of(Bytes.fromHex("0e0e")), 5, recent);
  }

  @Test
  void everyMessageRoundTrips() throws Exception {
    List<ConsensusMessage> messages =
        List.of(
            new ConsensusMessage.SignedBeacon(GROUP, beacon(3, 5), Bytes.fromHex("5151")),
            new ConsensusMessage.SignedBeacon(GROUP, beacon(0, 0), Bytes.fromHex("51")),
            new ConsensusMessage.CommitPull(
                GROUP, LeafIndex.of(4), List.of(record(1).commit(), record(2).commit())),
            new ConsensusMessage.RecordsPull(GROUP, LeafIndex.of(9), 12));
    for (ConsensusMessage m : messages) {
      assertThat(Beacons.decode(m.encode())).isEqualTo(m);
    }
  }

  @Test
  @CoversMesh(MeshCode.CONSENSUS_VERSION_UNSUPPORTED)
  void otherVersionIsRejected() {
    Bytes wire = new ConsensusMessage.RecordsPull(GROUP, LeafIndex.of(1), 0).encode();
    byte[] bytes = wire.toByteArray();
    bytes[1] = 2; // the second version: beacons without final_epoch
    assertThatThrownBy(() -> Beacons.decode(Bytes.of(bytes)))
        .isInstanceOf(MeshException.class)
        .hasMessageContaining("CONSENSUS_VERSION_UNSUPPORTED")
        .hasMessageContaining("version 2");
  }

  @Test
  @CoversMesh(MeshCode.CONSENSUS_MESSAGE_MALFORMED)
  void malformedMessagesAreRejectedWithField() {
    Bytes beacon =
        new ConsensusMessage.SignedBeacon(GROUP, beacon(3, 2), Bytes.fromHex("51")).encode();
    List<Bytes> bad = new ArrayList<>();
    bad.add(beacon.slice(0, beacon.length() - 1)); // truncated
    bad.add(Bytes.concat(beacon, Bytes.fromHex("00"))); // trailing
    bad.add(
        Bytes.concat(
            new TlsWriter()
                .u16(ConsensusMessage.VERSION)
                .vlBytes(GROUP)
                .u8(9)
                .toBytes())); // unknown type
    // An empty signature, an unknown commit class, an oversize epoch id, too many records.
    bad.add(
        Bytes.concat(
            new TlsWriter().u16(ConsensusMessage.VERSION).vlBytes(GROUP).u8(1).toBytes(),
            beaconBody(beacon(1, 1)),
            new TlsWriter().vlBytes(Bytes.EMPTY).toBytes()));
    bad.add(rawBeacon(Bytes.fromHex("01"), w -> rawRecord(w, 3).u8(0)));
    bad.add(rawBeacon(Bytes.of(new byte[65]), w -> {}));
    bad.add(
        rawBeacon(
            Bytes.fromHex("01"),
            w -> {
              for (int i = 0; i <= ConsensusMessage.MAX_RECORDS; i++) {
                rawRecord(w, 0).u8(0);
              }
            }));
    // A final epoch after the beacon's epoch, and one above 2^63.
    bad.add(rawBeacon(Bytes.fromHex("01"), 2, w -> {}));
    bad.add(rawBeacon(Bytes.fromHex("01"), -1, w -> {}));
    // A rejoin_since whose presence byte is neither 0 nor 1.
    bad.add(rawBeacon(Bytes.fromHex("01"), w -> rawRecord(w, 0).u8(2).u64(0)));
    // A pull of no commits, and a length that claims more than there is.
    bad.add(
        new TlsWriter()
            .u16(ConsensusMessage.VERSION)
            .vlBytes(GROUP)
            .u8(2)
            .u32(0)
            .vector(w -> {})
            .toBytes());
    bad.add(Bytes.fromHex("0003" + "3fff"));
    for (Bytes wire : bad) {
      assertThatThrownBy(() -> Beacons.decode(wire))
          .as(wire.toHex())
          .isInstanceOf(MeshException.class)
          .hasMessageContaining("CONSENSUS_MESSAGE_MALFORMED")
          .hasMessageContaining("offset");
    }
  }

  private static Bytes beaconBody(Beacon b) {
    Bytes signed = ConsensusMessage.signedContent(Bytes.EMPTY, b);
    return signed.slice(1, signed.length()); // drop the empty group id's length byte
  }

  @Test
  void signedBeaconVerifiesAtAnotherMember() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 31, true);
    GroupState sender = group.genesis.get(1);
    Beacon b = new Beacon(sender.ownLeaf(), 1, EpochId.of(Bytes.fromHex("01")), List.of(record(1)));
    ConsensusMessage.SignedBeacon signed = Beacons.sign(sender, b, group.signers.get(1));
    ConsensusMessage decoded = Beacons.decode(signed.encode());
    assertThat(Beacons.verify((ConsensusMessage.SignedBeacon) decoded, group.genesis.get(2)))
        .isEqualTo(b);
  }

  @Test
  @CoversMesh(MeshCode.BEACON_SIGNATURE_INVALID)
  void beaconWithBadSignatureIsRejected() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 37, true);
    GroupState sender = group.genesis.get(1);
    Beacon b = new Beacon(sender.ownLeaf(), 1, EpochId.of(Bytes.fromHex("01")), List.of());
    // Signed by member 2's key for member 1's leaf.
    ConsensusMessage.SignedBeacon forged = Beacons.sign(sender, b, group.signers.get(2));
    assertThatThrownBy(() -> Beacons.verify(forged, group.genesis.get(0)))
        .isInstanceOf(MeshException.class)
        .hasMessageContaining("BEACON_SIGNATURE_INVALID");
    // A record changed after signing.
    ConsensusMessage.SignedBeacon good = Beacons.sign(sender, b, group.signers.get(1));
    ConsensusMessage.SignedBeacon tampered =
        new ConsensusMessage.SignedBeacon(
            good.groupId(), new Beacon(b.from(), 2, b.epochId(), b.recent()), good.signature());
    assertThatThrownBy(() -> Beacons.verify(tampered, group.genesis.get(0)))
        .isInstanceOf(MeshException.class)
        .hasMessageContaining("BEACON_SIGNATURE_INVALID");
  }

  @Test
  @CoversMesh(MeshCode.BEACON_SENDER_UNKNOWN)
  void beaconFromUnknownLeafIsRejected() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 41, true);
    Beacon b = new Beacon(LeafIndex.of(77), 1, EpochId.of(Bytes.fromHex("01")), List.of());
    ConsensusMessage.SignedBeacon signed =
        Beacons.sign(group.genesis.get(1), b, group.signers.get(1));
    assertThatThrownBy(() -> Beacons.verify(signed, group.genesis.get(0)))
        .isInstanceOf(MeshException.class)
        .hasMessageContaining("BEACON_SENDER_UNKNOWN");
  }

  @Test
  @CoversMesh(MeshCode.BEACON_GROUP_MISMATCH)
  void beaconForAnotherGroupIsRejected() throws Exception {
    MlsTestGroup group = new MlsTestGroup(3, 43, true);
    GroupState sender = group.genesis.get(1);
    Beacon b = new Beacon(sender.ownLeaf(), 1, EpochId.of(Bytes.fromHex("01")), List.of());
    ConsensusMessage.SignedBeacon signed = Beacons.sign(sender, b, group.signers.get(1));
    ConsensusMessage.SignedBeacon moved =
        new ConsensusMessage.SignedBeacon(Bytes.fromHex("99"), b, signed.signature());
    assertThatThrownBy(() -> Beacons.verify(moved, group.genesis.get(0)))
        .isInstanceOf(MeshException.class)
        .hasMessageContaining("BEACON_GROUP_MISMATCH");
  }
}
