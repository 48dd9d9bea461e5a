package io.github.scaleblocks.examples.tinyurl;

/** Helpers for error messages that quote user input. */
final class Errors {
  private static final int MAX_QUOTED = 80;

  private Errors() {}

  /** {@code text} cut to a readable length with control characters shown as '?'. */
  static String printable(String text) {
    String cut = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
    StringBuilder out = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}
