package dev.tandem.llm.intent;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The working text of a request: NFKC, straight apostrophes, runs of combining marks capped, and
 * numbers before a unit written as digits (三百页 → 300页, "ten dollars" → "10 dollars", "the
 * Seventies" → "the 1970s").
 */
final class TextNormaliser {
  private TextNormaliser() {}

  /** A run of Chinese numerals before a measure word, tried from the run's first numeral only. */
  private static final Pattern ZH_NUMERAL = Pattern.compile(
      "(?<![零一二两三四五六七八九十百千])([零一二两三四五六七八九十百千]++)(?=[本部个页元块星分年种套册位篇首岁])");

  /**
   * Most combining marks kept in a row (Unicode's stream-safe text format, UAX #15, allows 30): a
   * word-boundary test at a mark looks back over the marks before it, so an unbounded run of them
   * makes every {@code \b} pattern quadratic. Marks past this many in a row are dropped.
   */
  static final int MAX_MARKS = 30;

  static String normalise(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).replace('’', '\'').replace('‘', '\'');
    s = capMarks(s);
    Matcher m = ZH_NUMERAL.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Integer.toString(Numerals.chineseNumber(m.group(1))));
    }
    m.appendTail(out);
    Matcher dw = DECADE_WORD.matcher(out.toString());
    StringBuilder decades = new StringBuilder();
    while (dw.find()) {
      int tens = DECADE_WORDS.indexOf(dw.group(1).toLowerCase(Locale.ROOT));
      dw.appendReplacement(decades, "19" + (tens + 2) + "0s"); // "Seventies" → 1970s
    }
    dw.appendTail(decades);
    Matcher w = EN_NUMBER_UNIT.matcher(decades.toString());
    StringBuilder en = new StringBuilder();
    while (w.find()) {
      int v = Numerals.englishNumber(w.group(1).toLowerCase(Locale.ROOT));
      w.appendReplacement(en, v < 0 ? Matcher.quoteReplacement(w.group()) : v + w.group(2));
    }
    w.appendTail(en);
    return en.toString().strip();
  }

  /** {@code s} with runs of non-spacing marks cut to {@link #MAX_MARKS}; {@code s} itself when none is longer. */
  static String capMarks(String s) {
    StringBuilder out = null;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      run = Character.getType(c) == Character.NON_SPACING_MARK ? run + 1 : 0;
      if (run > MAX_MARKS) {
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, 0, i);
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  private static final List<String> DECADE_WORDS = List.of("twenties", "thirties", "forties", "fifties", "sixties",
      "seventies", "eighties", "nineties");
  private static final Pattern DECADE_WORD = Pattern.compile(
      "(?i)\\b(?:nineteen[- ])?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\\b");
  private static final String EN_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
      + "|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
      + "|eighty|ninety|hundred|a hundred";
  /**
   * A spelled-out number right before a unit: "ten dollars", "three hundred pages", "four stars".
   * At most eight number words: a bounded repetition keeps each try short (an unbounded one recurses
   * once per word in java.util.regex, and a long run of number words overflowed the stack).
   */
  private static final Pattern EN_NUMBER_UNIT = Pattern.compile(
      "(?i)\\b((?:" + EN_UNITS_WORDS + ")(?:[- ](?:" + EN_UNITS_WORDS + ")){0,7})(\\s++(?:dollars?|bucks|euros?"
      + "|pounds?|pages?|stars?)\\b)");
}
