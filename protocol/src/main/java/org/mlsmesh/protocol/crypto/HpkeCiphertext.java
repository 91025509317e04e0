package org.mlsmesh.protocol.crypto;

import java.util.Objects;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.codec.Encodable;
import org.mlsmesh.protocol.codec.TlsReader;
import org.mlsmesh.protocol.codec.TlsWriter;

/** RFC 9420 §7.6: {@code struct { opaque kem_output<V>; opaque ciphertext<V>; } HPKECiphertext;} */
public record HpkeCiphertext(Bytes kemOutput, Bytes ciphertext) implements Encodable {
  public HpkeCiphertext {
    Objects.requireNonNull(kemOutput, "kemOutput");
    Objects.requireNonNull(ciphertext, "ciphertext");
  }

  public static HpkeCiphertext decode(TlsReader reader) throws DecodeException {
    return new HpkeCiphertext(reader.vlBytes(), reader.vlBytes());
  }

  @Override
  public void encode(TlsWriter writer) {
    writer.vlBytes(kemOutput).vlBytes(ciphertext);
  }
}
