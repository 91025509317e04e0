package org.mlsmesh.protocol.message;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/**
 * A proposal of a type in the private-use range 0xF000–0xFFFF (RFC 9420 §17.4), whose meaning the
 * application defines. RFC 9420 gives proposal bodies no length, so this library frames a private
 * body as {@code opaque body<V>}: every client using these types must do the same.
 */
public record CustomProposal(int type, Bytes body) implements Proposal {
  public static final int FIRST_PRIVATE_USE = 0xF000;
  public static final int LAST_PRIVATE_USE = 0xFFFF;

  public CustomProposal {
    if (!isPrivateUse(type)) {
      throw new IllegalArgumentException(
          String.format("proposal type 0x%04x is not in the private-use range", type));
    }
    Objects.requireNonNull(body, "body");
  }

  /** Whether {@code type} is in the private-use range of proposal types. */
  public static boolean isPrivateUse(int type) {
    return type >= FIRST_PRIVATE_USE && type <= LAST_PRIVATE_USE;
  }

  @Override
  public Kind kind() {
    return Kind.CUSTOM;
  }

  /** Decodes the body of a custom proposal of {@code type}, without the type. */
  public static CustomProposal decodeBody(int type, TlsReader reader) throws DecodeException {
    return new CustomProposal(type, reader.vlBytes());
  }

  @Override
  public void encodeBody(TlsWriter writer) {
    writer.vlBytes(body);
  }

  @Override
  public String toString() {
    return String.format("CustomProposal[type 0x%04x, %d bytes]", type, body.length());
  }
}
