package org.mlsmesh.consensus.group;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WelcomesTest {
  @Test
  void theFirstHalfMinuteRetriesEveryTwoSecondsThenBacksOffToAMinute() {
    long elapsed = 0;
    int sendings = 1;
    while (elapsed + Welcomes.retryDelayMillis(sendings) <= 30_000) {
      elapsed += Welcomes.retryDelayMillis(sendings);
      sendings++;
    }
    // At 50% loss, sixteen sendings in a row are all lost once in 65,000 invitations.
    assertThat(sendings).isEqualTo(16);
    assertThat(Welcomes.retryDelayMillis(1)).isEqualTo(1_000);
    assertThat(Welcomes.retryDelayMillis(15)).isEqualTo(2_000);
    assertThat(Welcomes.retryDelayMillis(16)).isEqualTo(4_000);
    assertThat(Welcomes.retryDelayMillis(17)).isEqualTo(8_000);
    assertThat(Welcomes.retryDelayMillis(20)).isEqualTo(60_000);
    assertThat(Welcomes.retryDelayMillis(Integer.MAX_VALUE)).isEqualTo(60_000);
  }

  @Test
  void anInviteeOfflineForADayCostsAboutFifteenHundredSendings() {
    long elapsed = 0;
    int sendings = 1;
    while (elapsed < GroupEngine.WELCOME_MAX_AGE_MILLIS) {
      elapsed += Welcomes.retryDelayMillis(sendings);
      sendings++;
    }
    assertThat(sendings).isBetween(1_400, 1_500);
  }
}
