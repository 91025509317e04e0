package org.mlsmesh.simulations.report.svg;

/** Escaping for XML (and so for XHTML-compatible HTML) text and attribute values. */
public final class Xml {
  private Xml() {}

  /**
   * Escapes {@code text} for element content and double- or single-quoted attributes. Control
   * characters that XML 1.0 forbids even as references are dropped.
   */
  public static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            s.append(c);
          }
        }
      }
    }
    return s.toString();
  }
}
