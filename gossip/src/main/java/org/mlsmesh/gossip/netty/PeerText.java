package org.mlsmesh.gossip.netty;

/**
 * What a log line may show of something a peer influenced (an exception raised on its bytes): a
 * short prefix with every character outside printable ASCII escaped, so that an unauthenticated
 * peer can neither fill a log with its data nor write control sequences to a terminal.
 */
final class PeerText {
  /** The most characters of peer-influenced text a log line shows. */
  static final int MAX_CHARS = 48;

  private PeerText() {}

  /** {@code ExceptionClass: message prefix}, the message cut to {@link #MAX_CHARS} and escaped. */
  static String describe(Throwable cause) {
    String message = cause.getMessage();
    String name = cause.getClass().getSimpleName();
    return message == null ? name : name + ": " + prefix(message);
  }

  /**
   * The first {@link #MAX_CHARS} characters of {@code text}, every one outside printable ASCII (and
   * the backslash) escaped as its hex code; a cut is marked with the number of characters left out.
   */
  static String prefix(String text) {
    int shown = Math.min(text.length(), MAX_CHARS);
    StringBuilder out = new StringBuilder(shown + 16);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append(c);
      } else if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x100) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(String.format("\\x{%04x}", (int) c));
      }
    }
    if (text.length() > shown) {
      out.append("...(+").append(text.length() - shown).append(" chars)");
    }
    return out.toString();
  }
}
