package org.mlsmesh.config;

/**
 * A lexical pass over HOCON text before it is parsed: the parser recurses once per level of
 * nesting, so depth (braces, brackets and dotted key paths) and the number of substitutions are
 * bounded here, where a deep or explosive file is only characters.
 */
final class HoconShape {
  private final String source;
  private final String text;
  private final int maxDepth;
  private final int maxSubstitutions;
  private int line = 1;

  private HoconShape(String source, String text, int maxDepth, int maxSubstitutions) {
    this.source = source;
    this.text = text;
    this.maxDepth = maxDepth;
    this.maxSubstitutions = maxSubstitutions;
  }

  /** Fails with the line of the first place over a limit. */
  static void check(String source, String text, int maxDepth, int maxSubstitutions) {
    new HoconShape(source, text, maxDepth, maxSubstitutions).scan();
  }

  private void scan() {
    int depth = 0;
    int dots = 0;
    int substitutions = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (text.startsWith("\"\"\"", i)) {
        i = skipPast(i + 3, "\"\"\"");
        dots = 0;
        continue;
      }
      if (c == '"') {
        i = skipQuoted(i + 1);
        continue;
      }
      if (c == '#' || text.startsWith("//", i)) {
        int newline = text.indexOf('\n', i);
        i = newline < 0 ? text.length() : newline;
        continue;
      }
      if (text.startsWith("${", i) && ++substitutions > maxSubstitutions) {
        throw fail("more than " + maxSubstitutions + " substitutions ${...}");
      }
      switch (c) {
        case '{', '[' -> {
          depth++;
          dots = 0;
        }
        case '}', ']' -> {
          depth = Math.max(0, depth - 1);
          dots = 0;
        }
        case '.' -> dots++;
        case '\n' -> {
          line++;
          dots = 0;
        }
        case ' ', '\t', '\r', ',', ':', '=' -> dots = 0;
        default -> {}
      }
      if (depth + dots > maxDepth) {
        throw fail("nested deeper than " + maxDepth + " levels (objects, lists or dotted keys)");
      }
      i++;
    }
  }

  /** The index after the closing quote of a string opened before {@code from}. */
  private int skipQuoted(int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '"' || c == '\n') {
        if (c == '\n') {
          line++;
        }
        return i + 1;
      }
      i++;
    }
    return i;
  }

  /** The index after {@code end} (or the end of the text), counting the lines skipped. */
  private int skipPast(int from, String end) {
    int found = text.indexOf(end, from);
    int stop = found < 0 ? text.length() : found + end.length();
    for (int i = from; i < stop; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return stop;
  }

  private ConfigException fail(String what) {
    return new ConfigException(source + ":" + line, what + "; not parsed");
  }
}
