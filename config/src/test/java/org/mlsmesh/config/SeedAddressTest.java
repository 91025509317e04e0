package org.mlsmesh.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeedAddressTest {
  private static final String ID = "ab".repeat(32);

  private static void load(String seed) {
    ConfigLoader.from(ConfigFactory.parseString("mlsmesh.gossip.seeds = [\"" + seed + "\"]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:7000", "node.example:1", "[::1]:65535"})
  void hostPortAndPinnedSeedsPass(String seed) {
    assertThatCode(() -> load(seed)).doesNotThrowAnyException();
    assertThatCode(() -> load(ID + "@" + seed)).doesNotThrowAnyException();
  }

  @Test
  void aPinThatIsNotHexIsRefusedAtValidation() {
    assertThatThrownBy(() -> load("zz" + ID.substring(2) + "@127.0.0.1:7000"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("mlsmesh.gossip.seeds: the peer id before '@' must be 64 hex");
  }

  @Test
  void aPinOfTheWrongLengthIsRefused() {
    assertThatThrownBy(() -> load("abcd@127.0.0.1:7000")).hasMessageContaining("64 hex digits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", ":7000", "host:", "host:http", "@host:1"})
  void aBadHostPortIsRefused(String seed) {
    assertThatThrownBy(() -> load(seed)).hasMessageStartingWith("mlsmesh.gossip.seeds: ");
  }

  @Test
  void aHugeSeedIsQuotedShort() {
    assertThatThrownBy(() -> load("x".repeat(1_000_000)))
        .hasMessageContaining("(1000000 characters)")
        .satisfies(
            e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).hasSizeLessThan(200));
  }
}
