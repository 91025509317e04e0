package org.mlsmesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkChoiceSettingsTest {
  @TempDir Path dir;

  private static ForkChoiceSettings parse(String hocon) {
    return ConfigLoader.from(ConfigFactory.parseString(hocon)).forkChoice();
  }

  private static void assertRefused(String hocon, String key, String... fragments) {
    assertThatThrownBy(() -> parse(hocon))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
        .hasMessageContainingAll(fragments);
  }

  @Test
  void defaultsAreTheDocumentedValues() {
    ForkChoiceSettings f = ConfigLoader.defaults().forkChoice();
    assertThat(f.measuredSettleWindow()).isTrue();
    assertThat(f.settleWindowInitial()).isEqualTo(Duration.ofSeconds(2));
    assertThat(f.settleWindowFactor()).isEqualTo(2);
    assertThat(f.settleWindowMin()).isEqualTo(Duration.ofMillis(500));
    assertThat(f.settleWindowMax()).isEqualTo(Duration.ofSeconds(60));
    assertThat(f.proposalPreference()).isEqualTo(Duration.ofMillis(500));
    assertThat(f.rankStep()).isEqualTo(Duration.ofMillis(100));
    assertThat(f.maxCommitDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(f.maxResends()).isEqualTo(5);
    assertThat(f.sentLogCapacity()).isEqualTo(4096);
    assertThat(f.deliveredIdsCapacity()).isEqualTo(100_000);
    assertThat(f.maxRetainedEpochs()).isEqualTo(64);
    assertThat(f.historyEpochs()).isEqualTo(1024);
    assertThat(f.beaconCommits()).isEqualTo(16);
    assertThat(f.maxBufferedCommits()).isEqualTo(256);
    assertThat(f.bufferTtl()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aDurationFixesTheSettleWindowAndMeasuredIgnoresCase() {
    assertThat(parse("mlsmesh.fork-choice.settle-window = 300ms").fixedSettleWindow())
        .isEqualTo(Optional.of(Duration.ofMillis(300)));
    assertThat(parse("mlsmesh.fork-choice.settle-window = MEASURED").measuredSettleWindow())
        .isTrue();
    ForkChoiceSettings f =
        parse("mlsmesh.fork-choice { max-resends = 0, history-epochs = 16, beacon-commits = 16 }");
    assertThat(f.maxResends()).isZero();
    assertThat(f.beaconCommits()).isEqualTo(16);
  }

  @Test
  void aSettleWindowThatIsNeitherMeasuredNorADurationIsRefused() {
    assertRefused(
        "mlsmesh.fork-choice.settle-window = soon",
        "mlsmesh.fork-choice.settle-window",
        "must be measured or a duration",
        "\"soon\"");
    assertRefused(
        "mlsmesh.fork-choice.settle-window = [1, 2]",
        "mlsmesh.fork-choice.settle-window",
        "must be measured or a duration",
        "[1,2]");
    assertRefused(
        "mlsmesh.fork-choice.settle-window = 0ms",
        "mlsmesh.fork-choice.settle-window",
        "between 1ms and 3600000ms",
        "\"0ms\"");
  }

  @Test
  void wrongTypesNameKeyValueAndReason() {
    assertRefused(
        "mlsmesh.fork-choice.max-resends = many",
        "mlsmesh.fork-choice.max-resends",
        "must be an integer",
        "\"many\"");
    assertRefused(
        "mlsmesh.fork-choice.buffer-ttl = forever",
        "mlsmesh.fork-choice.buffer-ttl",
        "must be a duration",
        "forever");
  }

  @Test
  void outOfRangeAndInconsistentValuesAreRefused() {
    assertRefused(
        "mlsmesh.fork-choice.max-resends = -1",
        "mlsmesh.fork-choice.max-resends",
        "between 0 and 1000",
        "-1");
    assertRefused(
        "mlsmesh.fork-choice { settle-window-min = 2s, settle-window-max = 1s }",
        "mlsmesh.fork-choice.settle-window-max",
        "between 2000ms and 3600000ms",
        "1s");
    assertRefused(
        "mlsmesh.fork-choice { history-epochs = 8, beacon-commits = 9 }",
        "mlsmesh.fork-choice.beacon-commits",
        "between 1 and 8",
        "9");
    assertRefused(
        "mlsmesh.fork-choice { proposal-preference = 2s, max-commit-delay = 1s }",
        "mlsmesh.fork-choice.max-commit-delay",
        "between 2000ms",
        "1s");
    assertRefused(
        "mlsmesh.fork-choice.settle-window-factor = 0",
        "mlsmesh.fork-choice.settle-window-factor",
        "between 1 and 100");
  }

  @Test
  void aBadValueInAFileNamesTheFileAndLine() throws Exception {
    Path conf = dir.resolve("node.conf");
    Files.writeString(conf, "# fork choice\nmlsmesh.fork-choice.settle-window = later\n");
    assertThatThrownBy(() -> ConfigLoader.load(conf))
        .isInstanceOf(ConfigException.class)
        .hasMessageContainingAll(
            "mlsmesh.fork-choice.settle-window", "later", "node.conf", "2", "measured");
  }
}
