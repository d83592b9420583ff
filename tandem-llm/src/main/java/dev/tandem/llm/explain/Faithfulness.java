package dev.tandem.llm.explain;

import dev.tandem.core.explain.SharedLabel;
import dev.tandem.core.fusion.Contribution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a generated explanation against its {@link Grounds}: it may mention only the titles,
 * labels, terms and numbers of the evidence. Rules, in order (the first broken one is reported):
 * <ol>
 *   <li>{@link Reason#EMPTY}: blank, or no words besides evidence strings;
 *   <li>{@link Reason#TOO_LONG}: more than {@link #MAX_TOTAL_CHARS} characters (code points);
 *   <li>{@link Reason#FORMAT}: markup or data ({@code {}, }}, {@code ```}, a line break);
 *   <li>{@link Reason#UNKNOWN_TITLE} / {@link Reason#UNKNOWN_LABEL}: a catalogue title or label
 *       that is not in the evidence, found case-insensitively. Latin-script names match at word
 *       boundaries; CJK names match anywhere (no spaces separate CJK words). A mention inside an
 *       allowed one ("Dune" inside "Dune Messiah", or inside a prefix of at least
 *       {@link #MIN_PREFIX} characters of a long allowed title) is fine; one that extends an allowed
 *       one is not.
 *       Names are looked for without leading and trailing punctuation ("'Tis" as "tis"); names of fewer than 3
 *       characters (2 for CJK) and a few function words are not looked for;
 *   <li>{@link Reason#UNKNOWN_TITLE}: a quoted name ({@code “…”}, {@code "…"}, {@code 《…》},
 *       {@code 「…」}, {@code 『…』}) that is not an evidence name nor the start of one: an invented
 *       title is in no catalogue, so the rule above cannot see it, but a chat model quotes titles;
 *   <li>{@link Reason#TOO_LONG}: more than {@link #MAX_CHARS} characters besides the evidence names;
 *   <li>{@link Reason#NUMBER}: a number (ASCII or full-width digits) that is not the rank of a channel named in the prompt,
 *       a label count, a share percent or a number inside an evidence name (so a shortened title
 *       keeps its numbers);
 *   <li>{@link Reason#SENTENCES}: more than two sentences;
 *   <li>{@link Reason#LANGUAGE}: for {@code zh} under 60% of the answer's own letters are CJK; for
 *       {@code en} over 5% are.
 * </ol>
 *
 * <p>Immutable and thread-safe after construction; a check costs one pass over the answer with a
 * hash lookup per word (Latin) or character (CJK).
 */
public final class Faithfulness {
  /**
   * Longest accepted answer in code points, not counting the evidence names it quotes (titles can
   * be long: product titles of 200 characters are common).
   */
  public static final int MAX_CHARS = 320;
  /** A quoted prefix of an evidence name this long or longer counts as the name (a shortened title). */
  public static final int MIN_PREFIX = 20;
  /** Longest accepted answer in code points, names included. */
  public static final int MAX_TOTAL_CHARS = 1500;
  private static final Set<String> IGNORED = Set.of("the", "and", "you", "your", "for", "with", "this", "that",
      "from", "like", "liked", "because", "book", "books", "movie", "movies", "film", "ranked", "item", "items");

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /** Why an answer was rejected ({@link #OK} when it was not). */
  public enum Reason {
    /** Accepted. */
    OK,
    /** Blank, or nothing but evidence names. */
    EMPTY,
    /** Longer than the bounds. */
    TOO_LONG,
    /** Markup, JSON or line breaks. */
    FORMAT,
    /** Names a catalogue title that is not in the evidence. */
    UNKNOWN_TITLE,
    /** Names a catalogue category or tag that is not in the evidence. */
    UNKNOWN_LABEL,
    /** States a number that is not in the evidence. */
    NUMBER,
    /** More than two sentences. */
    SENTENCES,
    /** Not in the requested language. */
    LANGUAGE
  }

  /**
   * The outcome of a check.
   *
   * @param reason {@link Reason#OK} or the first rule broken
   * @param detail what broke it (the name or number found), "" when accepted
   */
  public record Verdict(Reason reason, String detail) {
    /** Whether the answer may be shown. */
    public boolean ok() {
      return reason == Reason.OK;
    }
  }

  private record Name(String text, boolean title) {}

  /** Names by their first word (Latin) or first character (CJK), lower-case. */
  private final Map<String, List<Name>> byHead = new HashMap<>();

  /**
   * A checker for a catalogue.
   *
   * @param titles every item title of the catalogue
   * @param labels every category and tag of the catalogue
   */
  public Faithfulness(Collection<String> titles, Collection<String> labels) {
    Set<String> seen = new HashSet<>();
    for (String l : labels) {
      add(l, false, seen);
    }
    for (String t : titles) {
      add(t, true, seen);
    }
  }

  private void add(String raw, boolean title, Set<String> seen) {
    if (raw == null) {
      return;
    }
    String s = trimPunctuation(raw.toLowerCase(Locale.ROOT));
    int cps = s.codePointCount(0, s.length());
    if (s.isEmpty() || IGNORED.contains(s) || !seen.add(s)) {
      return;
    }
    if (isCjk(s.codePointAt(0)) ? cps < 2 : cps < 3) {
      return;
    }
    byHead.computeIfAbsent(head(s, 0), k -> new ArrayList<>()).add(new Name(s, title));
  }

  /** {@code s} without leading and trailing characters that are not letters or digits ("_kindle" is looked for as "kindle"). */
  static String trimPunctuation(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && !Character.isLetterOrDigit(s.codePointAt(a))) {
      a += Character.charCount(s.codePointAt(a));
    }
    while (b > a && !Character.isLetterOrDigit(s.codePointBefore(b))) {
      b -= Character.charCount(s.codePointBefore(b));
    }
    return s.substring(a, b);
  }

  /** The key a name at {@code from} is filed under: its first CJK character, else its first word. */
  private static String head(String s, int from) {
    int cp = s.codePointAt(from);
    if (isCjk(cp)) {
      return new String(Character.toChars(cp));
    }
    int end = from;
    while (end < s.length() && Character.isLetterOrDigit(s.codePointAt(end)) && !isCjk(s.codePointAt(end))) {
      end += Character.charCount(s.codePointAt(end));
    }
    return end == from ? new String(Character.toChars(cp)) : s.substring(from, end);
  }

  /** Checks {@code answer} for the recommendation of {@code g} in {@code lang}. */
  public Verdict check(String answer, Grounds g, Language lang) {
    String text = answer == null ? "" : answer.strip();
    if (text.isEmpty()) {
      return new Verdict(Reason.EMPTY, "");
    }
    if (text.codePointCount(0, text.length()) > MAX_TOTAL_CHARS) {
      return new Verdict(Reason.TOO_LONG, text.codePointCount(0, text.length()) + " characters");
    }
    if (text.contains("{") || text.contains("}") || text.contains("```") || text.indexOf('\n') >= 0) {
      return new Verdict(Reason.FORMAT, "markup or line breaks");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    boolean[] allowed = new boolean[lower.length()];
    for (String a : allowedNames(g)) {
      for (int at = lower.indexOf(a); at >= 0; at = lower.indexOf(a, at + 1)) {
        if (bounded(lower, at, a.length())) {
          for (int k = at; k < at + a.length(); k++) {
            allowed[k] = true;
          }
        }
      }
      if (a.length() > MIN_PREFIX) { // a long name shortened: its longest prefix of at least MIN_PREFIX chars
        String head = a.substring(0, MIN_PREFIX);
        for (int at = lower.indexOf(head); at >= 0; at = lower.indexOf(head, at + 1)) {
          int len = MIN_PREFIX;
          while (at + len < lower.length() && len < a.length() && lower.charAt(at + len) == a.charAt(len)) {
            len++;
          }
          for (int k = at; k < at + len; k++) {
            allowed[k] = true;
          }
        }
      }
    }
    // catalogue names not covered by an allowed mention
    for (int i = 0; i < lower.length(); i += Character.charCount(lower.codePointAt(i))) {
      int cp = lower.codePointAt(i);
      boolean start = isCjk(cp) || (Character.isLetterOrDigit(cp)
          && (i == 0 || !Character.isLetterOrDigit(lower.codePointBefore(i)) || isCjk(lower.codePointBefore(i))));
      if (!start) {
        continue;
      }
      List<Name> names = byHead.get(head(lower, i));
      if (names == null) {
        continue;
      }
      for (Name n : names) {
        if (lower.startsWith(n.text(), i) && bounded(lower, i, n.text().length()) && !covered(allowed, i,
            n.text().length())) {
          return new Verdict(n.title() ? Reason.UNKNOWN_TITLE : Reason.UNKNOWN_LABEL, n.text());
        }
      }
    }
    String quoted = unknownQuote(lower, allowed, allowedNames(g));
    if (quoted != null) {
      return new Verdict(Reason.UNKNOWN_TITLE, quoted);
    }
    StringBuilder own = new StringBuilder(lower.length());
    for (int k = 0; k < lower.length(); k++) {
      own.append(allowed[k] ? ' ' : lower.charAt(k));
    }
    String rest = own.toString();
    int ownChars = 0;
    for (int k = 0; k < lower.length(); k++) {
      ownChars += allowed[k] || Character.isLowSurrogate(lower.charAt(k)) ? 0 : 1;
    }
    if (ownChars > MAX_CHARS) {
      return new Verdict(Reason.TOO_LONG, ownChars + " characters besides evidence names");
    }
    Set<String> numbers = allowedNumbers(g);
    for (int i = 0; i < rest.length(); i++) {
      if (digit(rest.charAt(i)) >= 0) {
        int j = i;
        StringBuilder num = new StringBuilder();
        while (j < rest.length() && digit(rest.charAt(j)) >= 0) {
          num.append((char) ('0' + digit(rest.charAt(j))));
          j++;
        }
        String n = num.toString().replaceFirst("^0+(?=.)", "");
        if (!numbers.contains(n)) {
          return new Verdict(Reason.NUMBER, n);
        }
        i = j;
      }
    }
    int sentences = sentences(rest);
    if (sentences > 2) {
      return new Verdict(Reason.SENTENCES, sentences + " sentences");
    }
    int cjk = 0;
    int letters = 0;
    for (int i = 0; i < rest.length(); i += Character.charCount(rest.codePointAt(i))) {
      int cp = rest.codePointAt(i);
      if (isCjk(cp)) {
        cjk++;
        letters++;
      } else if (Character.isLetter(cp)) {
        letters++;
      }
    }
    if (letters == 0) {
      return new Verdict(Reason.EMPTY, "no words besides evidence names");
    }
    double share = (double) cjk / letters;
    if (lang == Language.ZH ? share < 0.6 : share > 0.05) {
      return new Verdict(Reason.LANGUAGE, String.format(Locale.ROOT, "%.0f%% CJK", share * 100));
    }
    return new Verdict(Reason.OK, "");
  }

  private static final String OPEN_QUOTES = "\u201c\"\u300a\u300c\u300e";
  private static final String CLOSE_QUOTES = "\u201d\"\u300b\u300d\u300f";

  /**
   * The first quoted text of {@code lower} that is neither covered by evidence names ({@code allowed})
   * nor a prefix, ending at a word boundary, of one of {@code names} ("Harry Potter" for "Harry Potter
   * and the Sorcerer's Stone"); null when every quote is. An opening quote without its closing one is
   * no quote.
   */
  static String unknownQuote(String lower, boolean[] allowed, List<String> names) {
    for (int i = 0; i < lower.length(); i++) {
      int kind = OPEN_QUOTES.indexOf(lower.charAt(i));
      if (kind < 0) {
        continue;
      }
      int end = lower.indexOf(CLOSE_QUOTES.charAt(kind), i + 1);
      if (end < 0) {
        return null;
      }
      boolean covered = true;
      for (int k = i + 1; k < end && covered; k++) {
        covered = !Character.isLetterOrDigit(lower.charAt(k)) || allowed[k];
      }
      String inner = trimPunctuation(lower.substring(i + 1, end));
      if (!covered && !inner.isEmpty() && !startsAName(inner, names)) {
        return inner;
      }
      i = end;
    }
    return null;
  }

  private static boolean startsAName(String text, List<String> names) {
    for (String n : names) {
      if (n.startsWith(text) && (n.length() == text.length() || !latinWordChar(n.codePointAt(text.length()))
          || isCjk(text.codePointBefore(text.length())))) {
        return true;
      }
    }
    return false;
  }

  /** The lower-case names the answer may use: the item, cited titles, labels, terms, channels. */
  static List<String> allowedNames(Grounds g) {
    Set<String> out = new HashSet<>();
    addName(out, g.title());
    addName(out, g.itemId());
    for (Cited c : g.because()) {
      addName(out, c.title());
      addName(out, c.itemId());
    }
    for (SharedLabel l : g.sharedLabels()) {
      addName(out, l.label());
    }
    for (String t : g.matchedTerms()) {
      addName(out, t);
    }
    for (Contribution c : g.channels()) {
      addName(out, c.channel());
    }
    addName(out, g.model());
    List<String> sorted = new ArrayList<>(out);
    sorted.sort((a, b) -> Integer.compare(b.length(), a.length()));
    return sorted;
  }

  private static void addName(Set<String> out, String s) {
    if (s != null && !s.isBlank()) {
      out.add(s.strip().toLowerCase(Locale.ROOT));
    }
  }

  /** Ranks of retrieved channels, label counts and share percents. */
  static Set<String> allowedNumbers(Grounds g) {
    Set<String> out = new HashSet<>();
    for (Contribution c : Explanations.ranked(g.channels())) {
      out.add(Integer.toString(c.rank()));
    }
    for (SharedLabel l : g.sharedLabels()) {
      out.add(Integer.toString(l.historyCount()));
      out.add(Integer.toString(l.becauseCount()));
    }
    for (Cited c : g.because()) {
      out.add(Integer.toString(c.percent()));
    }
    out.add(Integer.toString(g.because().size()));
    if (g.profileShare() > 0) {
      out.add(Integer.toString(g.profilePercent()));
    }
    List<String> names = new ArrayList<>(); // numbers inside titles, labels and terms (not ids), e.g. of a shortened title
    names.add(g.title());
    g.because().forEach(c -> names.add(c.title()));
    g.sharedLabels().forEach(l -> names.add(l.label()));
    names.addAll(g.matchedTerms());
    for (String name : names) {
      Matcher m = DIGITS.matcher(name);
      while (m.find()) {
        out.add(m.group().replaceFirst("^0+(?=.)", ""));
      }
    }
    return out;
  }

  /** Whether a match at [at, at+len) has no Latin letter or digit glued to either Latin end. */
  private static boolean bounded(String s, int at, int len) {
    int end = at + len;
    boolean left = at == 0 || isCjk(s.codePointAt(at)) || !latinWordChar(s.codePointBefore(at));
    boolean right = end >= s.length() || isCjk(s.codePointBefore(end)) || !latinWordChar(s.codePointAt(end));
    return left && right;
  }

  private static boolean latinWordChar(int cp) {
    return Character.isLetterOrDigit(cp) && !isCjk(cp);
  }

  private static boolean covered(boolean[] allowed, int at, int len) {
    for (int k = at; k < at + len; k++) {
      if (!allowed[k]) {
        return false;
      }
    }
    return true;
  }

  /** 0-9 for ASCII and full-width digits, else -1. */
  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= '\uFF10' && c <= '\uFF19') {
      return c - '\uFF10';
    }
    return -1;
  }

  /** Sentence count: runs of . ! ? 。！？ (a '.' only before a space or the end), plus an unterminated tail. */
  static int sentences(String s) {
    int count = 0;
    boolean tail = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean end = c == '!' || c == '?' || c == '。' || c == '！' || c == '？'
          || (c == '.' && (i + 1 == s.length() || Character.isWhitespace(s.charAt(i + 1))));
      if (end) {
        if (tail) {
          count++;
        }
        tail = false;
      } else if (Character.isLetterOrDigit(c)) {
        tail = true;
      }
    }
    return count + (tail ? 1 : 0);
  }

  /** Han ideographs, kana and hangul: scripts written without spaces between words. */
  static boolean isCjk(int cp) {
    Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
    return sc == Character.UnicodeScript.HAN || sc == Character.UnicodeScript.HIRAGANA
        || sc == Character.UnicodeScript.KATAKANA || sc == Character.UnicodeScript.HANGUL;
  }
}
