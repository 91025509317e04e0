package org.mlsmesh.simulations.report;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer (RFC 8259), two-space indented. Numbers that JSON can't hold (NaN,
 * infinities) are written as {@code null}.
 */
final class JsonWriter {
  private final StringBuilder out = new StringBuilder();

  /** Per open container: whether it already holds an element. */
  private final Deque<boolean[]> open = new ArrayDeque<>();

  private boolean afterName;

  JsonWriter beginObject() {
    return begin('{');
  }

  JsonWriter endObject() {
    return end('}');
  }

  JsonWriter beginArray() {
    return begin('[');
  }

  JsonWriter endArray() {
    return end(']');
  }

  /** The name of the next member of the current object. */
  JsonWriter name(String name) {
    separate();
    string(name);
    out.append(": ");
    afterName = true;
    return this;
  }

  JsonWriter value(String value) {
    separate();
    string(value);
    return this;
  }

  JsonWriter value(long value) {
    separate();
    out.append(value);
    return this;
  }

  JsonWriter value(double value) {
    separate();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      out.append("null");
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
    return this;
  }

  JsonWriter value(boolean value) {
    separate();
    out.append(value);
    return this;
  }

  String toJson() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed JSON container");
    }
    return out.append('\n').toString();
  }

  private JsonWriter begin(char bracket) {
    separate();
    out.append(bracket);
    open.push(new boolean[1]);
    return this;
  }

  private JsonWriter end(char bracket) {
    boolean[] state = open.pop();
    if (state[0]) {
      newline();
    }
    out.append(bracket);
    return this;
  }

  /** Writes the comma and indentation before an element, unless it is a named member's value. */
  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    boolean[] state = open.peek();
    if (state == null) {
      return;
    }
    if (state[0]) {
      out.append(',');
    }
    state[0] = true;
    newline();
  }

  private void newline() {
    out.append('\n');
    out.append("  ".repeat(open.size()));
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
