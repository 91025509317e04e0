package org.mlsmesh.app.chat;

import java.nio.charset.StandardCharsets;
import org.mlsmesh.node.GroupId;
import org.mlsmesh.node.MemberId;
import org.mlsmesh.protocol.codec.Bytes;

/** How the chat shows identities, ids and what peers send. */
final class ChatText {
  /** Hex digits of an identity shown next to each message. */
  static final int SHORT_ID_DIGITS = 8;

  private ChatText() {}

  /** The first hex digits of {@code id}: enough to tell the members of a chat apart. */
  static String shortId(MemberId id) {
    return shortId(id.toHex());
  }

  /** The first hex digits of {@code id}. */
  static String shortId(GroupId id) {
    return shortId(id.toHex());
  }

  /** The first hex digits of {@code id}. */
  static String shortId(Bytes id) {
    return shortId(id.toHex());
  }

  private static String shortId(String hex) {
    return hex.length() <= SHORT_ID_DIGITS ? hex : hex.substring(0, SHORT_ID_DIGITS);
  }

  /**
   * A peer's payload as text: UTF-8 (malformed sequences replaced), with control characters and
   * bidirectional overrides replaced so that a message cannot move the cursor, recolour the
   * terminal or disguise itself.
   */
  static String payload(Bytes payload) {
    return clean(new String(payload.toByteArray(), StandardCharsets.UTF_8));
  }

  /** {@code s} with every control character and bidi override replaced by U+FFFD. */
  static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) || isBidiControl(c)) {
                out.append('\uFFFD');
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  private static boolean isBidiControl(int c) {
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }
}
