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
  private static final Pattern EMAIL_PATTERN =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern CARD_PATTERN = Pattern.compile(NOT_BEFORE + "\\d(?:[ -]?\\d){12,18}" + NOT_AFTER);
  private static final Pattern CN_MOBILE =
      Pattern.compile("(?:\\+?86[ -]?)?" + NOT_BEFORE + "1[3-9]\\d(?:[ -]?\\d){8}" + NOT_AFTER);
  private static final Pattern INTERNATIONAL =
      Pattern.compile("\\+\\d(?:[ .-]?\\(?\\d+\\)?)+" + NOT_AFTER);
  private static final Pattern US = Pattern.compile("(?:\\+?1[ .-]?)?" + NOT_BEFORE
      + "(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-]?)\\d{3}[ .-]?\\d{4}" + NOT_AFTER);

  private PiiScrubber() {}

  /** {@code text} with every e-mail address, card-like number and phone number replaced by its placeholder. */
  public static String scrub(String text) {
    if (text.isEmpty()) {
      return text;
    }
    String s = EMAIL_PATTERN.matcher(text).replaceAll(EMAIL);
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

  /** International numbers: a {@code +} and 7 to 15 digits (E.164); shorter or longer runs stay. */
  private static String replaceInternational(String s) {
    Matcher m = INTERNATIONAL.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      int digits = 0;
      for (int i = m.start(); i < m.end(); i++) {
        if (Character.isDigit(s.charAt(i))) {
          digits++;
        }
      }
      m.appendReplacement(out, digits >= 7 && digits <= 15 ? Matcher.quoteReplacement(PHONE)
          : Matcher.quoteReplacement(m.group()));
    }
    m.appendTail(out);
    return out.toString();
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
