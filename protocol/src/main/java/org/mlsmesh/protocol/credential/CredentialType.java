package org.mlsmesh.protocol.credential;

import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §5.3, §17.5: uint16 CredentialType; the types this implementation understands. */
public enum CredentialType {
  BASIC(1),
  X509(2);

  public final int code;

  CredentialType(int code) {
    this.code = code;
  }

  /** Reads a credential type; an unknown one is a decode error at its offset. */
  public static CredentialType decode(TlsReader reader) throws DecodeException {
    int at = reader.offset();
    int code = reader.u16();
    for (CredentialType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new DecodeException(String.format("unknown credential type 0x%04x", code), at);
  }

  public void encode(TlsWriter writer) {
    writer.u16(code);
  }
}
