package dev.tandem.core.data;

import java.util.Locale;

/**
 * The id policy of items and users (and of feedback's user and item), enforced alike by the
 * records ({@link Item}, {@link User}, {@link Feedback}), every importer and the REST API:
 *
 * <ul>
 *   <li>1 to {@value #MAX_CODE_POINTS} Unicode code points;
 *   <li>every code point a Unicode scalar value: no lone (unpaired) surrogate;
 *   <li>no control character (general category Cc: U+0000–U+001F, U+007F–U+009F) and neither of
 *       the noncharacters U+FFFE and U+FFFF;
 *   <li>no leading or trailing whitespace ({@link Character#isWhitespace} or
 *       {@link Character#isSpaceChar}, e.g. U+0020, U+00A0, U+3000), so that {@code " a"} and
 *       {@code "a"} cannot look alike.
 * </ul>
 *
 * <p>Ids are compared exactly, code unit for code unit: no case folding, no trimming, no Unicode
 * normalisation, so the NFC spelling {@code "café"} (U+00E9) and the NFD spelling
 * {@code "café"} (e + U+0301) are two different ids (as in PostgreSQL and Elasticsearch).
 * Normalise ids before sending them if your sources mix spellings. Because every accepted id is
 * valid UTF-16 without NUL, it is stored and read back unchanged by both store backends: two
 * different ids never collapse onto one.
 *
 * <p>Stateless; thread-safe.
 */
public final class Ids {
  /** The most code points an id may have. */
  public static final int MAX_CODE_POINTS = 256;

  /** The policy in words, as error messages state it. */
  public static final String RULE = "an id is 1.." + MAX_CODE_POINTS + " Unicode scalar values without control"
      + " characters (U+0000-U+001F, U+007F-U+009F), U+FFFE, U+FFFF or leading/trailing whitespace";

  private Ids() {}

  /**
   * Returns {@code value} when it is a valid id.
   *
   * @param field what the value is, for the message, e.g. {@code "item id"}
   * @throws IllegalArgumentException naming the field, the value ({@linkplain Quote quoted}), the
   *     offending code point and its index (in code points from 0), and the rule, e.g.
   *     <code>user ("sur&#92;uD800") has a lone surrogate U+D800 at index 3; an id is 1..256 Unicode ...</code>
   */
  public static String check(String field, String value) {
    String problem = problem(value, MAX_CODE_POINTS);
    if (problem != null) {
      throw new IllegalArgumentException(field + " (" + Quote.of(value) + ") " + problem + "; " + RULE);
    }
    return value;
  }

  /** Whether {@code value} is a valid id; allocates nothing. */
  public static boolean isValid(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF) {
        return false;
      }
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
      }
    }
    if (blank(value.codePointAt(0)) || blank(value.codePointBefore(n))) {
      return false;
    }
    return n <= MAX_CODE_POINTS || value.codePointCount(0, n) <= MAX_CODE_POINTS;
  }

  /**
   * What is wrong with {@code value} as an id (or as any name under the same character rules,
   * with {@code maxCodePoints} as its length limit), e.g. {@code "has a lone surrogate U+D800 at
   * index 3"}; {@code null} when nothing is.
   */
  public static String problem(String value, int maxCodePoints) {
    if (value == null) {
      return "is missing";
    }
    if (value.isEmpty()) {
      return "is empty";
    }
    int n = value.length();
    int index = 0;
    for (int i = 0; i < n; index++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return "has a lone surrogate " + codePoint(c) + " at index " + index;
        }
        i += 2;
        continue;
      }
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        return "has a control character " + codePoint(c) + " at index " + index;
      }
      if (c == 0xFFFE || c == 0xFFFF) {
        return "has the noncharacter " + codePoint(c) + " at index " + index;
      }
      i++;
    }
    if (index > maxCodePoints) {
      return "has " + String.format(Locale.ROOT, "%,d", index) + " code points; at most " + maxCodePoints
          + " are allowed";
    }
    int first = value.codePointAt(0);
    if (blank(first)) {
      return "starts with whitespace " + codePoint(first) + " at index 0";
    }
    int last = value.codePointBefore(n);
    if (blank(last)) {
      return "ends with whitespace " + codePoint(last) + " at index " + (index - 1);
    }
    return null;
  }

  private static boolean blank(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /** {@code U+00A0} notation. */
  static String codePoint(int cp) {
    String h = Integer.toHexString(cp).toUpperCase(Locale.ROOT);
    return "U+" + "0".repeat(Math.max(0, 4 - h.length())) + h;
  }
}
