package dev.tandem.llm.intent;

import dev.tandem.llm.embed.Embedder;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The in-process, deterministic intent parser for English and Chinese: rules for references,
 * ranges, counts, negation and goal, a bilingual synonym table for labels, and (when given an
 * {@link Embedder}) zero-shot label prototypes for words the table does not know.
 *
 * <p>What it does, in order, on the NFKC-normalised text (Chinese numerals before a measure word
 * become digits: 三百页 → 300页):
 * <ol>
 *   <li><b>language</b>: {@code zh} when CJK characters are at least as many as Latin words;</li>
 *   <li><b>references</b>: titles in 《》, Chinese titles in the text, Latin titles by fuzzy token
 *       match (see {@link TitleIndex}); ordinals ("the second one", "第二本", "最后一本") against
 *       {@code shown};</li>
 *   <li><b>ranges</b> on {@link IntentCatalogue#numericAttributes()}: the attribute comes from a
 *       unit ($ € £ dollars euros pages stars 页 元 星 分 年), a 4-digit year, or a nearby attribute
 *       word (price, rating, 评分, 价格); the bound from a cue (under, at most, over, at least,
 *       between, after, before, since, newer/older than, 以内, 以下, 以上, 超过, 之后, 以前, 之间...).
 *       Bounds are the stated number, inclusive, except English after/before/newer than/older
 *       than on years, which are strict (after 2015 = 2016+). "shorter/longer/newer/older/cheaper"
 *       (短一点, 更短...) next to a reference become a strict range around the reference's value
 *       when the catalogue is an {@link AttributeCatalogue};</li>
 *   <li><b>count</b>: the first free small number or number word ("5", "five", "top 10", "a
 *       couple" = 2, "a dozen" = 12, 三本 = 3); "a few", "some", 几本 give 0;</li>
 *   <li><b>negation</b>: a cue (no, not, don't, without, nothing, avoid, except, isn't, aren't,
 *       less; 不要, 不想, 别, 没有, 除了, 不是...) opens a scope that ends at punctuation or a contrast
 *       word (but, just; 但, 的); labels inside go to {@code exclude};</li>
 *   <li><b>labels</b> from the synonym table (longest phrase first), then from prototypes: each
 *       remaining content phrase is embedded and mapped to the closest label prototype when their
 *       cosine is at least the threshold. A label named (table or name) goes to {@code include} or,
 *       negated, {@code exclude}; a label only the encoder inferred goes to {@link Intent#prefer()}
 *       (a preference, not a filter) or, negated, to {@code exclude} (leaving out more is the safe
 *       side of a wrong guess);</li>
 *   <li><b>goal</b>: similar-to when a reference is resolved; search for an about/on/covering/关于/
 *       讲/介绍 phrase without a taste word (recommend, good, love, 推荐, 喜欢...); else recommend.
 *       Words inside the about-phrase are the topic, never labels;</li>
 *   <li><b>query</b>: the text without the words the rules consumed and without negated words (for
 *       search: the topic).</li>
 * </ol>
 * Include and exclude hold catalogue labels only.
 *
 * <p>Cost: linear in the text, whatever it holds (issue 12: a 40 KB request took 54 s, 10 KB of
 * filler overflowed the stack). Patterns run on the request only where each try from a position
 * does bounded work, or a run is tried from its first char; group repetitions are bounded or
 * possessive (java.util.regex recurses once per iteration of a greedy group); look-ups that were a
 * scan per cue, per scope or per catalogue entry are indexes built once (negation ends, the union of
 * negation scopes, a phrase trie of the synonym entries, title variants by first token and by
 * first two chars); the encoder embeds each distinct phrase once and at most {@link #MAX_PHRASES}
 * of them; runs of more than {@link #MAX_MARKS} combining marks are cut. Any text is accepted; a
 * blank one is the only error. Lone surrogates and control chars are text like any other.
 *
 * <p>Thread-safe: parse may be called concurrently. Label prototypes are computed once per labels
 * set (and title indexes once per titles map) and cached.
 *
 * {@snippet :
 * IntentParser parser = new RuleIntentParser(Embedders.builtIn("bge-small-en-v15-q"));
 * Intent i = parser.parse("cosy mysteries, nothing too dark, under 300 pages", catalogue, List.of());
 * // include [cozy, mystery], exclude [dark], ranges [pages -inf..300]
 * }
 */
public final class RuleIntentParser implements IntentParser {
  /**
   * The default prototype threshold: cosine of a phrase with its closest label prototype at or
   * above which the phrase names the label. Calibrated on the dev split of the intent test set
   * with {@code bge-small-en-v15-q} (see IntentAccuracyTest).
   */
  public static final double DEFAULT_THRESHOLD = 0.80;

  /**
   * The default threshold for Chinese phrases against Chinese label names with {@code
   * bge-small-zh-v15}, whose cosines run lower; calibrated the same way.
   */
  public static final double DEFAULT_ZH_THRESHOLD = 0.56;

  private final Embedder embedder;
  private final Supplier<Embedder> zhSource;
  private volatile Embedder zhEmbedder;
  private volatile boolean zhResolved;
  private final double threshold;
  private final double zhThreshold;
  private volatile LabelPrototypes prototypes;
  private volatile LabelPrototypes zhPrototypes;
  private volatile TitleIndex titleIndex;
  private volatile LexiconCache lexicon;

  /** The synonym entries of one labels set, and a trie of their phrases. */
  private record LexiconCache(Set<String> labels, List<LabelLexicon.Entry> entries, PhraseTrie trie) {}

  /** A parser with rules and the synonym table only (no encoder). */
  public RuleIntentParser() {
    this(null, DEFAULT_THRESHOLD, null, DEFAULT_ZH_THRESHOLD);
  }

  /**
   * A parser whose English prototypes use {@code embedder}; Chinese requests map labels through the
   * synonym table. The default threshold was calibrated for {@code bge-small-en-v1.5(-q)} only: with
   * any other model (whose cosines run on another scale) the encoder is not used, since a label it
   * maps wrongly becomes a hard constraint; pass an explicit threshold to the four-argument
   * constructor to use another model.
   *
   * @param embedder the encoder for label prototypes, or null for rules and synonyms only
   */
  public RuleIntentParser(Embedder embedder) {
    this(calibrated(embedder, EN_MODELS), DEFAULT_THRESHOLD, null, DEFAULT_ZH_THRESHOLD);
  }

  /**
   * A parser with an English and a Chinese encoder and the default thresholds, each used only when
   * it is the model its threshold was calibrated for ({@code bge-small-en-v1.5(-q)}, {@code
   * bge-small-zh-v1.5}); see {@link #RuleIntentParser(Embedder)}.
   *
   * @param embedder encoder for English phrases, or null
   * @param zhEmbedder encoder for Chinese phrases ({@code bge-small-zh-v15}), or null
   */
  public RuleIntentParser(Embedder embedder, Embedder zhEmbedder) {
    this(calibrated(embedder, EN_MODELS), DEFAULT_THRESHOLD, calibrated(zhEmbedder, ZH_MODELS),
        DEFAULT_ZH_THRESHOLD);
  }

  /**
   * Like {@link #RuleIntentParser(Embedder, Embedder)}, with the Chinese encoder asked for on the
   * first Chinese request that needs prototypes (an English-only service never loads it). If the
   * supplier fails (e.g. the model is not on the class path) or gives an uncalibrated model,
   * Chinese labels come from the synonym table alone, and the reason is logged once.
   *
   * @param embedder encoder for English phrases, or null
   * @param zhEncoder gives the encoder for Chinese phrases ({@code bge-small-zh-v15}), asked once
   */
  public RuleIntentParser(Embedder embedder, Supplier<Embedder> zhEncoder) {
    this(calibrated(embedder, EN_MODELS), DEFAULT_THRESHOLD, null, DEFAULT_ZH_THRESHOLD, zhEncoder);
  }

  private static final Set<String> EN_MODELS = Set.of("bge-small-en-v1.5-q", "bge-small-en-v1.5");
  private static final Set<String> ZH_MODELS = Set.of("bge-small-zh-v1.5");

  private static Embedder calibrated(Embedder e, Set<String> models) {
    if (e == null || models.contains(e.modelId())) {
      return e;
    }
    org.slf4j.LoggerFactory.getLogger(RuleIntentParser.class).info(
        "intent parser: label prototypes off for embedding model {} (default thresholds are calibrated for {});"
        + " labels come from the synonym table", e.modelId(), models);
    return null;
  }

  /**
   * A parser with separate encoders and thresholds.
   *
   * @param embedder encoder for English phrases and prototypes, or null for rules and synonyms
   * @param threshold cosine at or above which an English phrase maps to its closest label, in (0, 1]
   * @param zhEmbedder encoder for Chinese phrases against Chinese label names (e.g. {@code
   *     bge-small-zh-v15}), or null to map Chinese only through the synonym table
   * @param zhThreshold the same for Chinese, in (0, 1]
   * @throws IllegalArgumentException if a threshold is outside (0, 1]
   */
  public RuleIntentParser(Embedder embedder, double threshold, Embedder zhEmbedder, double zhThreshold) {
    this(embedder, threshold, zhEmbedder, zhThreshold, null);
  }

  private RuleIntentParser(Embedder embedder, double threshold, Embedder zhEmbedder, double zhThreshold,
      Supplier<Embedder> zhSource) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold (" + threshold + ") must be in (0, 1]");
    }
    if (!(zhThreshold > 0 && zhThreshold <= 1)) {
      throw new IllegalArgumentException("zhThreshold (" + zhThreshold + ") must be in (0, 1]");
    }
    this.embedder = embedder;
    this.zhEmbedder = zhEmbedder;
    this.zhSource = zhSource;
    this.zhResolved = zhSource == null;
    this.threshold = threshold;
    this.zhThreshold = zhThreshold;
  }

  /** The English prototype threshold this parser uses. */
  public double threshold() {
    return threshold;
  }

  /** The Chinese prototype threshold this parser uses. */
  public double zhThreshold() {
    return zhThreshold;
  }

  /**
   * Builds what this parser caches for {@code catalogue} (title index, synonym entries, label
   * prototypes when an encoder is set) now rather than on the first request: on a tag-rich
   * catalogue the prototypes take seconds. Optional; thread-safe.
   */
  public void prepare(IntentCatalogue catalogue) {
    titles(catalogue);
    lexicon(catalogue);
    if (embedder != null && !catalogue.labels().isEmpty()) {
      prototypes(catalogue, false);
    }
    if (zhResolved && zhEmbedder != null && !catalogue.labels().isEmpty()) {
      prototypes(catalogue, true);
    }
  }

  @Override
  public Intent parse(String text, IntentCatalogue catalogue, List<String> shown) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text (" + (text == null ? "null" : "'" + text + "'")
          + ") must be a non-blank request");
    }
    if (catalogue == null) {
      throw new IllegalArgumentException("catalogue must not be null");
    }
    List<String> shownItems = shown == null ? List.of() : shown;
    Request r = new Request(normalise(text));
    String language = r.zh ? "zh" : "en";

    List<Integer> refStarts = new ArrayList<>();
    List<Reference> refs = references(r, titles(catalogue), shownItems, refStarts);
    List<Range> ranges = new ArrayList<>();
    Set<String> attrs = catalogue.numericAttributes();
    numbers(r, attrs, ranges);
    relative(r, catalogue, refs, ranges);
    int count = count(r);
    Scopes negations = negations(r);
    int[] about = about(r);
    Set<String> include = new LinkedHashSet<>();
    Set<String> exclude = new LinkedHashSet<>();
    labels(r, catalogue, negations, about, include, exclude);
    if (r.ageLabel != null) {
      for (LabelLexicon.Entry e : lexicon(catalogue)) {
        if (e.phrase().equals(r.ageLabel)) {
          include.add(e.label()); // the catalogue's spelling of the concept
        }
      }
    }
    Set<String> prefer = new LinkedHashSet<>();
    Set<String> inferredExclude = new LinkedHashSet<>();
    prototypeLabels(r, catalogue, negations, about, prefer, inferredExclude);
    include.removeAll(exclude);
    inferredExclude.removeAll(include); // "fantasy books with no dragons": a guess never lifts a named label
    if (r.ageLabel != null) {
      prefer.removeIf(l -> AUDIENCES.contains(LabelLexicon.concept(l))); // a stated age decides the audience
    }
    exclude.addAll(inferredExclude);
    prefer.removeAll(exclude);
    prefer.removeAll(include);

    // a reference inside a negation ("不要第一本", "not the first one") is an unwanted item: its id is excluded
    boolean liked = false;
    for (int k = 0; k < refs.size(); k++) {
      if (inScope(negations, refStarts.get(k))) {
        exclude.add(refs.get(k).itemId());
      } else {
        liked = true;
      }
    }
    Goal goal = Goal.RECOMMEND;
    if (liked) {
      goal = Goal.SIMILAR_TO;
    } else if (about != null && !TASTE.matcher(r.lower).find()) {
      goal = Goal.SEARCH;
    }
    String query = goal == Goal.SEARCH ? cleanQuery(r.text.substring(about[0], about[1]))
        : query(r, negations);
    return new Intent(goal, List.copyOf(include), List.copyOf(exclude), ranges, count, refs, query, language,
        List.copyOf(prefer));
  }

  // ---------------------------------------------------------------- normalisation

  /** The working text: the normalised request, its lower-case copy, and which chars rules consumed. */
  static final class Request {
    final String text;
    final String lower;
    final boolean[] used;
    final boolean zh;
    /** The label a reader's age implies ("for a 10 year old": children), or null. */
    String ageLabel;

    Request(String text) {
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
      m.appendReplacement(out, Integer.toString(chineseNumber(m.group(1))));
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
      int v = englishNumber(w.group(1).toLowerCase(Locale.ROOT));
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

  // ---------------------------------------------------------------- references

  private TitleIndex titles(IntentCatalogue catalogue) {
    Map<String, String> t = catalogue.titles();
    TitleIndex idx = titleIndex;
    if (idx == null || (idx.titles() != t && !idx.titles().equals(t))) {
      idx = new TitleIndex(t);
      titleIndex = idx;
    }
    return idx;
  }

  private static final String ORD = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last"
      + "|\\d{1,2}(?:st|nd|rd|th)";
  private static final Pattern ORDINAL_EN = Pattern.compile(
      "\\b(?:(?:the|that|this)\\s+(" + ORD + ")(?:\\s+(?:one|book|title|pick|item|suggestion|option))?"
      + "|(" + ORD + ")\\s+(?:one|book|title|pick|suggestion|option))\\b");
  private static final Pattern ORDINAL_ZH = Pattern.compile(
      "第\\s*+(\\d++)\\s*+[本个部项条种款]?|最后\\s*+(?:1|那|这)?\\s*+[本个部项]");
  /** "the top one", "number 3", "#2": positions in the previous turn's list (only when one was shown). */
  private static final Pattern ORDINAL_POS = Pattern.compile(
      "\\b(?:the\\s+)?(top)\\s+(?:one|pick|book|suggestion)\\b|\\bnumber\\s+(\\d{1,2})\\b|#(\\d{1,2})\\b");
  private static final List<String> ORD_WORDS = List.of("first", "second", "third", "fourth", "fifth", "sixth",
      "seventh", "eighth", "ninth", "tenth");

  private static List<Reference> references(Request r, TitleIndex idx, List<String> shown, List<Integer> starts) {
    // ordinals with a noun ("the second one", 第二本) first, so a title cannot take them ("Seconds")
    List<int[]> ordinals = new ArrayList<>();
    ordinals(r, shown, ordinals, true);
    List<TitleIndex.Hit> hits = new ArrayList<>();
    // 《...》: what the pattern 《([^》]+)》 finds, by index (its find from every 《 of "《《《..."
    // scanned to the end of the text each time)
    int from = 0;
    while (true) {
      int open = r.text.indexOf('《', from);
      int close = open < 0 ? -1 : r.text.indexOf('》', open + 1);
      if (close < 0) {
        break;
      }
      if (close == open + 1) {
        from = open + 1; // 《》: nothing inside
        continue;
      }
      String best = idx.quoted(r.text.substring(open + 1, close).strip());
      if (best != null) {
        hits.add(new TitleIndex.Hit(best, open, close + 1, 100, 100, false));
      }
      from = close + 1;
    }
    hits.addAll(idx.matchCjk(r.text, r.used));
    hits.addAll(idx.matchLatin(r.lower, r.text, r.used));
    hits.sort(Comparator.comparingInt((TitleIndex.Hit h) -> -h.matched())
        .thenComparingInt(h -> -(h.matched() == h.size() ? 1 : 0))
        .thenComparingInt(h -> h.head() ? 1 : 0)
        .thenComparingInt(TitleIndex.Hit::start).thenComparing(TitleIndex.Hit::itemId));
    List<TitleIndex.Hit> kept = new ArrayList<>();
    for (TitleIndex.Hit h : hits) {
      if (r.free(h.start(), h.end())) {
        r.use(h.start(), h.end());
        kept.add(h);
      }
    }
    ordinals(r, shown, ordinals, false);
    List<int[]> spans = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> mentions = new ArrayList<>();
    for (TitleIndex.Hit h : kept) {
      spans.add(new int[] {h.start(), ids.size()});
      ids.add(h.itemId());
      mentions.add(r.text.substring(h.start(), h.end()));
    }
    for (int[] o : ordinals) {
      if (o[1] >= 0 && o[1] < shown.size()) {
        spans.add(new int[] {o[0], ids.size()});
        ids.add(shown.get(o[1]));
        mentions.add("#" + (o[1] + 1));
      }
    }
    spans.sort(Comparator.comparingInt((int[] s) -> s[0]));
    List<Reference> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int[] s : spans) {
      String id = ids.get(s[1]);
      if (seen.add(id)) {
        out.add(new Reference(mentions.get(s[1]), id));
        starts.add(s[0]);
      }
    }
    return out;
  }

  private static final Pattern ORDINAL_NOUN = Pattern.compile("(?:one|book|title|pick|item|suggestion|option)$");

  /**
   * Positions in the previous turn's list named in the request, as {start, index} (index may fall
   * outside {@code shown}; the caller drops those). With {@code withNoun}, only forms that say
   * which thing is meant ("the second one", 第二本, "number 3"), matched before titles.
   */
  private static void ordinals(Request r, List<String> shown, List<int[]> ordinals, boolean withNoun) {
    Matcher m = ORDINAL_EN.matcher(r.lower);
    while (m.find()) {
      if (!r.free(m.start(), m.end()) || withNoun != ORDINAL_NOUN.matcher(m.group()).find()) {
        continue;
      }
      String w = m.group(1) != null ? m.group(1) : m.group(2);
      int index = w.equals("last") ? shown.size() - 1
          : Character.isDigit(w.charAt(0)) ? digits(w.substring(0, w.length() - 2)) - 1 : ORD_WORDS.indexOf(w);
      r.use(m.start(), m.end());
      ordinals.add(new int[] {m.start(), index});
    }
    Matcher pos = ORDINAL_POS.matcher(r.lower);
    while (!shown.isEmpty() && pos.find()) {
      if (!r.free(pos.start(), pos.end())) {
        continue;
      }
      int index = pos.group(1) != null ? 0 : digits(pos.group(2) != null ? pos.group(2) : pos.group(3)) - 1;
      r.use(pos.start(), pos.end());
      ordinals.add(new int[] {pos.start(), index});
    }
    Matcher z = ORDINAL_ZH.matcher(r.text);
    while (z.find()) {
      if (!r.free(z.start(), z.end())) {
        continue;
      }
      int index = z.group(1) != null ? digits(z.group(1)) - 1 : shown.size() - 1;
      r.use(z.start(), z.end());
      ordinals.add(new int[] {z.start(), index});
    }
  }

  // ---------------------------------------------------------------- ranges

  private static final Pattern NUMBER = Pattern.compile(
      "([$€£])?\\s?(\\d+(?:\\.\\d+)?)(s\\b)?(\\+)?"
      + "(\\s*(?:pages?\\b|pp\\b|stars?\\b|dollars?\\b|bucks\\b|euros?\\b|pounds?\\b|usd\\b|eur\\b"
      + "|rating\\b|页|美元|美金|元|块钱|块|星|分|年代|年))?");
  private static final Pattern ATTR_WORD = Pattern.compile(
      "(price|priced|cost|costs|costing|cheaper|pricier|价格|价钱|售价)|(rating|rated|score|评分|分数)"
      + "|(pages|page count|length|页数)");
  private static final Pattern PREFIX = Pattern.compile(
      "(?:(?<max>under|below|less than|fewer than|at most|no more than|not more than|not over|nothing over"
      + "|nothing above|up to|cheaper than|shorter than|maximum|max|within|no longer than|lower than|smaller than"
      + "|不超过|少于|低于|不到|不足|最多|小于)"
      + "|(?<min>over|above|more than|at least|no less than|not under|minimum|min|longer than|greater than"
      + "|higher than|超过|多于|高于|至少|大于|不少于|不低于|最少)"
      + "|(?<after>after|newer than|later than|post-?)|(?<before>before|older than|earlier than|pre-?)"
      + "|(?<since>since|starting)|(?<in>from the|from|in the|in))(?:\\s+an?)?\\s*$");
  private static final Pattern SUFFIX = Pattern.compile(
      "^\\s*(?:(?<max>以内|以下|之内|内|or less|or fewer|or under|or below|max\\b|maximum|tops\\b|at most|or earlier|or cheaper)"
      + "|(?<min>以上|or more|or above|or higher|or better|minimum|min\\b|at least|and up|and above|plus\\b"
      + "|or later|or newer|onwards|on\\b"
      + "|以后|之后|后)|(?<before>以前|之前|前))");
  private static final Pattern BETWEEN_SEP = Pattern.compile("^\\s*(?:and|to|-|–|~|到|至)\\s*$");
  private static final Pattern SETTING = Pattern.compile("\\bset\\s+(?:in|during)\\s+(?:the\\s+)?$");
  private static final Pattern LAST_CENTURY = Pattern.compile("(?:上个?世纪|二十世纪|20世纪)的?$");
  private static final Set<String> AUDIENCES = Set.of("children", "young adult");
  private static final Pattern AGE_OWNER = Pattern.compile(
      "\\b(?:daughter|son|kid|child|niece|nephew|boy|girl|grandson|granddaughter|grandchild|grandkid)"
      + "(?:\\s+(?:is|who\\s+is|who's|turned|turning|just\\s+turned|aged))?\\s*,?\\s*$");
  private static final Pattern AGE = Pattern.compile("\\d++\\s*+[- ]?\\s*+(?:years?|yrs?)[- ]?old|\\d++\\s*+岁");
  private static final Pattern RANGE_LEAD = Pattern.compile("(?:between|from|在)\\s*$");
  private static final Pattern RANGE_TAIL = Pattern.compile("^\\s*(?:之间|的范围|范围内)");
  private static final Pattern LABEL_TAIL_ZH = Pattern.compile("的(\\p{IsHan}{2,4})$");
  private static final Pattern ABOUT_TAIL_ZH = Pattern.compile("的?(?:入门)?(?:书籍|书|小说|读物)$");
  private static final Pattern CLAUSE = Pattern.compile("[,.;!?，。；！？]");

  // (compiled once: String.matches compiles its pattern on every call, once per number of the request)
  private static final Pattern PRICE_UNIT = Pattern.compile("dollars?|bucks|euros?|pounds?|usd|eur|美元|美金|元|块钱|块");
  private static final Pattern PAGES_UNIT = Pattern.compile("pages?|pp|页");
  private static final Pattern RATING_UNIT = Pattern.compile("stars?|rating|星|分");
  private static final Pattern PAGES_WORD = Pattern.compile("shorter|longer|.*短.*|.*薄.*|.*长.*");
  private static final Pattern PRICE_WORD = Pattern.compile("cheaper|.*便宜.*");
  private static final Pattern BELOW_WORD = Pattern.compile("shorter|older|cheaper|.*短.*|.*薄.*|.*旧.*|.*便宜.*");

  /** A number in the request. */
  private record Num(int start, int numStart, int end, double value, String attribute, boolean decade,
      boolean plus) {}

  private static void numbers(Request r, Set<String> attrs, List<Range> ranges) {
    List<Num> nums = new ArrayList<>();
    Matcher m = NUMBER.matcher(r.lower);
    while (m.find()) {
      if (!r.free(m.start(2), m.end(2))) {
        continue;
      }
      if (m.start(2) > 0 && Character.isLetter(r.lower.charAt(m.start(2) - 1))
          && !LabelLexicon.isCjk(r.lower.charAt(m.start(2) - 1))) {
        continue; // part of a word such as "mp3"
      }
      double v = Double.parseDouble(m.group(2));
      String unit = m.group(5) == null ? "" : m.group(5).strip();
      if ((m.group(3) != null || unit.equals("年代")) && m.group(2).length() == 2) {
        // "the 80s", 90年代; 上世纪/二十世纪 (last century) fixes the 1900s
        int lead = Math.max(0, m.start(2) - 5);
        Matcher century = LAST_CENTURY.matcher(r.lower.substring(lead, m.start(2)));
        boolean last = century.find();
        if (last) {
          r.use(lead + century.start(), lead + century.end());
        }
        v += last || v >= 30 ? 1900 : 2000;
      }
      String attr = null;
      boolean decade = m.group(3) != null || unit.equals("年代");
      if (m.group(1) != null || PRICE_UNIT.matcher(unit).matches()) {
        attr = "price";
      } else if (PAGES_UNIT.matcher(unit).matches()) {
        attr = "pages";
      } else if (RATING_UNIT.matcher(unit).matches()) {
        attr = "rating";
      } else if (unit.startsWith("年") || decade) {
        attr = "year";
      } else if (m.group(2).length() == 4 && v >= 1000 && v <= 2100) { // 4 chars and >= 1000: four digits
        attr = "year";
      } else {
        String before = clause(r.lower, Math.max(0, m.start() - 24), m.start(), true);
        Matcher a = ATTR_WORD.matcher(before);
        while (a.find()) {
          attr = a.group(1) != null ? "price" : a.group(2) != null ? "rating" : "pages";
        }
      }
      if ("year".equals(attr) && SETTING.matcher(r.lower.substring(Math.max(0, m.start(2) - 12), m.start(2))).find()) {
        r.use(m.start(2), m.end()); // "set in the 1920s" is the story's time, not the publication year
        continue;
      }
      Matcher age = AGE.matcher(r.lower).region(m.start(2), r.lower.length());
      boolean owner = unit.isEmpty() && m.group(1) == null
          && AGE_OWNER.matcher(r.lower.substring(Math.max(0, m.start(2) - 32), m.start(2))).find();
      if (owner) {
        r.use(m.start(2), m.end(2)); // "my daughter is 15": a reader's age
        int years = (int) v;
        r.ageLabel = years <= 12 ? "children" : years <= 17 ? "young adult" : null;
        continue;
      }
      if (age.lookingAt()) {
        r.use(m.start(2), age.end()); // "a 10 year old" is a reader's age, not a count
        int years = (int) v;
        r.ageLabel = years <= 12 ? "children" : years <= 17 ? "young adult" : null;
        continue;
      }
      nums.add(new Num(m.start(), m.start(2), m.end(), v, attr, decade, m.group(4) != null));
    }
    for (int i = 0; i < nums.size(); i++) {
      Num a = nums.get(i);
      if (i + 1 < nums.size()) {
        Num b = nums.get(i + 1);
        String between = r.lower.substring(a.end(), b.start());
        if (BETWEEN_SEP.matcher(between).matches() && (a.attribute() != null || b.attribute() != null)) {
          String attr = a.attribute() != null ? a.attribute() : b.attribute();
          int start = a.start();
          Matcher lead = RANGE_LEAD.matcher(r.lower.substring(Math.max(0, start - 9), start));
          if (lead.find()) {
            start = Math.max(0, start - 9) + lead.start();
          }
          int end = b.end();
          Matcher tail = RANGE_TAIL.matcher(r.lower).region(end, r.lower.length());
          if (tail.lookingAt()) {
            end = tail.end();
          }
          String name = attributeName(attr, attrs);
          if (name != null) {
            ranges.add(new Range(name, Math.min(a.value(), b.value()), Math.max(a.value(), b.value())));
          }
          r.use(start, end);
          i++;
          continue;
        }
      }
      if (a.attribute() == null) {
        continue;
      }
      single(r, a, attrs, ranges);
    }
  }

  private static void single(Request r, Num n, Set<String> attrs, List<Range> ranges) {
    String before = clause(r.lower, Math.max(0, n.start() - 30), n.start(), true);
    int beforeStart = n.start() - before.length();
    Matcher p = PREFIX.matcher(before);
    Matcher s = SUFFIX.matcher(clause(r.lower, n.end(), Math.min(r.lower.length(), n.end() + 14), false));
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    double v = n.value();
    boolean year = n.attribute().equals("year");
    int start = n.start();
    int end = n.end();
    boolean found = true;
    if (n.plus()) {
      lo = v;
    } else if (s.find()) {
      end += s.end();
      if (s.group("max") != null || s.group("before") != null) {
        hi = v;
      } else {
        lo = v;
      }
    } else if (p.find()) {
      start = beforeStart + p.start();
      Matcher neg = NEGATED_CUE.matcher(before.substring(0, p.start()));
      if (neg.find() && (p.group("max") != null || p.group("min") != null || p.group("after") != null
          || p.group("before") != null)) {
        // "nothing published before 2000", "not longer than 380 pages": the other side, with the
        // stated number inclusive (before 2000 excludes up to 1999, so 2000 is allowed)
        start = beforeStart + neg.start();
        boolean upper = p.group("max") != null || p.group("before") != null;
        ranges.add(negatedRange(n, attrs, upper));
        ranges.removeIf(Objects::isNull);
        r.use(start, end);
        return;
      }
      if (p.group("max") != null) {
        hi = v;
      } else if (p.group("min") != null) {
        lo = v;
      } else if (p.group("after") != null) {
        lo = year ? v + 1 : v;
      } else if (p.group("before") != null) {
        hi = year ? v - 1 : v;
      } else if (p.group("since") != null) {
        lo = v;
      } else if (year) {
        lo = v;
        hi = n.decade() ? v + 9 : v;
      } else {
        found = false;
      }
    } else if (year && (n.decade() || r.lower.substring(n.numStart(), n.end()).contains("年"))) {
      lo = v;
      hi = n.decade() ? v + 9 : v;
    } else {
      found = false;
    }
    if (!found) {
      return;
    }
    if (n.decade() && hi == Double.POSITIVE_INFINITY && lo == v) {
      hi = v + 9;
    }
    String name = attributeName(n.attribute(), attrs);
    if (name != null) {
      ranges.add(new Range(name, lo, hi));
    }
    r.use(start, end);
  }

  private static final Pattern NEGATED_CUE = Pattern.compile(
      "\\b(?:nothing|no|not|never|none)(?:\\s+(?:published|released|written|priced|rated|that'?s|that is|which is"
      + "|books?|titles?))?\\s*$|(?:不要|别|不能|不可以)\\s*$");

  /** A single-sided range on {@code n}'s attribute with the stated value as the inclusive bound on the other side. */
  private static Range negatedRange(Num n, Set<String> attrs, boolean statedUpper) {
    String name = attributeName(n.attribute(), attrs);
    if (name == null) {
      return null;
    }
    return statedUpper ? new Range(name, n.value(), Double.POSITIVE_INFINITY)
        : new Range(name, Double.NEGATIVE_INFINITY, n.value());
  }

  /**
   * The catalogue's name for an attribute concept (pages, price, year, rating): the concept itself
   * when the catalogue has it, else the shortest attribute whose name contains it or a known
   * variant and is not a count ({@code average_rating} for rating, never {@code ratings_count};
   * {@code num_pages}, {@code original_publication_year}); null when there is none.
   */
  static String attributeName(String concept, Set<String> attrs) {
    if (attrs.contains(concept)) {
      return concept;
    }
    List<String> variants = switch (concept) {
      case "pages" -> List.of("pages", "page");
      case "price" -> List.of("price", "cost");
      case "rating" -> List.of("rating", "stars", "score");
      default -> List.of(concept);
    };
    String best = null;
    for (String a : new TreeSet<>(attrs)) {
      String l = a.toLowerCase(Locale.ROOT);
      if (l.contains("count") || l.contains("number_of") || l.startsWith("n_")) {
        continue;
      }
      for (String v : variants) {
        if (l.contains(v) && (best == null || a.length() < best.length())) {
          best = a;
        }
      }
    }
    return best;
  }

  /** The part of [from, to) within one clause: after the last clause mark (back) or before the first. */
  private static String clause(String s, int from, int to, boolean back) {
    String part = s.substring(from, to);
    Matcher c = CLAUSE.matcher(part);
    int cut = back ? 0 : part.length();
    while (c.find()) {
      if (back) {
        cut = c.end();
      } else {
        cut = c.start();
        break;
      }
    }
    return back ? part.substring(cut) : part.substring(0, cut);
  }

  private static final Pattern RELATIVE = Pattern.compile(
      "\\b(shorter|longer|newer|more recent|more modern|older|cheaper)\\b|(短一点|短一些|短些|更短|薄一点|更薄|长一点|更长|新一点|更新|旧一点|更便宜|便宜一点)");

  private static void relative(Request r, IntentCatalogue catalogue, List<Reference> refs, List<Range> ranges) {
    Matcher m = RELATIVE.matcher(r.lower);
    Set<String> constrained = new HashSet<>();
    for (Range g : ranges) {
      constrained.add(g.attribute());
    }
    while (m.find()) {
      if (!r.free(m.start(), m.end())) {
        continue;
      }
      r.use(m.start(), m.end());
      if (refs.isEmpty() || !(catalogue instanceof AttributeCatalogue ac)) {
        continue;
      }
      String w = m.group();
      String attr = PAGES_WORD.matcher(w).matches() ? "pages" : PRICE_WORD.matcher(w).matches() ? "price" : "year";
      boolean below = BELOW_WORD.matcher(w).matches();
      attr = attributeName(attr, catalogue.numericAttributes());
      if (attr == null) {
        continue;
      }
      double v = ac.attribute(refs.get(0).itemId(), attr);
      if (constrained.contains(attr) || Double.isNaN(v)) {
        continue;
      }
      constrained.add(attr);
      double step = attr.equals("price") ? 0.01 : 1;
      ranges.add(below ? new Range(attr, Double.NEGATIVE_INFINITY, v - step)
          : new Range(attr, v + step, Double.POSITIVE_INFINITY));
    }
  }

  // ---------------------------------------------------------------- count

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

  private static int count(Request r) {
    List<int[]> found = new ArrayList<>(); // {position, value, end}
    Matcher z = COUNT_ZH.matcher(r.text);
    while (z.find()) {
      if (r.free(z.start(), z.end()) && (z.start() == 0 || r.text.charAt(z.start() - 1) != '第')) {
        found.add(new int[] {z.start(), z.group(1).equals("几") ? 0 : digits(z.group(1)), z.end()});
      }
    }
    Matcher p = COUNT_PHRASE.matcher(r.lower);
    while (p.find()) {
      if (!r.free(p.start(), p.end())) {
        continue;
      }
      int v = p.group(1) != null ? digits(p.group(1)) : p.group(2) != null ? 2
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

  // ---------------------------------------------------------------- negation, about, labels

  private static final Pattern NEG_EN = Pattern.compile(
      "\\b(?:no|not|don't|dont|do not|doesn't|without|nothing|avoid|except|excluding|isn't|isnt|aren't|arent"
      + "|never|none|less(?!\\s+than)|skip|hate|dislike|rather not|anything but|done with|tired of|sick of"
      + "|fed up with|burn[et] out on|not in the mood for|had enough of|no more(?!\\s+than))\\b");
  private static final Pattern NEG_ZH = Pattern.compile("不要|不想|不喜欢|不看|不那么|不太|不怎么|别|(?<!有)没有|除了|不是|避免|不含|讨厌");
  private static final Pattern NEG_END_EN = Pattern.compile(
      "[,.;!?:—–]|\\s-\\s|\\b(?:but|just|only|instead|rather|though|so|maybe|what|which)\\b");
  private static final Pattern NEG_END_ZH = Pattern.compile("[,.;!?，。；！？的]|但|只要|而是|来点|就行");

  private static Scopes negations(Request r) {
    List<int[]> scopes = new ArrayList<>();
    Matcher m = (r.zh ? NEG_ZH : NEG_EN).matcher(r.zh ? r.text : r.lower);
    MatchStarts ends = new MatchStarts(r.zh ? NEG_END_ZH : NEG_END_EN, r.lower);
    while (m.find()) {
      if (!r.free(m.start(), m.end())) {
        continue;
      }
      scopes.add(new int[] {m.start(), ends.next(m.end(), r.lower.length()), m.end()});
    }
    if (!r.zh) {
      // Chinese cues inside an English-majority request
      Matcher z = NEG_ZH.matcher(r.text);
      MatchStarts zhEnds = new MatchStarts(NEG_END_ZH, r.text);
      while (z.find()) {
        scopes.add(new int[] {z.start(), zhEnds.next(z.end(), r.text.length()), z.end()});
      }
    }
    return new Scopes(scopes);
  }

  /**
   * Where a pattern of bounded match length can match in a text: {@code next(from)} is the start
   * that {@code pattern.matcher(text).find(from)} would give, found by one pass over the text (a
   * find from every cue would scan to the scope's end once per cue: quadratic on "no no no ...").
   * The starts are collected on first use.
   */
  private static final class MatchStarts {
    private final Pattern pattern;
    private final String text;
    private int[] starts;
    private int size;

    MatchStarts(Pattern pattern, String text) {
      this.pattern = pattern;
      this.text = text;
    }

    /** The first start at or after {@code from}, or {@code none} when there is none. */
    int next(int from, int none) {
      if (starts == null) {
        starts = new int[8];
        Matcher e = pattern.matcher(text);
        int at = 0;
        // every start, overlapping ones included: find(at) from each start + 1
        while (at <= text.length() && e.find(at)) {
          if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
          }
          starts[size++] = e.start();
          at = e.start() + 1;
        }
      }
      int i = Arrays.binarySearch(starts, 0, size, from);
      if (i < 0) {
        i = -i - 1;
      }
      return i < size ? starts[i] : none;
    }
  }

  /**
   * Negation scopes, each {start of cue, end of scope, end of cue}; a position is negated when it
   * lies in [end of cue, end of scope) of any scope. The union of those intervals is kept sorted,
   * so a look-up is a binary search rather than a pass over every scope.
   */
  static final class Scopes {
    private final List<int[]> list;
    private final int[] from;
    private final int[] to;

    Scopes(List<int[]> list) {
      this.list = List.copyOf(list);
      int[][] spans = new int[list.size()][];
      int n = 0;
      for (int[] s : list) {
        if (s[2] < s[1]) {
          spans[n++] = new int[] {s[2], s[1]};
        }
      }
      Arrays.sort(spans, 0, n, Comparator.comparingInt((int[] a) -> a[0]));
      int[] f = new int[n];
      int[] t = new int[n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (k > 0 && spans[i][0] <= t[k - 1]) {
          t[k - 1] = Math.max(t[k - 1], spans[i][1]);
        } else {
          f[k] = spans[i][0];
          t[k] = spans[i][1];
          k++;
        }
      }
      this.from = Arrays.copyOf(f, k);
      this.to = Arrays.copyOf(t, k);
    }

    /** Whether {@code pos} is inside a scope (after its cue). */
    boolean contains(int pos) {
      int i = Arrays.binarySearch(from, pos);
      int at = i >= 0 ? i : -i - 2; // the last interval starting at or before pos
      return at >= 0 && pos < to[at];
    }

    /** For each of {@code length} chars, whether a scope (cue included) covers it. */
    boolean[] covered(int length) {
      int[] delta = new int[length + 1];
      for (int[] s : list) {
        int a = Math.max(0, s[0]);
        int b = Math.min(length, s[1]);
        if (a < b) {
          delta[a]++;
          delta[b]--;
        }
      }
      boolean[] out = new boolean[length];
      int depth = 0;
      for (int i = 0; i < length; i++) {
        depth += delta[i];
        out[i] = depth > 0;
      }
      return out;
    }
  }

  private static boolean inScope(Scopes scopes, int pos) {
    return scopes.contains(pos);
  }

  private static final Pattern ABOUT_EN = Pattern.compile(
      "\\b(?:about|covering|regarding|concerning|on the topic of)\\b|\\b(?:books?|something|anything|have|titles?"
      + "|novels?|cookbooks?|guides?|histor(?:y|ies)|biograph(?:y|ies)|memoirs?)\\s+on\\b");
  private static final Pattern ABOUT_END_EN = Pattern.compile("[,.;!?]|\\bfor\\b");
  private static final Pattern ABOUT_ZH = Pattern.compile("关于|讲述|讲|介绍|有关(?!于)");
  private static final Pattern TASTE = Pattern.compile(
      "\\b(?:recommend|suggest|good|great|best|love|loved|enjoy|enjoyed|favou?rite|fun|mood|like)\\b"
      + "|推荐|喜欢|好看|想看|好玩|有趣|轻松");

  /** The about-phrase [start, end) of the request (after its cue, to the clause end), or null. */
  private static int[] about(Request r) {
    Matcher m = (r.zh ? ABOUT_ZH : ABOUT_EN).matcher(r.zh ? r.text : r.lower);
    while (m.find()) {
      if (!r.free(m.start(), m.end())) {
        continue;
      }
      Matcher e = (r.zh ? CLAUSE : ABOUT_END_EN).matcher(r.text);
      int end = e.find(m.end()) ? e.start() : r.text.length();
      if (r.zh) {
        Matcher tail = ABOUT_TAIL_ZH.matcher(r.text.substring(m.end(), end));
        boolean compound = false;
        if (tail.find()) {
          compound = tail.group().charAt(0) != '的';
          end = m.end() + tail.start();
        }
        Matcher labelTail = LABEL_TAIL_ZH.matcher(r.text.substring(m.end(), end));
        if (compound && labelTail.find() && LabelLexicon.isChineseName(labelTail.group(1))) {
          // "讲二战的历史书": 历史书 names the kind of book, outside the topic ("关于盐的历史的书" keeps it in)
          end = m.end() + labelTail.start();
        }
      }
      if (end > m.end()) {
        return new int[] {m.end(), end};
      }
    }
    return null;
  }

  private List<LabelLexicon.Entry> lexicon(IntentCatalogue catalogue) {
    return lexiconCache(catalogue).entries();
  }

  private LexiconCache lexiconCache(IntentCatalogue catalogue) {
    Set<String> labels = catalogue.labels().keySet();
    LexiconCache c = lexicon;
    if (c == null || !c.labels().equals(labels)) {
      List<LabelLexicon.Entry> entries = List.copyOf(LabelLexicon.entries(catalogue.labels()));
      List<String> phrases = new ArrayList<>(entries.size());
      entries.forEach(e -> phrases.add(e.phrase()));
      c = new LexiconCache(Set.copyOf(labels), entries, new PhraseTrie(phrases));
      lexicon = c;
    }
    return c;
  }

  /**
   * Synonym-table labels: every occurrence of each entry's phrase (entries longest first, each
   * phrase's occurrences left to right) that is word-bounded (Latin), free and outside the
   * about-phrase takes its chars. The occurrences come from one pass of the phrase trie.
   */
  private void labels(Request r, IntentCatalogue catalogue, Scopes negations, int[] about,
      Set<String> include, Set<String> exclude) {
    LexiconCache lex = lexiconCache(catalogue);
    for (long occurrence : lex.trie().occurrences(r.lower)) {
      LabelLexicon.Entry e = lex.entries().get((int) (occurrence >>> 32));
      int at = (int) occurrence;
      int end = at + e.phrase().length();
      if (!e.cjk() && !wordBounded(r.lower, at, end)) {
        continue;
      }
      if (!r.free(at, end) || (about != null && at >= about[0] && at < about[1])) {
        continue;
      }
      r.use(at, end);
      (inScope(negations, at) ? exclude : include).add(e.label());
    }
  }

  private static boolean wordBounded(String s, int start, int end) {
    boolean left = start == 0 || !Character.isLetterOrDigit(s.charAt(start - 1)) || LabelLexicon.isCjk(s.charAt(start - 1));
    boolean right = end >= s.length() || !Character.isLetterOrDigit(s.charAt(end)) || LabelLexicon.isCjk(s.charAt(end));
    return left && right;
  }

  // ---------------------------------------------------------------- prototypes

  private static final Set<String> GENERIC_EN = Set.of("book", "books", "novel", "novels", "story", "stories",
      "read", "reads", "reading", "something", "anything", "please", "recommend", "suggest", "want", "give",
      "me", "i", "i'd", "i'm", "im", "some", "good", "great", "best", "like", "love", "more", "need",
      "looking", "for", "with", "and", "or", "but", "a", "an", "the", "of", "to", "in", "on", "at", "by", "my",
      "is", "it", "its", "that", "this", "these", "those", "what", "what's", "whats", "any", "else", "other",
      "show", "get", "find", "have", "you", "do", "are", "be", "would", "could", "should", "can", "just", "too",
      "very", "really", "much", "many", "set", "one", "ones", "them", "they", "their", "similar", "again", "also",
      "let", "lets", "let's", "new", "title", "titles", "fiction", "kind", "type", "sort", "stuff", "thing",
      "things", "mood", "enjoy", "loved", "liked", "interested", "fan", "about", "from", "there", "here",
      "where", "which", "who", "how", "why", "when", "all", "so", "not", "no", "don't", "without", "nothing",
      "avoid", "except", "isn't", "aren't", "less", "surprise", "pick", "picks", "options", "ideas");
  private static final Pattern WORD = Pattern.compile("[a-z][a-z'\\-]*");
  private static final Pattern ZH_GENERIC = Pattern.compile(
      "推荐|小说|书籍|读物|情节|剧情|内容|最好是|最好|书|本|部|给我|不错|适合|还有|题材|故事|风格|喜欢|我想看|想看|我想|看|来点|一些|一点|什么|有没有|有|吗|呢|再来|再|类似|像|那样|一样|的|了|和|与|或|点|些|也|都|要|太|就行|行|随便|出版|类|几");

  private void prototypeLabels(Request r, IntentCatalogue catalogue, Scopes negations, int[] about,
      Set<String> include, Set<String> exclude) {
    Embedder enc = r.zh ? zhEncoder() : embedder;
    if (enc == null || catalogue.labels().isEmpty()) {
      return;
    }
    Phrases phrases = new Phrases();
    if (r.zh) {
      StringBuilder cur = new StringBuilder();
      int curStart = -1;
      Map<String, Integer> firstInRun = new HashMap<>();
      for (int i = 0; i <= r.text.length(); i++) {
        boolean keep = i < r.text.length() && !r.used[i] && LabelLexicon.isCjk(r.text.charAt(i))
            && (about == null || i < about[0] || i >= about[1]);
        if (keep) {
          if (cur.length() == 0) {
            curStart = i;
          }
          cur.append(r.text.charAt(i));
        } else if (cur.length() > 0) {
          firstInRun.clear();
          for (String part : ZH_GENERIC.split(cur)) {
            if (part.length() >= 2 && part.length() <= 6 && phrases.admits(part)) {
              // the part's first occurrence in its run (one search per distinct admitted part)
              int at = firstInRun.computeIfAbsent(part, cur::indexOf);
              phrases.add(part, curStart + at);
            }
          }
          cur.setLength(0);
        }
      }
    } else {
      Matcher w = WORD.matcher(r.lower);
      List<String> run = new ArrayList<>();
      int runStart = -1;
      int lastEnd = -1;
      while (true) {
        boolean more = w.find();
        boolean content = more && r.free(w.start(), w.end()) && !GENERIC_EN.contains(w.group())
            && (about == null || w.start() < about[0] || w.start() >= about[1]);
        boolean joins = content && lastEnd >= 0 && !CLAUSE.matcher(r.lower.substring(lastEnd, w.start())).find();
        if (!joins && !run.isEmpty()) {
          if (run.size() <= 3) {
            String phrase = String.join(" ", run);
            if (phrases.admits(phrase)) {
              phrases.add(phrase, runStart);
            }
          }
          if (run.size() > 1) {
            for (String one : run) {
              if (phrases.admits(one)) {
                phrases.add(one, runStart);
              }
            }
          }
          run.clear();
        }
        if (!more) {
          break;
        }
        if (content) {
          if (run.isEmpty()) {
            runStart = w.start();
          }
          run.add(w.group());
          lastEnd = w.end();
        } else {
          lastEnd = -1;
        }
      }
    }
    if (phrases.distinct.isEmpty()) {
      return;
    }
    LabelPrototypes protos = prototypes(catalogue, r.zh);
    float[][] vectors = enc.embedDocuments(phrases.distinct);
    LabelPrototypes.Match[] best = new LabelPrototypes.Match[vectors.length];
    for (int k = 0; k < vectors.length; k++) {
      best[k] = protos.best(vectors[k]);
    }
    for (int i = 0; i < phrases.index.size(); i++) {
      LabelPrototypes.Match m = best[phrases.index.get(i)];
      if (m != null && m.cosine() >= (r.zh ? zhThreshold : threshold)) {
        (inScope(negations, phrases.starts.get(i)) ? exclude : include).add(m.label());
      }
    }
  }

  /**
   * Most distinct phrases of one request embedded for label prototypes. A phrase is embedded once
   * however often it occurs (the encoder runs each text alone, so its vector does not depend on
   * the others); phrases past this many distinct ones (a pasted essay, not a request: the intent
   * test sets' longest requests have fewer than 20) get no prototype label, which bounds the
   * encoder's work per request.
   */
  static final int MAX_PHRASES = 64;

  /** The content phrases of a request in order, each with its start, and the distinct ones to embed. */
  private static final class Phrases {
    final List<String> distinct = new ArrayList<>();
    final Map<String, Integer> slot = new HashMap<>();
    final List<Integer> index = new ArrayList<>();
    final List<Integer> starts = new ArrayList<>();

    /** Whether {@code phrase} is embedded: already seen, or one of the first {@link #MAX_PHRASES}. */
    boolean admits(String phrase) {
      return slot.containsKey(phrase) || distinct.size() < MAX_PHRASES;
    }

    void add(String phrase, int start) {
      Integer k = slot.get(phrase);
      if (k == null) {
        k = distinct.size();
        distinct.add(phrase);
        slot.put(phrase, k);
      }
      index.add(k);
      starts.add(start);
    }
  }

  /** The Chinese encoder, resolved from the supplier on first use; null when there is none. */
  private Embedder zhEncoder() {
    if (!zhResolved) {
      synchronized (this) {
        if (!zhResolved) {
          Embedder e = null;
          try {
            e = calibrated(zhSource.get(), ZH_MODELS);
          } catch (RuntimeException | LinkageError ex) {
            org.slf4j.LoggerFactory.getLogger(RuleIntentParser.class).warn(
                "intent parser: no Chinese encoder ({}); Chinese labels come from the synonym table", ex.toString());
          }
          zhEmbedder = e;
          zhResolved = true;
        }
      }
    }
    return zhEmbedder;
  }

  private LabelPrototypes prototypes(IntentCatalogue catalogue, boolean zh) {
    Set<String> labels = catalogue.labels().keySet();
    LabelPrototypes p = zh ? zhPrototypes : prototypes;
    if (p == null || !p.labels().equals(labels)) {
      p = LabelPrototypes.compute(catalogue.labels(), zh ? zhEmbedder : embedder, zh);
      if (zh) {
        zhPrototypes = p;
      } else {
        prototypes = p;
      }
    }
    return p;
  }

  // ---------------------------------------------------------------- query

  private static String query(Request r, Scopes negations) {
    boolean[] negated = negations.covered(r.text.length());
    StringBuilder b = new StringBuilder(r.text.length());
    for (int i = 0; i < r.text.length(); i++) {
      b.append(r.used[i] || negated[i] ? ' ' : r.text.charAt(i));
    }
    return cleanQuery(b.toString());
  }

  private static final Pattern FILLER = Pattern.compile(
      "(?i)\\b(?:please|recommend(?: me)?|suggest(?: me)?|give me|show me|surprise me(?: with)?|i want|i'd like"
      + "|i'm looking for|looking for|more like|something like|anything like|books like|similar to|in the vein of"
      + "|like)\\b|请|给我推荐|给我|推荐|再来|类似|那样|一样");

  // Patterns on request text are linear: each try from a position does bounded work, or a run is
  // tried from its first char only (a lookbehind for the run's class, then a possessive quantifier:
  // a try from inside a run would fail or match the same way, and on a long run every such try is a
  // scan to the run's end). Repetitions of groups are bounded or possessive: java.util.regex
  // recurses once per iteration of a greedy group, and overflowed the stack on long requests.
  private static final Pattern BRACKETS = Pattern.compile("《|》");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern BOOK_EDGE_ZH = Pattern.compile("^的|的?(?:书籍|书|小说)$");
  private static final Pattern EDGE_PUNCT = Pattern.compile(
      "^[\\p{Punct}，。；！？、\\s]++|(?<![\\p{Punct}，。；！？、\\s])[\\p{Punct}，。；！？、\\s]++$");
  private static final Pattern COMMA_RUN = Pattern.compile("(?<!\\s)\\s*+([,，])\\s*+(?:[,，]\\s*+)++");

  private static String cleanQuery(String s) {
    String q = SPACES.matcher(BRACKETS.matcher(FILLER.matcher(s).replaceAll(" ")).replaceAll(" ")).replaceAll(" ")
        .strip();
    q = BOOK_EDGE_ZH.matcher(q).replaceAll("").strip();
    q = EDGE_PUNCT.matcher(q).replaceAll("");
    q = COMMA_RUN.matcher(q).replaceAll("$1 ").strip();
    return EdgeWords.strip(q).strip();
  }

}
