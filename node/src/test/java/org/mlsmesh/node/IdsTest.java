package org.mlsmesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mlsmesh.protocol.codec.Bytes;

class IdsTest {
  private static final String HEX = "0a1b2c3d".repeat(8);

  @Test
  void anIdIsItsBytesPrintedAsLowerCaseHexAndEqualByValue() {
    MemberId member = MemberId.fromHex(HEX.toUpperCase());
    assertThat(member.toString()).isEqualTo(HEX).isEqualTo(member.toHex());
    assertThat(member.bytes()).isEqualTo(Bytes.fromHex(HEX));
    assertThat(member).isEqualTo(MemberId.of(Bytes.fromHex(HEX))).hasSameHashCodeAs(member);
    assertThat(member.isNode()).isTrue();
    assertThat(MemberId.fromHex("01").isNode()).isFalse();

    GroupId group = GroupId.fromHex(HEX);
    assertThat(group.toString()).isEqualTo(HEX);
    assertThat(group).isEqualTo(GroupId.of(Bytes.fromHex(HEX)));
    assertThat((Object) group).as("a group id is no member id").isNotEqualTo(member);
    assertThat(GroupId.fromHex("01")).isLessThan(GroupId.fromHex("02"));

    MessageId message = MessageId.fromHex(HEX);
    assertThat(message).isEqualTo(MessageId.of(Bytes.fromHex(HEX))).hasToString(HEX);
    assertThat((Object) message).as("a message id is no group id").isNotEqualTo(group);
  }

  @Test
  void emptyOverlongAndNonHexIdsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> GroupId.of(Bytes.EMPTY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("group id must have 1 to 255 bytes, got 0");
    assertThatThrownBy(() -> MemberId.of(Bytes.of(new byte[256])))
        .hasMessage("member id must have 1 to 255 bytes, got 256");
    assertThatThrownBy(() -> MemberId.fromHex("abc"))
        .hasMessage("member id must be an even number of hex digits, got \"abc\"");
    assertThatThrownBy(() -> GroupId.fromHex("zz\u001b"))
        .hasMessage("group id must be an even number of hex digits, got \"zz?\"");
    assertThatThrownBy(() -> MemberId.fromHex("")).hasMessageContaining("got 0");
    assertThatThrownBy(() -> MessageId.of(Bytes.of(new byte[65])))
        .hasMessage("message id must have 1 to 64 bytes, got 65");
  }
}
