package dev.tandem.llm.intent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Catalogue titles prepared for matching mentions in requests. Each title gives variants: the
 * title without a parenthesised part, each parenthesised part (a translation, "Dune (沙丘)"), and the
 * head before a colon when it is a single word ("Mistborn: The Final Empire" → "Mistborn"). Latin
 * variants match by tokens (see {@link #match}); Chinese ones by exact text. Immutable.
 */
final class TitleIndex {
  static final Set<String> STOP = Set.of("the", "a", "an", "of", "and", "to", "in", "on", "for", "with",
      "who", "at", "by", "that", "from");
  private static final Pattern TOKEN = Pattern.compile("[a-z0-9]+(?:'[a-z]+)?");
  private static final Pattern PAREN = Pattern.compile("[(（]([^)）]*)[)）]");

  /** A title variant: its item, its significant tokens (Latin) or text (Chinese). */
  record Variant(String itemId, String[] tokens, String cjk, boolean head) {}

  /** Common request words: a partial title match needs two matched tokens outside this set. */
  private static final Set<String> COMMON = Set.of("something", "anything", "like", "more", "books", "book", "good",
      "great", "best", "new", "one", "read", "love", "want", "give", "me", "some", "novel", "novels", "story",
      "stories", "please", "similar", "other", "else", "another", "again", "just", "really", "very", "same",
      "kind", "sort", "type", "you", "i", "my", "is", "it", "but", "not", "no", "all", "what", "this", "be");

  /** A token of a text with its span. */
  record Token(String text, int start, int end) {}

  /** A resolved mention: item, matched span, tokens matched, tokens in the variant. */
  record Hit(String itemId, int start, int end, int matched, int size, boolean head) {}

  final List<Variant> variants = new ArrayList<>();
  private final Map<String, String> titles;
  /** Chinese variants by their first two chars (as {@code c0 << 16 | c1}), in variant order. */
  private final LongIntMap cjkBigram = new LongIntMap();
  private int[][] cjkByBigram = new int[0][];
  /** The first variant (index) with each Chinese text, and with each Latin token sequence joined by spaces. */
  private final Map<String, Integer> firstCjk = new HashMap<>();
  private final Map<String, Integer> firstLatin = new HashMap<>();
  /**
   * Latin variants by the fuzzy keys ({@link #fuzzyKeys}) of each of their tokens: for key k, the
   * pairs (variant, token position) as {@code variant << 16 | position}, ascending.
   */
  private final Map<String, long[]> latinByKey = new HashMap<>();
  /** The longest Latin variant token; a longer request token matches none, even fuzzily. */
  private int longestToken;

  TitleIndex(Map<String, String> titles) {
    this.titles = titles;
    for (Map.Entry<String, String> e : new TreeMap<>(titles).entrySet()) {
      String id = e.getKey();
      String title = e.getValue().strip();
      Matcher m = PAREN.matcher(title);
      List<String> texts = new ArrayList<>();
      while (m.find()) {
        texts.add(m.group(1).strip());
      }
      String main = PAREN.matcher(title).replaceAll(" ").strip();
      texts.add(0, main);
      int colon = main.indexOf(':');
      if (colon > 0) {
        String head = main.substring(0, colon).strip();
        if (significant(head).size() == 1) {
          texts.add(head);
        }
      }
      for (int k = 0; k < texts.size(); k++) {
        String t = texts.get(k);
        boolean head = colon > 0 && k == texts.size() - 1 && significant(main.substring(0, colon)).size() == 1;
        if (t.isEmpty()) {
          continue;
        }
        if (LabelLexicon.hasCjk(t)) {
          if (t.length() >= 2) {
            variants.add(new Variant(id, new String[0], t, head));
          }
          // "哈利·波特与魔法石": also without the name dots, and its head before 与/之/：when 4+ characters
          String plain = CJK_DOTS.matcher(t).replaceAll("");
          if (!plain.equals(t) && plain.length() >= 2) {
            variants.add(new Variant(id, new String[0], plain, head));
          }
          Matcher h = CJK_HEAD.matcher(plain);
          if (h.find() && h.start() >= 4) {
            variants.add(new Variant(id, new String[0], plain.substring(0, h.start()), true));
            Matcher dotted = CJK_HEAD.matcher(t);
            if (!plain.equals(t) && dotted.find()) {
              variants.add(new Variant(id, new String[0], t.substring(0, dotted.start()), true)); // 哈利·波特
            }
          }
        } else {
          List<String> sig = significant(t);
          if (!sig.isEmpty()) {
            variants.add(new Variant(id, sig.toArray(new String[0]), null, head));
          }
          String digits = spelledYear(sig);
          if (digits != null) {
            variants.add(new Variant(id, new String[] {digits}, null, head)); // "Nineteen Eighty-Four" → 1984
          }
        }
      }
    }
    Map<Integer, List<Integer>> bigrams = new HashMap<>();
    Map<String, List<Long>> keys = new HashMap<>();
    for (int v = 0; v < variants.size(); v++) {
      Variant variant = variants.get(v);
      if (variant.cjk() != null) {
        firstCjk.putIfAbsent(variant.cjk(), v);
        bigrams.computeIfAbsent(bigram(variant.cjk(), 0), k -> new ArrayList<>()).add(v);
        continue;
      }
      firstLatin.putIfAbsent(String.join(" ", variant.tokens()), v);
      String[] tk = variant.tokens();
      for (int q = 0; q < tk.length && q < 65536; q++) {
        longestToken = Math.max(longestToken, tk[q].length());
        for (String k : fuzzyKeys(tk[q])) {
          List<Long> at = keys.computeIfAbsent(k, x -> new ArrayList<>());
          long pair = (long) v << 16 | q;
          if (at.isEmpty() || at.get(at.size() - 1) != pair) {
            at.add(pair);
          }
        }
      }
    }
    cjkByBigram = new int[bigrams.size()][];
    for (Map.Entry<Integer, List<Integer>> e : new TreeMap<>(bigrams).entrySet()) {
      cjkBigram.put(e.getKey(), cjkBigram.size());
      cjkByBigram[cjkBigram.size() - 1] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
    }
    keys.forEach((k, v) -> latinByKey.put(k, v.stream().mapToLong(Long::longValue).sorted().distinct().toArray()));
  }

  private static int bigram(String s, int at) {
    return s.charAt(at) << 16 | s.charAt(at + 1);
  }

  /**
   * Keys under which two words that are {@link #fuzzyEquals} share at least one: the word itself
   * and, when it has 5 or more letters, the word with each one letter deleted (a substitution
   * leaves both with the same deletion; an insertion makes the shorter a deletion of the longer).
   * Sharing a key is necessary, not sufficient: candidates are checked with fuzzyEquals.
   */
  static List<String> fuzzyKeys(String word) {
    List<String> out = new ArrayList<>();
    out.add(word);
    if (word.length() >= 5) {
      for (int i = 0; i < word.length(); i++) {
        out.add(word.substring(0, i) + word.substring(i + 1));
      }
    }
    return out;
  }

  /**
   * The item of the first variant named exactly by a quoted mention ({@code inner}, stripped):
   * the same Chinese text, or the same significant Latin tokens; null when none.
   */
  String quoted(String inner) {
    Integer cjk = firstCjk.get(inner);
    Integer latin = firstLatin.get(String.join(" ", significant(inner.toLowerCase(Locale.ROOT))));
    int best = Math.min(cjk == null ? Integer.MAX_VALUE : cjk, latin == null ? Integer.MAX_VALUE : latin);
    return best == Integer.MAX_VALUE ? null : variants.get(best).itemId();
  }

  private static final Pattern CJK_DOTS = Pattern.compile("[·・•．.\\s]");
  private static final Pattern CJK_HEAD = Pattern.compile("[与之：:—]");
  /** Number words of the tens, twenty..ninety (shared with the parser's spelled numbers). */
  static final List<String> TENS = List.of("twenty", "thirty", "forty", "fifty", "sixty", "seventy",
      "eighty", "ninety");
  /** Number words below twenty, zero..nineteen. */
  static final List<String> SMALL = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
      "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
      "eighteen", "nineteen");

  /**
   * A title that is a year spelled out the way years are read ("nineteen eighty four": two numbers
   * below 100) as digits ("1984"); null for any other title.
   */
  static String spelledYear(List<String> tokens) {
    int[] parts = new int[2];
    int k = 0;
    int i = 0;
    while (i < tokens.size() && k < 2) {
      int small = SMALL.indexOf(tokens.get(i));
      int tens = TENS.indexOf(tokens.get(i));
      if (small >= 10) {
        parts[k++] = small;
        i++;
      } else if (tens >= 0) {
        int v = 20 + 10 * tens;
        i++;
        if (i < tokens.size() && SMALL.indexOf(tokens.get(i)) >= 1 && SMALL.indexOf(tokens.get(i)) <= 9) {
          v += SMALL.indexOf(tokens.get(i));
          i++;
        }
        parts[k++] = v;
      } else {
        return null;
      }
    }
    return k == 2 && i == tokens.size() && parts[0] >= 10 ? Integer.toString(parts[0] * 100 + parts[1]) : null;
  }

  Map<String, String> titles() {
    return titles;
  }

  /** Lower-case tokens of {@code text} with apostrophes removed, stop words dropped. */
  static List<String> significant(String text) {
    List<String> out = new ArrayList<>();
    for (Token t : tokens(text.toLowerCase(Locale.ROOT))) {
      if (!STOP.contains(t.text())) {
        out.add(t.text());
      }
    }
    return out;
  }

  /** Latin tokens of an already lower-cased text, apostrophes removed ("children's" → "childrens"). */
  static List<Token> tokens(String lower) {
    List<Token> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(lower.replace('’', '\''));
    while (m.find()) {
      out.add(new Token(m.group().replace("'", ""), m.start(), m.end()));
    }
    return out;
  }

  /** Equal, or one edit apart when both have at least 5 letters. */
  static boolean fuzzyEquals(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (a.length() < 5 || b.length() < 5 || Math.abs(a.length() - b.length()) > 1) {
      return false;
    }
    return editDistanceAtMostOne(a, b);
  }

  private static boolean editDistanceAtMostOne(String a, String b) {
    if (a.length() > b.length()) {
      String t = a;
      a = b;
      b = t;
    }
    int i = 0;
    int j = 0;
    int edits = 0;
    while (i < a.length() && j < b.length()) {
      if (a.charAt(i) == b.charAt(j)) {
        i++;
        j++;
        continue;
      }
      if (++edits > 1) {
        return false;
      }
      if (a.length() == b.length()) {
        i++;
      }
      j++;
    }
    return edits + (b.length() - j) + (a.length() - i) <= 1;
  }

  /**
   * Latin title mentions in {@code lower}. A variant of n significant tokens matches a run of the
   * request's significant tokens that equals (fuzzily, one typo in words of 5+ letters) its first m
   * tokens, when m = n, or m >= 2 and m >= n / 2 ("harry potter"); a one-word variant ("Dune")
   * needs 4+ letters and a reference cue before it (like, than, to, loved...) or a capital letter in
   * {@code original}. Overlapping hits are left to the caller.
   */
  List<Hit> matchLatin(String lower, String original, boolean[] used) {
    List<Token> all = tokens(lower);
    List<Token> req = new ArrayList<>();
    for (Token t : all) {
      if (!STOP.contains(t.text()) && !used[t.start()]) {
        req.add(t);
      }
    }
    // whether a request token comes right after a reference cue ("like", "than"...), looked at once
    // per token and only when a candidate needs it: 0 not looked at, 1 cued, 2 not
    byte[] cued = new byte[req.size()];
    // Each (variant, start) pair is tried only when the request token at the start shares a fuzzy
    // key with the variant's token there, so the work per request token is bounded by the
    // catalogue, not by the request. Hits keep the order of trying every variant from every start:
    // by variant, then whole-title matches by start, then title tails by tail and start.
    List<long[]> found = new ArrayList<>(); // {variant, phase, tail start j, request start i}
    List<Hit> hitOf = new ArrayList<>();
    for (int i = 0; i < req.size(); i++) {
      String word = req.get(i).text();
      if (word.length() > longestToken + 1) {
        continue;
      }
      for (String key : fuzzyKeys(word)) {
        long[] pairs = latinByKey.get(key);
        if (pairs == null) {
          continue;
        }
        for (long pair : pairs) {
          int v = (int) (pair >>> 16);
          int j = (int) (pair & 0xffff);
          if (j == 0) {
            Hit h = wholeFrom(variants.get(v), req, i, lower, original, cued);
            if (h != null && seen(found, v, 0, 0, i)) {
              found.add(new long[] {v, 0, 0, i});
              hitOf.add(h);
            }
          } else if (cued(cued, lower, req, i)) {
            Hit h = tailFrom(variants.get(v), j, req, i);
            if (h != null && seen(found, v, 1, j, i)) {
              found.add(new long[] {v, 1, j, i});
              hitOf.add(h);
            }
          }
        }
      }
    }
    Integer[] order = new Integer[found.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, Comparator.comparingLong((Integer k) -> found.get(k)[0])
        .thenComparingLong(k -> found.get(k)[1]).thenComparingLong(k -> found.get(k)[2])
        .thenComparingLong(k -> found.get(k)[3]));
    List<Hit> hits = new ArrayList<>(order.length);
    for (Integer k : order) {
      hits.add(hitOf.get(k));
    }
    return hits;
  }

  private static boolean cued(byte[] cued, String lower, List<Token> req, int i) {
    if (cued[i] == 0) {
      cued[i] = cueBefore(lower, req.get(i).start()) ? (byte) 1 : (byte) 2;
    }
    return cued[i] == 1;
  }

  /** Whether {variant, phase, j, i} is not yet in {@code found} (a pair reached by two keys is tried once). */
  private static boolean seen(List<long[]> found, int v, int phase, int j, int i) {
    for (int k = found.size() - 1; k >= 0; k--) {
      long[] f = found.get(k);
      if (f[3] != i) {
        return true; // found is filled start by start
      }
      if (f[0] == v && f[1] == phase && f[2] == j) {
        return false;
      }
    }
    return true;
  }

  /** The variant matched from its first token at request token {@code i}, or null (see {@link #matchLatin}). */
  private static Hit wholeFrom(Variant v, List<Token> req, int i, String lower, String original, byte[] cued) {
    String[] tk = v.tokens();
    int m = 0;
    while (m < tk.length && i + m < req.size() && fuzzyEquals(req.get(i + m).text(), tk[m])) {
      m++;
    }
    if (m == 0) {
      return null;
    }
    Token first = req.get(i);
    boolean ok;
    if (tk.length == 1) {
      ok = tk[0].length() >= 4 && (cued(cued, lower, req, i)
          || Character.isUpperCase(original.charAt(first.start())));
    } else if (m == tk.length) {
      ok = true;
    } else {
      int distinctive = 0;
      for (int q = 0; q < m; q++) {
        distinctive += COMMON.contains(tk[q]) ? 0 : 1;
      }
      ok = distinctive >= 2 && 2 * m >= tk.length;
    }
    return ok ? new Hit(v.itemId(), first.start(), req.get(i + m - 1).end(), m, tk.length, v.head()) : null;
  }

  /**
   * The title's last words from token {@code j} on, matched at cued request token {@code i} ("anything
   * like Hail Mary" for Project Hail Mary): two or more distinctive tokens, at least half the title;
   * or null.
   */
  private static Hit tailFrom(Variant v, int j, List<Token> req, int i) {
    String[] tk = v.tokens();
    if (!(j + 2 <= tk.length && 2 * (tk.length - j) >= tk.length)) {
      return null;
    }
    int need = tk.length - j;
    if (i + need > req.size()) {
      return null;
    }
    int m = 0;
    while (m < need && fuzzyEquals(req.get(i + m).text(), tk[j + m])) {
      m++;
    }
    int distinctive = 0;
    for (int q = j; q < tk.length; q++) {
      distinctive += COMMON.contains(tk[q]) ? 0 : 1;
    }
    return m == need && distinctive >= 2
        ? new Hit(v.itemId(), req.get(i).start(), req.get(i + m - 1).end(), m, tk.length, v.head()) : null;
  }

  private static final Pattern CUE = Pattern.compile(
      "(?:like|than|to|as|loved|enjoyed|liked|read|像|类似|喜欢)\\s*(?:the\\s+)?$");

  private static boolean cueBefore(String lower, int start) {
    return CUE.matcher(lower).region(Math.max(0, start - 16), start).find();
  }

  /**
   * Chinese variants contained in {@code text} (exact substring), each at its first occurrence,
   * in variant order. One pass over the text: at each position only the variants starting with the
   * position's two chars are compared.
   */
  List<Hit> matchCjk(String text, boolean[] used) {
    int[] first = new int[variants.size()];
    Arrays.fill(first, -1);
    if (cjkByBigram.length > 0) {
      for (int i = 0; i + 1 < text.length(); i++) {
        int slot = cjkBigram.get(bigram(text, i));
        if (slot < 0) {
          continue;
        }
        for (int v : cjkByBigram[slot]) {
          if (first[v] < 0 && text.startsWith(variants.get(v).cjk(), i)) {
            first[v] = i;
          }
        }
      }
    }
    List<Hit> hits = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      int at = first[v];
      if (at >= 0 && !used[at]) {
        Variant variant = variants.get(v);
        hits.add(new Hit(variant.itemId(), at, at + variant.cjk().length(), variant.cjk().length(),
            variant.cjk().length(), variant.head()));
      }
    }
    return hits;
  }
}
