package org.mlsmesh.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.DecodeException;
import org.mlsmesh.protocol.fuzz.DecoderEntryPoints.EntryPoint;

/** The decoders' seed corpus is complete and still valid: it must start the fuzzer on real data. */
class DecoderSeedsTest {
  private static List<Path> seeds() throws IOException, URISyntaxException {
    Path dir = Path.of(DecoderSeedsTest.class.getResource("DecoderFuzzTestInputs/decode").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> !f.getFileName().toString().startsWith("crash-")).sorted().toList();
    }
  }

  @Test
  void everyEntryPointHasASeed() throws Exception {
    List<String> names = seeds().stream().map(f -> f.getFileName().toString()).toList();
    for (EntryPoint entry : DecoderEntryPoints.ALL) {
      String prefix = entry.name().replace('/', '-') + "-";
      assertThat(names).as("seeds of %s", entry.name()).anyMatch(n -> n.startsWith(prefix));
    }
  }

  @Test
  void everySeedDecodesWithItsEntryPointAndReencodesExactly() throws Exception {
    for (Path seed : seeds()) {
      byte[] input = Files.readAllBytes(seed);
      EntryPoint entry = DecoderEntryPoints.ALL.get(input[0] & 0xff);
      String name = seed.getFileName().toString();
      assertThat(name).startsWith(entry.name().replace('/', '-') + "-");
      Bytes body = Bytes.of(input, 1, input.length - 1);
      try {
        entry.decodeAndReencode(body).ifPresent(out -> assertThat(out).as(name).isEqualTo(body));
      } catch (DecodeException e) {
        throw new AssertionError(name + " does not decode", e);
      }
    }
  }
}
