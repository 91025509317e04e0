package org.mlsmesh.control.internal;

/** Escaping for text and attribute values in the status page. */
final class Html {
  private Html() {}

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The first {@code chars} characters of a hex id, for tables (the full id in a title). */
  static String shortId(String hex, int chars) {
    return hex.length() <= chars ? hex : hex.substring(0, chars) + "…";
  }
}
