package org.mlsmesh.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/**
 * A node relays and retains every topic; when it subscribes to one late (a new member of a group),
 * it gets what it retained of it, once, judged by the validator like a new arrival. It used to
 * count those messages as seen and never deliver them.
 */
class LateSubscriptionTest {
  private static final String LATE = "group/late";

  @Test
  void aLateSubscriberGetsWhatItRelayedBeforeOnce() {
    Harness h = new Harness(4, 7, Validator.ACCEPT_ALL);
    h.runUntil(20_000);
    ByteString payload = ByteString.copyFromUtf8("sent before the subscription");
    h.at(h.now, () -> h.input(0, new Input.Publish(LATE, payload)));
    h.runUntil(h.now + 5_000);
    MessageId id = MessageId.ofPayload(payload);
    assertThat(h.delivered.get(2)).noneMatch(d -> d.id().equals(id));

    h.at(h.now, () -> h.input(2, new Input.Subscribe(LATE)));
    h.at(h.now, () -> h.input(2, new Input.Subscribe(LATE)));
    h.runUntil(h.now + 5_000);
    assertThat(h.delivered.get(2))
        .filteredOn(d -> d.id().equals(id))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.topic()).isEqualTo(LATE);
              assertThat(d.payload()).isEqualTo(payload);
            });
  }

  @Test
  void theValidatorJudgesRetainedMessagesOnSubscription() {
    Validator rejectLate =
        (topic, id, payload, from) -> topic.equals(LATE) ? Verdict.IGNORE : Verdict.ACCEPT;
    Harness h = new Harness(4, 8, rejectLate);
    h.runUntil(20_000);
    ByteString payload = ByteString.copyFromUtf8("not acceptable");
    h.at(h.now, () -> h.input(0, new Input.Publish(LATE, payload)));
    h.runUntil(h.now + 5_000);
    h.at(h.now, () -> h.input(2, new Input.Subscribe(LATE)));
    h.runUntil(h.now + 5_000);
    assertThat(h.delivered.get(2)).noneMatch(d -> d.topic().equals(LATE));
  }
}
