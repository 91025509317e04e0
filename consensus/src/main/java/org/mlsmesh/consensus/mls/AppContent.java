package org.mlsmesh.consensus.mls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mlsmesh.consensus.AppMessageId;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * The application_data of a mesh application message (RFC 9420 §6.3, encrypted): the id the message
 * keeps across re-sends on the winning branch of a fork, and the payload; or, in one MLS message,
 * several messages sent again together (a bundle: one generation of the sender's ratchet, not one
 * per message, so that a burst of re-sends reordered on its way never falls out of a receiver's
 * out-of-order window, RFC 9420 §9.2).
 *
 * <pre>
 * struct {
 *   uint8 version = 1;
 *   opaque id&lt;V&gt;;        // 1..64 bytes
 *   opaque payload&lt;V&gt;;
 * } MeshApplication;
 *
 * struct {
 *   uint8 version = 2;
 *   uint16 count;           // 1..MAX_BUNDLE
 *   struct { opaque id&lt;V&gt;; opaque payload&lt;V&gt;; } messages[count];
 * } MeshApplicationBundle;
 * </pre>
 */
public record AppContent(AppMessageId id, Bytes payload) {
  public static final int VERSION = 1;
  public static final int BUNDLE_VERSION = 2;
  public static final int MAX_ID = 64;

  /** The most messages in one bundle. */
  public static final int MAX_BUNDLE = 1_024;

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

  /** One message as it is sent: a bundle of one is sent as {@link #VERSION} 1. */
  public static Bytes encodeAll(List<AppContent> contents) {
    if (contents.isEmpty() || contents.size() > MAX_BUNDLE) {
      throw new IllegalArgumentException("a bundle of " + contents.size() + " messages");
    }
    if (contents.size() == 1) {
      return contents.get(0).encode();
    }
    TlsWriter w = new TlsWriter().u8(BUNDLE_VERSION).u16(contents.size());
    for (AppContent c : contents) {
      w.vlBytes(c.id().value()).vlBytes(c.payload());
    }
    return w.toBytes();
  }

  /** The one message of a {@link #VERSION} 1 content; refuses a bundle. */
  public static AppContent decode(Bytes data) throws MeshException {
    List<AppContent> all = decodeAll(data);
    if (all.size() != 1) {
      throw new MeshException(
          MeshCode.APPLICATION_CONTENT_MALFORMED,
          "application_data: a bundle of " + all.size() + ", expected one message");
    }
    return all.get(0);
  }

  /** The messages of an application_data: one, or a bundle's. */
  public static List<AppContent> decodeAll(Bytes data) throws MeshException {
    try {
      return TlsReader.decodeAll(
          data,
          r -> {
            int version = r.u8();
            if (version == VERSION) {
              return List.of(item(r));
            }
            if (version != BUNDLE_VERSION) {
              throw r.error(
                  "application version "
                      + version
                      + " (supported: "
                      + VERSION
                      + ", "
                      + BUNDLE_VERSION
                      + ")");
            }
            int count = r.u16();
            if (count < 2 || count > MAX_BUNDLE) {
              throw r.error("a bundle of " + count + " messages (2.." + MAX_BUNDLE + ")");
            }
            List<AppContent> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              items.add(item(r));
            }
            return List.copyOf(items);
          });
    } catch (DecodeException e) {
      throw new MeshException(
          MeshCode.APPLICATION_CONTENT_MALFORMED, "application_data: " + e.getMessage(), e);
    }
  }

  private static AppContent item(TlsReader r) throws DecodeException {
    Bytes id = r.vlBytes();
    if (id.isEmpty() || id.length() > MAX_ID) {
      throw r.error("message id of " + id.length() + " bytes (1.." + MAX_ID + ")");
    }
    return new AppContent(AppMessageId.of(id), r.vlBytes());
  }
}
