package org.mlsmesh.consensus.group;

import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * An application message in the outbox until its epoch is final: what was sent ({@code wire}), in
 * which epoch, and the plaintext, so that a member restarted before that epoch is final can still
 * send it again on another branch if the epoch loses (RFC 9750 §5.2.2). Holds a plaintext: never
 * printed.
 *
 * <pre>
 * struct {
 *   uint8 version = 1;
 *   opaque payload&lt;V&gt;; MLSMessage wire&lt;V&gt;; uint64 epoch; opaque epoch_id&lt;V&gt;;
 * } SentApplication;
 * </pre>
 */
record SentApplication(Bytes payload, Bytes wire, long epoch, EpochId epochId) {
  private static final int VERSION = 1;

  Bytes encode() {
    return new TlsWriter()
        .u8(VERSION)
        .vlBytes(payload)
        .vlBytes(wire)
        .u64(epoch)
        .vlBytes(epochId.value())
        .toBytes();
  }

  static SentApplication decode(Bytes encoded) throws DecodeException {
    return TlsReader.decodeAll(
        encoded,
        r -> {
          int version = r.u8();
          if (version != VERSION) {
            throw r.error("sent application version " + version);
          }
          Bytes payload = r.vlBytes();
          Bytes wire = r.vlBytes();
          long epoch = r.u64();
          Bytes id = r.vlBytes();
          if (epoch < 0 || id.isEmpty()) {
            throw r.error("sent application epoch");
          }
          return new SentApplication(payload, wire, epoch, EpochId.of(id));
        });
  }

  @Override
  public String toString() {
    return "SentApplication[epoch " + epoch + ", " + wire.length() + " bytes]";
  }
}
