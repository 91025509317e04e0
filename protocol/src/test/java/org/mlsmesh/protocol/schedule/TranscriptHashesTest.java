package org.mlsmesh.protocol.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mlsmesh.protocol.codec.Bytes;
import org.mlsmesh.protocol.codec.TlsWriter;
import org.mlsmesh.protocol.crypto.CipherSuite;
import org.mlsmesh.protocol.crypto.CryptoProvider;
import org.mlsmesh.protocol.crypto.Secret;

/**
 * The transcript-hashes vectors, with the AuthenticatedContent split by hand: for a Commit it ends
 * with {@code opaque confirmation_tag<V>} (Nh bytes behind their length prefix), and everything
 * before that is the ConfirmedTranscriptHashInput (RFC 9420 §6.1, §8.2).
 */
class TranscriptHashesTest {
  @TestFactory
  Stream<DynamicTest> officialVectorsSplitByHand() throws IOException {
    List<?> cases;
    try (InputStream in = getClass().getResourceAsStream("/test-vectors/transcript-hashes.json")) {
      cases = new ObjectMapper().readValue(in, List.class);
    }
    return cases.stream()
        .map(c -> (Map<?, ?>) c)
        .map(c -> DynamicTest.dynamicTest("suite " + c.get("cipher_suite"), () -> check(c)));
  }

  private static Bytes hex(Map<?, ?> c, String key) {
    return Bytes.fromHex((String) c.get(key));
  }

  private static void check(Map<?, ?> c) {
    CipherSuite suite =
        CipherSuite.fromId(((Number) c.get("cipher_suite")).intValue()).orElseThrow();
    CryptoProvider crypto = suite.crypto();
    int nh = suite.hashLength();
    Bytes content = hex(c, "authenticated_content");
    Bytes tag = content.slice(content.length() - nh, content.length());
    int tagStart = content.length() - encodedLength(tag);
    assertThat(content.slice(tagStart, content.length() - nh)).isEqualTo(prefixOf(tag));
    Bytes confirmedInput = content.slice(0, tagStart);

    Bytes confirmed =
        TranscriptHashes.confirmed(
            crypto, hex(c, "interim_transcript_hash_before"), confirmedInput);
    assertThat(confirmed).isEqualTo(hex(c, "confirmed_transcript_hash_after"));
    assertThat(crypto.mac(Secret.of(hex(c, "confirmation_key")), confirmed)).isEqualTo(tag);
    assertThat(TranscriptHashes.interim(crypto, confirmed, tag))
        .isEqualTo(hex(c, "interim_transcript_hash_after"));

    // The same input rebuilt from its parts: wire_format, FramedContent, signature<V>.
    int wireFormat = ((confirmedInput.get(0) & 0xff) << 8) | (confirmedInput.get(1) & 0xff);
    Bytes signature = lastVector(confirmedInput);
    Bytes framed = confirmedInput.slice(2, confirmedInput.length() - encodedLength(signature));
    assertThat(TranscriptHashes.confirmedInput(wireFormat, framed, signature))
        .isEqualTo(confirmedInput);
  }

  /** The signature<V> at the end: its length prefix is 1 or 2 bytes for the vectors' sizes. */
  private static Bytes lastVector(Bytes input) {
    for (int length = 0; length < 1 << 14; length++) {
      int prefix = length < 64 ? 1 : 2;
      int start = input.length() - length - prefix;
      if (start < 2) {
        break;
      }
      Bytes candidate = input.slice(start + prefix, input.length());
      if (input.slice(start, start + prefix).equals(prefixOf(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError("no signature found");
  }

  private static Bytes prefixOf(Bytes value) {
    Bytes encoded = new TlsWriter().vlBytes(value).toBytes();
    return encoded.slice(0, encoded.length() - value.length());
  }

  private static int encodedLength(Bytes value) {
    return new TlsWriter().vlBytes(value).toBytes().length();
  }
}
