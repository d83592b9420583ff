package dev.tandem.llm.intent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The count of a request: the first free small number or number word ("5", "five", "top 10", "a
 * couple" = 2, "a dozen" = 12, 三本 = 3); "a few", "some", 几本 give 0.
 */
final class Counts {
  private Counts() {}

  /** Counts above this are not taken as counts ("top 300" is not a list length a person asks for). */
  static final int MAX_COUNT = 100;
  // a digit run is tried from its first digit only (possessive, after a non-digit): a failed try
  // from inside the run would fail the same way, and on a long run every such try is a full scan
  private static final Pattern COUNT_ZH = Pattern.compile("((?<!\\d)\\d++|几)\\s*+[本部个种套册款]");
  private static final Pattern COUNT_PHRASE = Pattern.compile(
      "\\btop\\s+(\\d+)\\b|\\b(a couple)(?:\\s+of)?\\b|\\b(half a dozen|a dozen)\\b|\\b(a few|several|some)\\b");
  private static final Pattern COUNT_WORD = Pattern.compile(
      "\\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\\b");
  /** Words before "one" that make it a pronoun ("the one", "that one"), on the 12 chars before it. */
  private static final Pattern ONE_BEFORE = Pattern.compile("(?s).*\\b(the|this|that|another|any|no|which|every"
      + "|each|in|at|last|first|second|third|fourth|fifth)\\s+$");
  /** What after "one" makes it a pronoun ("one of", "one like"): looked at from the word's end, not copied out. */
  private static final Pattern ONE_AFTER = Pattern.compile("\\s*(of|like|more|again|but|please|[,.?!]|$)");
  private static final Pattern DIGITS = Pattern.compile("(?<![\\d.$€£])\\b(\\d{1,3})\\b(?![.\\d])");
  private static final List<String> NUMBER_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six",
      "seven", "eight", "nine", "ten", "eleven", "twelve");

  /** The count the request asks for, 0 when it names none; the chars of every count found are taken. */
  static int count(RequestText r) {
    List<int[]> found = new ArrayList<>(); // {position, value, end}
    Matcher z = COUNT_ZH.matcher(r.text);
    while (z.find()) {
      if (r.free(z.start(), z.end()) && (z.start() == 0 || r.text.charAt(z.start() - 1) != '第')) {
        found.add(new int[] {z.start(), z.group(1).equals("几") ? 0 : Numerals.digits(z.group(1)), z.end()});
      }
    }
    Matcher p = COUNT_PHRASE.matcher(r.lower);
    while (p.find()) {
      if (!r.free(p.start(), p.end())) {
        continue;
      }
      int v = p.group(1) != null ? Numerals.digits(p.group(1)) : p.group(2) != null ? 2
          : p.group(3) != null ? (p.group(3).startsWith("half") ? 6 : 12) : 0;
      found.add(new int[] {p.start(), v, p.end()});
    }
    Matcher w = COUNT_WORD.matcher(r.lower);
    while (w.find()) {
      if (!r.free(w.start(), w.end())) {
        continue;
      }
      String word = w.group(1);
      if (word.equals("one")) {
        String before = r.lower.substring(Math.max(0, w.start() - 12), w.start());
        if (ONE_BEFORE.matcher(before).matches()
            || ONE_AFTER.matcher(r.lower).region(w.end(), r.lower.length()).lookingAt()) {
          continue;
        }
      }
      int v = NUMBER_WORDS.indexOf(word);
      if (v < 0) {
        v = word.equals("fifteen") ? 15 : 20;
      }
      found.add(new int[] {w.start(), v, w.end()});
    }
    Matcher d = DIGITS.matcher(r.lower);
    while (d.find()) {
      int v = Integer.parseInt(d.group(1));
      if (r.free(d.start(), d.end()) && v >= 1) {
        found.add(new int[] {d.start(), v, d.end()});
      }
    }
    found.removeIf(f -> f[1] > MAX_COUNT);
    if (found.isEmpty()) {
      return 0;
    }
    found.sort(Comparator.comparingInt((int[] f) -> f[0]));
    for (int[] f : found) {
      r.use(f[0], f[2]);
    }
    return found.get(0)[1];
  }
}
