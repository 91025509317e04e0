package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * RFC 9420 §13.4: {@code struct { ExtensionType extension_type; opaque extension_data<V>; }
 * Extension;}
 *
 * <p>Extension types are an open registry: every extension is kept as its type and raw data, so
 * unknown ones survive a decode/encode round trip unchanged; known types are parsed from {@link
 * #data()} where they are used.
 */
public record Extension(int type, Bytes data) implements Encodable {
  public static final int APPLICATION_ID = 0x0001;
  public static final int RATCHET_TREE = 0x0002;
  public static final int REQUIRED_CAPABILITIES = 0x0003;
  public static final int EXTERNAL_PUB = 0x0004;
  public static final int EXTERNAL_SENDERS = 0x0005;
  public static final int LAST_RESORT = 0x000a;

  public Extension {
    if (type < 0 || type > 0xffff) {
      throw new IllegalArgumentException("extension type out of range: " + type);
    }
    Objects.requireNonNull(data, "data");
  }

  public static Extension decode(TlsReader reader) throws DecodeException {
    return new Extension(reader.u16(), reader.vlBytes());
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.u16(type).vlBytes(data);
  }
}
