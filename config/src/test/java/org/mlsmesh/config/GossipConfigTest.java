package org.mlsmesh.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GossipConfigTest {
  @Test
  void defaultsComeFromReferenceConf() {
    GossipConfig gossip = ConfigLoader.defaults().gossip();
    assertThat(gossip.seeds()).isEmpty();
    assertThat(gossip.activeViewSize()).isEqualTo(8);
    assertThat(gossip.passiveViewSize()).isEqualTo(30);
    assertThat(gossip.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(gossip.lazyPushDelay()).isEqualTo(Duration.ofMillis(20));
    assertThat(gossip.graftTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(gossip.treeOptimizationGain()).isEqualTo(Duration.ofMillis(10));
    assertThat(gossip.maxFrameBytes()).isEqualTo(1024 * 1024);
    assertThat(gossip.retention()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void overridesWin() {
    GossipConfig gossip =
        ConfigLoader.from(
                ConfigFactory.parseString(
                    "mlsmesh.gossip { seeds = [\"10.0.0.1:7000\"], active-view-size = 4,"
                        + " graft-timeout = 250ms }"))
            .gossip();
    assertThat(gossip.seeds()).containsExactly("10.0.0.1:7000");
    assertThat(gossip.activeViewSize()).isEqualTo(4);
    assertThat(gossip.graftTimeout()).isEqualTo(Duration.ofMillis(250));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "active-view-size = 0 | mlsmesh.gossip.active-view-size | got 0",
        "passive-view-size = 2 | mlsmesh.gossip.passive-view-size | got 2",
        "passive-random-walk-length = 9 | mlsmesh.gossip.passive-random-walk-length | got 9",
        "heartbeat-interval = 0s | mlsmesh.gossip.heartbeat-interval | positive",
        "failure-timeout = 1s | mlsmesh.gossip.failure-timeout | twice",
        "reconnect-backoff-max = 10ms | mlsmesh.gossip.reconnect-backoff-max | at least",
        "seen-cache-ttl = 1m | mlsmesh.gossip.seen-cache-ttl | at least retention",
        "anti-entropy-delay = 1h | mlsmesh.gossip.anti-entropy-delay | below retention",
        "max-frame-bytes = 100 | mlsmesh.gossip.max-frame-bytes | got 100",
        "max-payload-bytes = 2 MiB | mlsmesh.gossip.max-payload-bytes | got 2097152",
        "lazy-push-delay = soon | mlsmesh.gossip.lazy-push-delay | duration",
        "max-frame-bytes = lots | mlsmesh.gossip.max-frame-bytes | size",
        "rate-limit-burst = many | mlsmesh.gossip.rate-limit-burst | integer",
        "seeds = [\"nohost\"] | mlsmesh.gossip.seeds | host:port",
        "seeds = 7 | mlsmesh.gossip.seeds | list",
      })
  void badValueNamesItsKey(String setting, String key, String reason) {
    assertThatThrownBy(
            () -> ConfigLoader.from(ConfigFactory.parseString("mlsmesh.gossip." + setting)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
  }

  @Test
  void withSeedsKeepsEverythingElse() {
    GossipConfig defaults = ConfigLoader.defaults().gossip();
    GossipConfig seeded = defaults.withSeeds(List.of("127.0.0.1:1"));
    assertThat(seeded.seeds()).containsExactly("127.0.0.1:1");
    assertThat(seeded.withSeeds(List.of())).isEqualTo(defaults);
  }
}
