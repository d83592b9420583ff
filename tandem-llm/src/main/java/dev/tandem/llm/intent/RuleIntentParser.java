package dev.tandem.llm.intent;

import dev.tandem.llm.embed.Embedder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
 * Include and exclude hold catalogue labels only. Each step is its own class in this package
 * ({@code TextNormaliser}, {@code References}, {@code NumericRanges}, {@code RelativeRanges}, {@code
 * Counts}, {@code NegationScopes}, {@code TopicPhrase}, {@code SynonymLabels}, {@code
 * PrototypeLabeller}, {@code QueryText}); this class runs them in order and merges their results.
 *
 * <p>Cost: linear in the text, whatever it holds (issue 12: a 40 KB request took 54 s, 10 KB of
 * filler overflowed the stack). Patterns run on the request only where each try from a position
 * does bounded work, or a run is tried from its first char; group repetitions are bounded or
 * possessive (java.util.regex recurses once per iteration of a greedy group); look-ups that were a
 * scan per cue, per scope or per catalogue entry are indexes built once (negation ends, the union of
 * negation scopes, a phrase trie of the synonym entries, title variants by first token and by
 * first two chars); the encoder embeds each distinct phrase once and at most {@link #MAX_PHRASES}
 * of them; runs of more than 30 combining marks are cut. Any text is accepted; a
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

  /** Labels a reader's stated age decides ("for a 10 year old"): no prototype may prefer another. */
  private static final Set<String> AUDIENCES = Set.of("children", "young adult");

  private final PrototypeLabeller prototypes;
  private volatile TitleIndex titleIndex;
  private volatile SynonymLabels synonyms;

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
    this(PrototypeLabeller.calibrated(embedder, PrototypeLabeller.EN_MODELS), DEFAULT_THRESHOLD, null,
        DEFAULT_ZH_THRESHOLD);
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
    this(PrototypeLabeller.calibrated(embedder, PrototypeLabeller.EN_MODELS), DEFAULT_THRESHOLD,
        PrototypeLabeller.calibrated(zhEmbedder, PrototypeLabeller.ZH_MODELS), DEFAULT_ZH_THRESHOLD);
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
    this(PrototypeLabeller.calibrated(embedder, PrototypeLabeller.EN_MODELS), DEFAULT_THRESHOLD, null,
        DEFAULT_ZH_THRESHOLD, zhEncoder);
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
    this.prototypes = new PrototypeLabeller(embedder, threshold, zhEmbedder, zhThreshold, zhSource);
  }

  /** The English prototype threshold this parser uses. */
  public double threshold() {
    return prototypes.threshold();
  }

  /** The Chinese prototype threshold this parser uses. */
  public double zhThreshold() {
    return prototypes.zhThreshold();
  }

  /**
   * Builds what this parser caches for {@code catalogue} (title index, synonym entries, label
   * prototypes when an encoder is set) now rather than on the first request: on a tag-rich
   * catalogue the prototypes take seconds. Optional; thread-safe.
   */
  public void prepare(IntentCatalogue catalogue) {
    titles(catalogue);
    synonyms(catalogue);
    prototypes.prepare(catalogue);
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
    RequestText r = new RequestText(TextNormaliser.normalise(text));
    String language = r.zh ? "zh" : "en";

    List<Integer> refStarts = new ArrayList<>();
    List<Reference> refs = References.find(r, titles(catalogue), shownItems, refStarts);
    List<Range> ranges = new ArrayList<>();
    Set<String> attrs = catalogue.numericAttributes();
    NumericRanges.add(r, attrs, ranges);
    RelativeRanges.add(r, catalogue, refs, ranges);
    int count = Counts.count(r);
    NegationScopes negations = NegationScopes.of(r);
    int[] about = TopicPhrase.find(r);
    Set<String> include = new LinkedHashSet<>();
    Set<String> exclude = new LinkedHashSet<>();
    synonyms(catalogue).match(r, negations, about, include, exclude);
    if (r.ageLabel != null) {
      for (LabelLexicon.Entry e : synonyms(catalogue).entries()) {
        if (e.phrase().equals(r.ageLabel)) {
          include.add(e.label()); // the catalogue's spelling of the concept
        }
      }
    }
    Set<String> prefer = new LinkedHashSet<>();
    Set<String> inferredExclude = new LinkedHashSet<>();
    prototypes.match(r, catalogue, negations, about, prefer, inferredExclude);
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
      if (negations.contains(refStarts.get(k))) {
        exclude.add(refs.get(k).itemId());
      } else {
        liked = true;
      }
    }
    Goal goal = Goal.RECOMMEND;
    if (liked) {
      goal = Goal.SIMILAR_TO;
    } else if (about != null && !TopicPhrase.statesTaste(r.lower)) {
      goal = Goal.SEARCH;
    }
    String query = goal == Goal.SEARCH ? QueryText.clean(r.text.substring(about[0], about[1]))
        : QueryText.rest(r, negations);
    return new Intent(goal, List.copyOf(include), List.copyOf(exclude), ranges, count, refs, query, language,
        List.copyOf(prefer));
  }

  private TitleIndex titles(IntentCatalogue catalogue) {
    Map<String, String> t = catalogue.titles();
    TitleIndex idx = titleIndex;
    if (idx == null || (idx.titles() != t && !idx.titles().equals(t))) {
      idx = new TitleIndex(t);
      titleIndex = idx;
    }
    return idx;
  }

  private SynonymLabels synonyms(IntentCatalogue catalogue) {
    Set<String> labels = catalogue.labels().keySet();
    SynonymLabels s = synonyms;
    if (s == null || !s.labels().equals(labels)) {
      s = SynonymLabels.of(catalogue.labels());
      synonyms = s;
    }
    return s;
  }

  // The step functions that tests pin down, under the names the tests use.

  /** See {@link ContentPhrases#MAX_PHRASES}. */
  static final int MAX_PHRASES = ContentPhrases.MAX_PHRASES;

  static int digits(String s) {
    return Numerals.digits(s);
  }

  static int englishNumber(String words) {
    return Numerals.englishNumber(words);
  }

  static int chineseNumber(String s) {
    return Numerals.chineseNumber(s);
  }

  static String capMarks(String s) {
    return TextNormaliser.capMarks(s);
  }

  static String attributeName(String concept, Set<String> attrs) {
    return AttributeNames.resolve(concept, attrs);
  }
}
