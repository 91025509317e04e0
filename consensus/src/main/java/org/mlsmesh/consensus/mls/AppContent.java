package org.mlsmesh.consensus.mls;

import java.util.Objects;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * The application_data of a mesh application message (RFC 9420 §6.3, encrypted): the id the message
 * keeps across re-sends on the winning branch of a fork, and the payload.
 *
 * <pre>
 * struct {
 *   uint8 version = 1;
 *   opaque id&lt;V&gt;;        // 1..64 bytes
 *   opaque payload&lt;V&gt;;
 * } MeshApplication;
 * </pre>
 */
public record AppContent(AppMessageId id, Bytes payload) {
  public static final int VERSION = 1;
  public static final int MAX_ID = 64;

  public AppContent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payload, "payload");
    if (id.value().length() > MAX_ID) {
      throw new IllegalArgumentException("application message id longer than " + MAX_ID);
    }
  }

  public Bytes encode() {
    return new TlsWriter().u8(VERSION).vlBytes(id.value()).vlBytes(payload).toBytes();
  }

  public static AppContent decode(Bytes data) throws MeshException {
    try {
      return TlsReader.decodeAll(
          data,
          r -> {
            int version = r.u8();
            if (version != VERSION) {
              throw r.error("application version " + version + " (supported: " + VERSION + ")");
            }
            Bytes id = r.vlBytes();
            if (id.isEmpty() || id.length() > MAX_ID) {
              throw r.error("message id of " + id.length() + " bytes (1.." + MAX_ID + ")");
            }
            return new AppContent(AppMessageId.of(id), r.vlBytes());
          });
    } catch (DecodeException e) {
      throw new MeshException(
          MeshCode.APPLICATION_CONTENT_MALFORMED, "application_data: " + e.getMessage(), e);
    }
  }
}
