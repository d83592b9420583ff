package dev.tandem.core.data;

import java.util.Locale;

/**
 * Quotes a caller's value for an error message, so that a message is always short and printable
 * whatever the value holds: the value in double quotes, with <code>"</code> and <code>&#92;</code> escaped,
 * control characters, format characters (such as bidi overrides and zero-width spaces), line and
 * paragraph separators, lone surrogates and the noncharacters U+FFFE and U+FFFF written as
 * <code>&#92;n</code>, <code>&#92;t</code>, <code>&#92;r</code> or <code>&#92;uXXXX</code>, and cut after {@value #MAX_CODE_POINTS}
 * code points with the full length noted:
 *
 * <pre>
 * Quote.of("sur&#92;uD800")        →  "sur&#92;uD800"
 * Quote.of("x".repeat(5242880)) →  "xxx…xxx…" (5,242,880 characters)
 * </pre>
 *
 * Lengths count Unicode code points, as the id and text limits do ({@link Ids}, {@link Limits}).
 * Stateless; thread-safe.
 */
public final class Quote {
  /** Code points of a value shown before it is cut. */
  public static final int MAX_CODE_POINTS = 200;

  private Quote() {}

  /** {@code value} quoted, escaped and cut to {@value #MAX_CODE_POINTS} code points; {@code null} for null. */
  public static String of(String value) {
    return of(value, MAX_CODE_POINTS);
  }

  /**
   * {@code value} quoted, escaped and cut to {@code maxCodePoints} code points; {@code null} for null.
   *
   * @throws IllegalArgumentException if {@code maxCodePoints} < 1
   */
  public static String of(String value, int maxCodePoints) {
    if (maxCodePoints < 1) {
      throw new IllegalArgumentException("maxCodePoints (" + maxCodePoints + ") must be >= 1");
    }
    if (value == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), maxCodePoints) + 8);
    b.append('"');
    int shown = 0;
    int i = 0;
    while (i < value.length() && shown < maxCodePoints) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, value.charAt(i + 1));
        if (escaped(cp)) {
          hex(b, c);
          hex(b, value.charAt(i + 1));
        } else {
          b.append(c).append(value.charAt(i + 1));
        }
        i += 2;
      } else {
        append(b, c);
        i++;
      }
      shown++;
    }
    if (i < value.length()) {
      b.append('…').append('"').append(" (")
          .append(String.format(Locale.ROOT, "%,d", value.codePointCount(0, value.length()))).append(" characters)");
      return b.toString();
    }
    return b.append('"').toString();
  }

  private static void append(StringBuilder b, char c) {
    switch (c) {
      case '"' -> b.append("\\\"");
      case '\\' -> b.append("\\\\");
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      default -> {
        if (Character.isSurrogate(c) || escaped(c)) {
          hex(b, c);
        } else {
          b.append(c);
        }
      }
    }
  }

  /** Whether code point {@code cp} is shown as an escape: not printable, or invisible and misleading. */
  private static boolean escaped(int cp) {
    if (cp == 0xFFFE || cp == 0xFFFF) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
  }

  private static void hex(StringBuilder b, char c) {
    b.append("\\u");
    String h = Integer.toHexString(c).toUpperCase(Locale.ROOT);
    for (int k = h.length(); k < 4; k++) {
      b.append('0');
    }
    b.append(h);
  }
}
