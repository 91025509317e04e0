package org.mlsmesh.consensus.mls;

import java.util.Objects;
import org.mlsmesh.consensus.EpochId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * The authenticated_data of every MLS message the mesh sends (RFC 9420 §6: authenticated by the
 * signature and, for a PrivateMessage, the AEAD, but not encrypted): the id of the epoch the
 * message was framed in, which for a Commit is its parent. Receivers look the epoch up by this id
 * (two forks of one epoch number have different ids) and staging checks it.
 *
 * <pre>
 * struct {
 *   uint8 version = 1;
 *   opaque epoch_id&lt;V&gt;;   // at most 64 bytes
 * } MeshHeader;
 * </pre>
 */
public record MeshHeader(EpochId epoch) {
  public static final int VERSION = 1;
  public static final int MAX_EPOCH_ID = 64;

  public MeshHeader {
    Objects.requireNonNull(epoch, "epoch");
    if (epoch.value().length() > MAX_EPOCH_ID) {
      throw new IllegalArgumentException("epoch id longer than " + MAX_EPOCH_ID + " bytes");
    }
  }

  public Bytes encode() {
    return new TlsWriter().u8(VERSION).vlBytes(epoch.value()).toBytes();
  }

  /** Decodes a header. */
  public static MeshHeader decode(Bytes authenticatedData) throws MeshException {
    try {
      return TlsReader.decodeAll(
          authenticatedData,
          r -> {
            int version = r.u8();
            if (version != VERSION) {
              throw r.error("mesh header version " + version + " (supported: " + VERSION + ")");
            }
            Bytes id = r.vlBytes();
            if (id.isEmpty() || id.length() > MAX_EPOCH_ID) {
              throw r.error("epoch id of " + id.length() + " bytes (1.." + MAX_EPOCH_ID + ")");
            }
            return new MeshHeader(EpochId.of(id));
          });
    } catch (DecodeException e) {
      throw new MeshException(
          MeshCode.AUTHENTICATED_DATA_MALFORMED, "authenticated_data: " + e.getMessage(), e);
    }
  }
}
