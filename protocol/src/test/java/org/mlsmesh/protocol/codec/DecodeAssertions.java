package org.mlsmesh.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Assertions for negative decoding tests. */
public final class DecodeAssertions {
  private DecodeAssertions() {}

  /** Decodes {@code hex} completely with {@code decoder}, expecting a DecodeException. */
  public static DecodeException decodeError(String hex, TlsReader.Decoder<?> decoder) {
    DecodeException e =
        catchThrowableOfType(
            () -> TlsReader.decodeAll(Bytes.fromHex(hex), decoder), DecodeException.class);
    assertThat(e).as("decoding %s fails", hex).isNotNull();
    return e;
  }
}
