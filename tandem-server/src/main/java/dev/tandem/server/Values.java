package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Values as error messages quote them: at most {@value #MAX_CHARS} characters, control characters
 * and lone surrogates escaped, and the full length said when cut, so that an error never echoes a
 * multi-megabyte value.
 */
final class Values {
  /** Most characters of a value an error quotes. */
  static final int MAX_CHARS = 200;

  private Values() {}

  /** A JSON value as it appears in an error: its JSON text, cut to {@value #MAX_CHARS} characters. */
  static String quote(JsonNode v) {
    if (v == null) {
      return "nothing";
    }
    if (v.isContainerNode() && v.size() > MAX_CHARS) {
      return (v.isArray() ? "an array of " : "an object of ") + v.size() + (v.isArray() ? " elements" : " fields");
    }
    return quoteText(v.toString());
  }

  /** {@code s} cut to {@value #MAX_CHARS} characters with its length when longer, unprintables escaped. */
  static String quoteText(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 32);
    int n = Math.min(s.length(), MAX_CHARS);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) && !(Character.isLowSurrogate(c) && i > 0
          && Character.isHighSurrogate(s.charAt(i - 1)));
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || lone) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > MAX_CHARS) {
      b.append("… (").append(String.format(java.util.Locale.ROOT, "%,d", s.length())).append(" characters)");
    }
    return b.toString();
  }
}
