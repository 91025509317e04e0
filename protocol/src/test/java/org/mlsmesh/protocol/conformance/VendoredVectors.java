package org.mlsmesh.protocol.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The official vectors vendored under {@code src/test/resources/test-vectors}, by SHA256SUMS. */
final class VendoredVectors {
  static final String FOLDER = "/test-vectors/";

  private VendoredVectors() {}

  static InputStream open(String fileName) {
    InputStream in = VendoredVectors.class.getResourceAsStream(FOLDER + fileName);
    if (in == null) {
      throw new AssertionError("missing vendored vector file " + FOLDER + fileName);
    }
    return in;
  }

  /** Lines of SHA256SUMS as (hex digest, file name). */
  static List<String[]> sums() {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(open("SHA256SUMS"), StandardCharsets.UTF_8))) {
      List<String[]> out = new ArrayList<>();
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(line.trim().split("\\s+\\*?", 2));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> fileNames() {
    return sums().stream().map(s -> s[1]).sorted().toList();
  }
}
