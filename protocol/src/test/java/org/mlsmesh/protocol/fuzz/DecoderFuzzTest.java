package org.mlsmesh.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.fuzz.DecoderEntryPoints.EntryPoint;

/**
 * Every decoder entry point over arbitrary bytes: the first byte picks the entry point, the rest is
 * decoded. A decoder may only return or throw {@link DecodeException}; what it returns must
 * re-encode to exactly the input (the codec is strict: minimal varints, no trailing bytes, no
 * second encoding of one value). Seeds: {@code DecoderFuzzTestInputs/decode/}, from the official
 * vectors ({@link SeedCorpusWriter}).
 */
class DecoderFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void decode(byte[] input) {
    if (input.length == 0) {
      return;
    }
    EntryPoint entry =
        DecoderEntryPoints.ALL.get((input[0] & 0xff) % DecoderEntryPoints.ALL.size());
    Bytes body = Bytes.of(input, 1, input.length - 1);
    Optional<Bytes> reencoded;
    try {
      reencoded = entry.decodeAndReencode(body);
    } catch (DecodeException e) {
      return;
    }
    if (reencoded.isPresent() && !reencoded.get().equals(body)) {
      throw new AssertionError(
          entry.name() + " decoded " + body.toHex() + " but re-encodes to " + reencoded.get());
    }
  }
}
