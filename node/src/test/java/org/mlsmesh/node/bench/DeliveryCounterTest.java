package org.mlsmesh.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.node.MessageId;
import org.mlsmesh.node.MlsNodeEvent;
import org.mlsmesh.protocol.codec.Bytes;

class DeliveryCounterTest {
  private static final GroupId GROUP = GroupId.of(Bytes.of(new byte[] {1}));
  private static final GroupId OTHER_GROUP = GroupId.of(Bytes.of(new byte[] {2}));

  private static MlsNodeEvent.MessageReceived message(GroupId group, int id) {
    return new MlsNodeEvent.MessageReceived(
        group, Optional.empty(), MessageId.of(Bytes.of(new byte[] {(byte) id})), Bytes.EMPTY);
  }

  @Test
  void countsOnlyTheApplicationMessagesOfItsGroup() {
    DeliveryCounter counter = new DeliveryCounter(GROUP);
    counter.onEvent(message(GROUP, 1));
    counter.onEvent(message(OTHER_GROUP, 2));
    counter.onEvent(new MlsNodeEvent.MemberJoined(GROUP, MemberId.of(Bytes.of(new byte[] {3}))));
    counter.onEvent(message(GROUP, 3));
    assertThat(counter.delivered()).isEqualTo(2);
  }

  @Test
  void awaitReturnsOnceAnotherThreadDeliveredEnough() throws Exception {
    DeliveryCounter counter = new DeliveryCounter(GROUP);
    Thread deliverer =
        new Thread(
            () -> {
              for (int i = 0; i < 3; i++) {
                counter.onEvent(message(GROUP, i));
              }
            });
    deliverer.start();
    counter.awaitAtLeast(3, 10, TimeUnit.SECONDS);
    deliverer.join();
    assertThat(counter.delivered()).isEqualTo(3);
  }

  @Test
  void awaitFailsWithTheCountsWhenTooFewArrive() {
    DeliveryCounter counter = new DeliveryCounter(GROUP);
    counter.onEvent(message(GROUP, 1));
    assertThatThrownBy(() -> counter.awaitAtLeast(2, 20, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("delivered 1 of 2");
  }
}
