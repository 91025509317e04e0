package org.mlsmesh.protocol.credential;

import org.mlsmesh.protocol.codec.CodePoint;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §5.3, §17.5: uint16 CredentialType; the types this implementation understands. */
public enum CredentialType implements CodePoint {
  BASIC(1),
  X509(2);

  public final int code;

  CredentialType(int code) {
    this.code = code;
  }

  /** Reads a credential type; an unknown one is a decode error at its offset. */
  public static CredentialType decode(TlsReader reader) throws DecodeException {
    return reader.u16CodePoint(values(), "credential type");
  }

  @Override
  public int code() {
    return code;
  }

  public void encode(TlsWriter writer) {
    writer.u16(code);
  }
}
