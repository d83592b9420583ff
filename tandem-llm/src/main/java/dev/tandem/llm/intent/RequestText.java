package dev.tandem.llm.intent;

import java.util.Locale;
import java.util.regex.Pattern;

/** The working text: the normalised request, its lower-case copy, and which chars rules consumed. */
final class RequestText {
  /** Clause marks, English and Chinese: where a phrase, a bound's cue or a topic ends. */
  static final Pattern CLAUSE = Pattern.compile("[,.;!?，。；！？]");

  final String text;
  final String lower;
  final boolean[] used;
  final boolean zh;
  /** The label a reader's age implies ("for a 10 year old": children), or null. */
  String ageLabel;

  RequestText(String text) {
    this.text = text;
    this.lower = lowerSameLength(text);
    this.used = new boolean[text.length() + 1];
    int cjk = 0;
    for (int i = 0; i < text.length(); i++) {
      if (LabelLexicon.isCjk(text.charAt(i))) {
        cjk++;
      }
    }
    int words = TitleIndex.tokens(lower).size();
    this.zh = cjk > 0 && cjk > words; // "anything similar to 白夜行?" is English
  }

  /**
   * {@code text} in lower case with every char at its index (positions found in the lower-case
   * copy index the text): {@link String#toLowerCase} unless that changes the length (U+0130 İ
   * becomes two chars), then char by char.
   */
  static String lowerSameLength(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.length() == text.length()) {
      return lower;
    }
    char[] out = text.toCharArray();
    for (int i = 0; i < out.length; i++) {
      out[i] = Character.toLowerCase(out[i]);
    }
    return new String(out);
  }

  boolean free(int start, int end) {
    for (int i = start; i < end; i++) {
      if (used[i]) {
        return false;
      }
    }
    return true;
  }

  void use(int start, int end) {
    for (int i = start; i < end; i++) {
      used[i] = true;
    }
  }
}
