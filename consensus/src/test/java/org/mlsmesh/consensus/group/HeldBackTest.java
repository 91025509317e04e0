package org.mlsmesh.consensus.group;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

/** What a partition held back is not network delay; what loss delayed is. */
class HeldBackTest {
  private static final Bytes ALICE = Bytes.fromHex("a1");
  private static final Bytes BOB = Bytes.fromHex("b0");
  private static final long WINDOW = 1_000;
  private static final long TYPICAL = 500;

  @Test
  void messagesHeldBackByACutAreNotMeasured() {
    HeldBack h = new HeldBack();
    assertThat(h.isNetworkDelay(ALICE, 0, 80, WINDOW, TYPICAL)).isTrue();
    // Cut from 100 to 9,000: Alice's messages of 1,000..8,000 arrive in a burst after the heal.
    assertThat(h.isNetworkDelay(ALICE, 1_000, 9_050, WINDOW, TYPICAL)).isFalse();
    assertThat(h.isNetworkDelay(ALICE, 5_000, 9_060, WINDOW, TYPICAL)).isFalse();
    assertThat(h.isNetworkDelay(ALICE, 8_000, 9_300, WINDOW, TYPICAL)).isFalse();
    // Sent after we heard her again: measured, however slow.
    assertThat(h.isNetworkDelay(ALICE, 9_600, 10_100, WINDOW, TYPICAL)).isTrue();
    assertThat(h.isNetworkDelay(ALICE, 9_100, 10_400, WINDOW, TYPICAL)).isTrue();
    // One sent during the cut that came within the typical delay anyway: measured; one that took
    // longer, though within the window, is not (those would widen the window step by step).
    assertThat(h.isNetworkDelay(ALICE, 8_950, 9_400, WINDOW, TYPICAL)).isTrue();
    assertThat(h.isNetworkDelay(ALICE, 8_600, 9_410, WINDOW, TYPICAL)).isFalse();
  }

  @Test
  void aBeaconAfterTheCutCountsAsHearingAgain() {
    HeldBack h = new HeldBack();
    h.heard(ALICE, 0, WINDOW);
    h.heard(ALICE, 9_000, WINDOW); // her beacon came first after the heal
    assertThat(h.isNetworkDelay(ALICE, 4_000, 9_100, WINDOW, TYPICAL)).isFalse();
  }

  @Test
  void slowDeliveriesFromAMemberHeardMeanwhileAreMeasured() {
    HeldBack h = new HeldBack();
    // Loss: Bob's message of 1,000 is repaired at 3,500 while his later ones kept arriving.
    for (long t = 0; t <= 3_400; t += 200) {
      assertThat(h.isNetworkDelay(BOB, t, t + 60, WINDOW, TYPICAL)).isTrue();
    }
    assertThat(h.isNetworkDelay(BOB, 1_000, 3_500, WINDOW, TYPICAL)).isTrue();
  }

  @Test
  void theFirstMessageEverFromAMemberIsMeasured() {
    HeldBack h = new HeldBack();
    assertThat(h.isNetworkDelay(BOB, 0, 5_000, WINDOW, TYPICAL)).isTrue();
    assertThat(h.isNetworkDelay(ALICE, 0, 50, WINDOW, TYPICAL)).isTrue();
    // A quiet member that speaks again after a long silence: a fast delivery still counts.
    assertThat(h.isNetworkDelay(ALICE, 60_000, 60_090, WINDOW, TYPICAL)).isTrue();
  }
}
