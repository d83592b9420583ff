package dev.tandem.llm.intent;

/** Values of numbers written in a request: ASCII digit runs, English number words, Chinese numerals. */
final class Numerals {
  private Numerals() {}

  /** The value of an ASCII digit run, or {@link Integer#MAX_VALUE} when it does not fit an int. */
  static int digits(String s) {
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      v = v * 10 + Character.digit(s.charAt(i), 10);
      if (v > Integer.MAX_VALUE) {
        return Integer.MAX_VALUE;
      }
    }
    return (int) v;
  }

  /**
   * The value of a spelled-out number below 1,000 ("ten", "twenty-five", "three hundred", "a
   * hundred and fifty"), or -1.
   */
  static int englishNumber(String words) {
    int current = 0;
    for (String w : words.split("[- ]+")) {
      int small = TitleIndex.SMALL.indexOf(w); // zero..nineteen
      int tens = TitleIndex.TENS.indexOf(w);
      if (w.equals("a") || w.equals("and")) {
        continue;
      } else if (small >= 0) {
        current += small;
      } else if (tens >= 0) {
        current += 20 + 10 * tens;
      } else if (w.equals("hundred")) {
        current = (current == 0 ? 1 : current) * 100;
      } else {
        return -1;
      }
    }
    return current;
  }

  /** Value of a Chinese numeral such as 三, 十二, 三百, 两千零五. */
  static int chineseNumber(String s) {
    int total = 0;
    int digit = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int d = "零一二三四五六七八九".indexOf(c);
      if (c == '两') {
        d = 2;
      }
      if (d >= 0) {
        digit = d;
      } else {
        int unit = c == '十' ? 10 : c == '百' ? 100 : 1000;
        total += (digit == 0 ? 1 : digit) * unit;
        digit = 0;
      }
    }
    return total + digit;
  }
}
