package org.mlsmesh.config;

/**
 * A value echoed in an error message, cut to at most {@link #MAX} characters so that a huge value
 * cannot make a huge error line.
 */
public final class Quoted {
  /** The most characters of a value an error message shows. */
  public static final int MAX = 80;

  private Quoted() {}

  /** {@code text} in double quotes, shortened to {@link #MAX} characters with its length. */
  public static String of(String text) {
    return "\"" + shortened(text) + "\"";
  }

  /** {@code text} as it is when short enough, else its start and its length. */
  public static String shortened(String text) {
    if (text.length() <= MAX) {
      return text;
    }
    return text.substring(0, MAX - 3) + "... (" + text.length() + " characters)";
  }
}
