package dev.tandem.llm.chat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in text with placeholders before the text leaves the process for a
 * remote model: e-mail addresses ({@value #EMAIL}), card-like runs of 13 to 19 digits, spaces or
 * dashes allowed between them ({@value #CARD}), and phone numbers ({@value #PHONE}): international
 * ({@code +} then 7 to 15 digits), US ({@code (555) 123-4567}, {@code 555-123-4567},
 * {@code 555.123.4567}, {@code 5551234567}, optionally after {@code +1}) and Chinese mobiles
 * ({@code 1[3-9]} and 9 more digits, spaces or dashes allowed, optionally after {@code +86}).
 *
 * <p>Numbers that are not personal survive: years, prices, page counts, ranges such as
 * {@code 100-200}, dates, and item ids mixing letters and digits. Digit runs glued to letters are
 * left alone (an id like {@code B0013800138000} is not a phone number); runs of digits alone are
 * not: a bare 10- or 11-digit number that fits a phone pattern is scrubbed (privacy first).
 *
 * <p>Linear in the text: the fixed-length patterns (cards, Chinese mobiles, US numbers) do bounded
 * work per position, and e-mail addresses and international numbers, whose parts repeat without a
 * bound, are found by scanners that give what the patterns in {@link #EMAIL_REGEX} and {@link
 * #INTERNATIONAL_REGEX} match (as regular expressions they backtracked: exponentially on a long
 * digit run after a {@code +}, quadratically on a long word without an {@code @}, and recursed once
 * per domain label until the stack overflowed).
 *
 * <p>Stateless and thread-safe.
 */
public final class PiiScrubber {
  /** Placeholder for an e-mail address. */
  public static final String EMAIL = "[email]";
  /** Placeholder for a phone number. */
  public static final String PHONE = "[phone]";
  /** Placeholder for a card-like digit run. */
  public static final String CARD = "[card]";

  private static final String NOT_BEFORE = "(?<![A-Za-z0-9+])";
  private static final String NOT_AFTER = "(?![A-Za-z0-9])";
  /** What an e-mail address is, as a regular expression (documentation; {@link #scrub} scans for it). */
  public static final String EMAIL_REGEX = "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}";
  /** What an international number is, as a regular expression (documentation; {@link #scrub} scans for it). */
  public static final String INTERNATIONAL_REGEX = "\\+\\d(?:[ .-]?\\(?\\d+\\)?)+(?![A-Za-z0-9])";
  private static final Pattern CARD_PATTERN = Pattern.compile(NOT_BEFORE + "\\d(?:[ -]?\\d){12,18}" + NOT_AFTER);
  private static final Pattern CN_MOBILE =
      Pattern.compile("(?:\\+?86[ -]?)?" + NOT_BEFORE + "1[3-9]\\d(?:[ -]?\\d){8}" + NOT_AFTER);
  private static final Pattern US = Pattern.compile("(?:\\+?1[ .-]?)?" + NOT_BEFORE
      + "(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-]?)\\d{3}[ .-]?\\d{4}" + NOT_AFTER);

  private PiiScrubber() {}

  /** {@code text} with every e-mail address, card-like number and phone number replaced by its placeholder. */
  public static String scrub(String text) {
    if (text.isEmpty()) {
      return text;
    }
    String s = replaceEmails(text);
    if (!hasDigit(s)) {
      return s;
    }
    s = CARD_PATTERN.matcher(s).replaceAll(CARD);
    s = CN_MOBILE.matcher(s).replaceAll(PHONE);
    s = replaceInternational(s);
    s = US.matcher(s).replaceAll(PHONE);
    return s;
  }

  /** Whether {@code text} holds anything {@link #scrub} would replace. */
  public static boolean containsPii(String text) {
    return !scrub(text).equals(text);
  }

  /**
   * E-mail addresses ({@link #EMAIL_REGEX}) replaced, left to right as a regex search would: the
   * local part is the run of local-part chars before an {@code @} (from where the previous address
   * ended), the domain is labels joined by dots and ends after the letters that open its last label
   * starting with two or more letters.
   */
  private static String replaceEmails(String s) {
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (true) {
      int at = s.indexOf('@', from);
      if (at < 0) {
        break;
      }
      int start = at;
      while (start > copied && isLocal(s.charAt(start - 1))) {
        start--;
      }
      int end = start == at ? -1 : domainEnd(s, at + 1);
      if (end < 0) {
        from = at + 1;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, copied, start).append(EMAIL);
      copied = end;
      from = end;
    }
    return out == null ? s : out.append(s, copied, s.length()).toString();
  }

  private static boolean isLocal(char c) {
    return isLabel(c) || c == '.' || c == '_' || c == '%' || c == '+';
  }

  private static boolean isLabel(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Where an e-mail domain starting at {@code i} ends, or -1 when there is none. */
  private static int domainEnd(String s, int i) {
    int k = i;
    while (k < s.length() && isLabel(s.charAt(k))) {
      k++;
    }
    if (k == i) {
      return -1;
    }
    int end = -1;
    while (k + 1 < s.length() && s.charAt(k) == '.' && isLabel(s.charAt(k + 1))) {
      int label = k + 1;
      int letters = label;
      while (letters < s.length() && isAsciiLetter(s.charAt(letters))) {
        letters++;
      }
      if (letters - label >= 2) {
        end = letters; // the regex's greedy repetition keeps the last such label
      }
      k = label;
      while (k < s.length() && isLabel(s.charAt(k))) {
        k++;
      }
    }
    return end;
  }

  /**
   * International numbers ({@link #INTERNATIONAL_REGEX}): a {@code +} and 7 to 15 digits (E.164)
   * become {@link #PHONE}; shorter or longer runs stay. Scanned as the regex search would: from a
   * {@code +} and a digit, digit runs joined by an optional {@code )}, an optional separator and an
   * optional {@code (}; the match is the longest such prefix, of at least one run after the first
   * digit, that ends after a digit or {@code )} and is not followed by a letter or digit.
   */
  private static String replaceInternational(String s) {
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (true) {
      int plus = s.indexOf('+', from);
      if (plus < 0) {
        break;
      }
      int end = internationalEnd(s, plus);
      if (end < 0) {
        from = plus + 1;
        continue;
      }
      int digits = 0;
      for (int i = plus; i < end; i++) {
        if (Character.isDigit(s.charAt(i))) {
          digits++;
        }
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, copied, plus).append(digits >= 7 && digits <= 15 ? PHONE : s.substring(plus, end));
      copied = end;
      from = end;
    }
    return out == null ? s : out.append(s, copied, s.length()).toString();
  }

  /** The end of the international number starting at the {@code +} at {@code plus}, or -1. */
  private static int internationalEnd(String s, int plus) {
    int n = s.length();
    if (plus + 1 >= n || !isDigit(s.charAt(plus + 1))) {
      return -1;
    }
    int best = -1;
    int k = plus + 2; // after "+d": the first group has no ')' before it
    boolean first = true;
    while (true) {
      int q = k;
      if (!first && q < n && s.charAt(q) == ')') {
        q++;
      }
      if (q < n && (s.charAt(q) == ' ' || s.charAt(q) == '.' || s.charAt(q) == '-')) {
        q++;
      }
      if (q < n && s.charAt(q) == '(') {
        q++;
      }
      if (q >= n || !isDigit(s.charAt(q))) {
        break;
      }
      while (q < n && isDigit(s.charAt(q))) {
        q++;
      }
      first = false;
      k = q; // after a digit run: a candidate end, and after a ')' that follows it
      if (!alnumAt(s, k)) {
        best = k;
      }
      if (k < n && s.charAt(k) == ')' && !alnumAt(s, k + 1)) {
        best = k + 1;
      }
    }
    return best;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean alnumAt(String s, int i) {
    return i < s.length() && (isAsciiLetter(s.charAt(i)) || isDigit(s.charAt(i)));
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }
}
