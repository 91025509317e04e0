package org.mlsmesh.protocol.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The vendored vectors are the official files, unmodified: each matches SHA256SUMS. */
class VendoredVectorsIntegrityTest {
  @TestFactory
  Stream<DynamicTest> eachFileMatchesItsDigest() {
    assertThat(VendoredVectors.sums()).hasSizeGreaterThanOrEqualTo(14);
    return VendoredVectors.sums().stream()
        .map(
            sum ->
                DynamicTest.dynamicTest(
                    sum[1], () -> assertThat(sha256(sum[1])).as(sum[1]).isEqualTo(sum[0])));
  }

  private static String sha256(String fileName) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = VendoredVectors.open(fileName)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
