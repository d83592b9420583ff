package dev.tandem.core.retrieval;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;

/**
 * Text recall: BM25 over the item documents, queried with the terms that best describe a user's
 * history (as Lucene's MoreLikeThis does for one document). It needs no interactions for an item,
 * so it ranks cold items by their text.
 *
 * <p><b>Index.</b> Each item's document ({@link Interactions#itemTexts()}) is analysed by a Lucene
 * analyser ({@link TextAnalysis}) into an in-memory inverted index of primitive arrays. The weight
 * of term {@code t} in document {@code d} is Lucene's BM25 (no {@code k1 + 1} factor):
 * <pre>
 *   w(t, d) = idf(t) · tf / (tf + k1 · (1 − b + b · |d| / avgdl)),   idf(t) = ln(1 + (N − n_t + 0.5) / (n_t + 0.5))
 * </pre>
 * with {@code N} the documents with at least one term, {@code n_t} those containing {@code t},
 * {@code |d|} the document's term count and {@code avgdl} the mean over the {@code N} documents.
 * Unlike Lucene, lengths are exact (Lucene stores them in one byte, exact only up to about 40).
 *
 * <p><b>Query from a history.</b> Over the distinct positive history items with a document
 * ({@link History#positives}, feedback weights {@code w_e} summed), each term scores
 * {@code s(t) = Σ_e w_e · w(t, d_e) / Σ_e w_e}; terms in fewer than {@code min_doc_freq}
 * documents are skipped (a term only the history item has matches nothing else). The
 * {@code terms} best terms (ties: smaller term first) form the query, each with boost
 * {@code s(t) / max s} (or 1 with {@code boost} off), and an item scores
 * {@code Σ_t boost_t · w(t, d_item)}. Items without a document, and items sharing no query term,
 * score 0.
 *
 * <p><b>Profile.</b> When the history carries {@linkplain History#profile() profile text}, the
 * text is analysed like a document {@code p} and its terms score {@code w(t, p)} (no
 * {@code min_doc_freq}: a rare term the user typed is meant); with history items too, a term
 * scores {@code (1 − α)·s(t) + α·w(t, p)} with {@code α = profile_weight}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Bm25 implements Model {
  /** Type name. */
  public static final String NAME = "bm25";

  private final Params params;
  private final TextAnalysis analysis;
  private final int numItems;
  /** Sorted, distinct. */
  private final String[] vocabulary;
  /** Forward index: item {@code i}'s terms (ascending) at {@code [docStart[i], docStart[i + 1])}. */
  private final int[] docStart;
  private final int[] docTerm;
  private final int[] docTf;
  /** BM25 weight of each forward entry. */
  private final float[] docWeight;
  private final int[] docFreq;
  private final float[] idf;
  private final float avgLength;
  private final int documents;
  /** Inverted index: term {@code t}'s items (ascending) at {@code [postStart[t], postStart[t + 1])}. */
  private final int[] postStart;
  private final int[] postItem;
  private final float[] postWeight;
  private volatile Analyzer analyzer;

  Bm25(Params params, TextAnalysis analysis, int numItems, String[] vocabulary, int[] docStart, int[] docTerm,
      int[] docTf) {
    this.params = params;
    this.analysis = analysis;
    this.numItems = numItems;
    this.vocabulary = vocabulary;
    this.docStart = docStart;
    this.docTerm = docTerm;
    this.docTf = docTf;
    int v = vocabulary.length;
    int nnz = docTerm.length;
    docFreq = new int[v];
    long totalLength = 0;
    int docs = 0;
    for (int i = 0; i < numItems; i++) {
      if (docStart[i + 1] > docStart[i]) {
        docs++;
      }
      for (int p = docStart[i]; p < docStart[i + 1]; p++) {
        docFreq[docTerm[p]]++;
        totalLength += docTf[p];
      }
    }
    documents = docs;
    avgLength = docs == 0 ? 1f : (float) ((double) totalLength / docs);
    idf = new float[v];
    for (int t = 0; t < v; t++) {
      idf[t] = idf(docs, docFreq[t]);
    }
    docWeight = new float[nnz];
    for (int i = 0; i < numItems; i++) {
      int length = 0;
      for (int p = docStart[i]; p < docStart[i + 1]; p++) {
        length += docTf[p];
      }
      double norm = params.k1() * (1 - params.b() + params.b() * length / avgLength);
      for (int p = docStart[i]; p < docStart[i + 1]; p++) {
        docWeight[p] = (float) (idf[docTerm[p]] * (docTf[p] / (docTf[p] + norm)));
      }
    }
    postStart = new int[v + 1];
    for (int p = 0; p < nnz; p++) {
      postStart[docTerm[p] + 1]++;
    }
    for (int t = 0; t < v; t++) {
      postStart[t + 1] += postStart[t];
    }
    postItem = new int[nnz];
    postWeight = new float[nnz];
    int[] fill = Arrays.copyOf(postStart, v);
    for (int i = 0; i < numItems; i++) {
      for (int p = docStart[i]; p < docStart[i + 1]; p++) {
        int q = fill[docTerm[p]]++;
        postItem[q] = i;
        postWeight[q] = docWeight[p];
      }
    }
  }

  /** Lucene's BM25 idf: {@code ln(1 + (N − n + 0.5) / (n + 0.5))}. */
  static float idf(int documents, int docFreq) {
    return (float) Math.log(1 + (documents - docFreq + 0.5) / (docFreq + 0.5));
  }

  /**
   * Parameters.
   *
   * @param k1 term-frequency saturation (default 1.2): 0 ignores repeats, larger lets repeats count
   *     longer; in [0, 100]
   * @param b length normalisation (default 0.75): 0 ignores document length, 1 divides fully by it
   * @param terms query terms taken from the history (default 32): more match more items and cost
   *     more postings per request; in [1, 1024]
   * @param minDocFreq a history term must occur in at least this many documents (default 2) to
   *     enter the query
   * @param boost {@code true} (default) weighs each query term by its history score relative to the
   *     best; {@code false} weighs them equally (Lucene MoreLikeThis's default)
   * @param analysis the analyser (default {@link TextAnalysis#AUTO})
   * @param profileWeight share α of the profile text's terms when the history has both items with
   *     documents and profile text, in [0, 1] (default 0.5)
   */
  public record Params(double k1, double b, int terms, int minDocFreq, boolean boost, TextAnalysis analysis,
      double profileWeight) {
    /** Validates. */
    public Params {
      if (!(k1 >= 0 && k1 <= 100)) {
        throw new IllegalArgumentException("bm25.k1 (" + k1 + ") must be in [0, 100]");
      }
      if (!(b >= 0 && b <= 1)) {
        throw new IllegalArgumentException("bm25.b (" + b + ") must be in [0, 1]");
      }
      if (terms < 1 || terms > 1024) {
        throw new IllegalArgumentException("bm25.terms (" + terms + ") must be in [1, 1024]");
      }
      if (minDocFreq < 1) {
        throw new IllegalArgumentException("bm25.min_doc_freq (" + minDocFreq + ") must be >= 1");
      }
      if (analysis == null) {
        throw new IllegalArgumentException("bm25.analyzer must not be null; use TextAnalysis.AUTO");
      }
      if (!(profileWeight >= 0 && profileWeight <= 1)) {
        throw new IllegalArgumentException("bm25.profile_weight (" + profileWeight + ") must be in [0, 1]");
      }
    }

    /** Parameters with the default profile weight 0.5. */
    public Params(double k1, double b, int terms, int minDocFreq, boolean boost, TextAnalysis analysis) {
      this(k1, b, terms, minDocFreq, boost, analysis, 0.5);
    }

    /** The defaults. */
    public static Params defaults() {
      return new Type().bind(PARAMETERS.defaults());
    }
  }

  /** Analyses the item documents attached to the training interactions into the index. */
  public static final class Trainer implements dev.tandem.core.model.Trainer<Bm25> {
    private final Params params;

    /** A trainer with {@code params}. */
    public Trainer(Params params) {
      this.params = params;
    }

    /**
     * Indexes {@code train}'s item documents.
     *
     * @throws ModelFitException if {@code train} carries no item texts
     */
    @Override
    public Bm25 fit(Interactions train) {
      ItemTexts texts = train.itemTexts().orElseThrow(() -> new ModelFitException(
          "bm25 needs item documents: train it through Tandem, which renders them from the catalogue,"
              + " or attach them with Interactions.withItemTexts"));
      String[] docs = texts.texts();
      TextAnalysis analysis = params.analysis().resolve(docs);
      int m = train.numItems();
      HashMap<String, Integer> ids = new HashMap<>();
      List<String> names = new ArrayList<>();
      IntArrayList terms = new IntArrayList();
      IntArrayList tfs = new IntArrayList();
      int[] start = new int[m + 1];
      IntArrayList tokens = new IntArrayList();
      try (Analyzer analyzer = analysis.analyzer()) {
        for (int i = 0; i < m; i++) {
          tokens.clear();
          if (docs[i] != null) {
            TextAnalysis.terms(analyzer, docs[i], term -> {
              Integer id = ids.get(term);
              if (id == null) {
                id = names.size();
                ids.put(term, id);
                names.add(term);
              }
              tokens.add(id.intValue());
            });
          }
          addCounts(tokens, terms, tfs);
          start[i + 1] = terms.size();
        }
      }
      // renumber terms in sorted order, so the index does not depend on document order
      String[] vocabulary = names.toArray(new String[0]);
      Integer[] order = new Integer[vocabulary.length];
      for (int k = 0; k < order.length; k++) {
        order[k] = k;
      }
      Arrays.sort(order, (x, y) -> vocabulary[x].compareTo(vocabulary[y]));
      int[] rank = new int[vocabulary.length];
      String[] sorted = new String[vocabulary.length];
      for (int k = 0; k < order.length; k++) {
        rank[order[k]] = k;
        sorted[k] = vocabulary[order[k]];
      }
      int[] docTerm = terms.toIntArray();
      int[] docTf = tfs.toIntArray();
      for (int i = 0; i < m; i++) {
        int from = start[i];
        int to = start[i + 1];
        long[] keyed = new long[to - from];
        for (int p = from; p < to; p++) {
          keyed[p - from] = ((long) rank[docTerm[p]] << 32) | docTf[p];
        }
        Arrays.sort(keyed);
        for (int p = from; p < to; p++) {
          docTerm[p] = (int) (keyed[p - from] >>> 32);
          docTf[p] = (int) keyed[p - from];
        }
      }
      return new Bm25(params, analysis, m, sorted, start, docTerm, docTf);
    }

    static void addCounts(IntArrayList tokens, IntArrayList terms, IntArrayList tfs) {
      int[] a = tokens.toIntArray();
      Arrays.sort(a);
      for (int k = 0; k < a.length; ) {
        int j = k;
        while (j < a.length && a[j] == a[k]) {
          j++;
        }
        terms.add(a[k]);
        tfs.add(j - k);
        k = j;
      }
    }
  }

  @Override
  public String type() {
    return NAME;
  }

  @Override
  public int numItems() {
    return numItems;
  }

  /** {@code true}: the profile text is part of the query (see the class docs). */
  @Override
  public boolean readsProfile() {
    return true;
  }

  /** The analysis in use ({@link TextAnalysis#AUTO} resolved against the corpus). */
  public TextAnalysis analysis() {
    return analysis;
  }

  /** Number of distinct terms in the index. */
  public int vocabularySize() {
    return vocabulary.length;
  }

  /** Documents with at least one term. */
  public int documents() {
    return documents;
  }

  /** Mean document length in terms over the {@link #documents()}. */
  public float averageLength() {
    return avgLength;
  }

  /** BM25 weight of {@code term} (an analysed term, e.g. {@code "rocket"}) in item {@code item}'s document; 0 when absent. */
  public float weight(String term, int item) {
    if (item < 0 || item >= numItems) {
      throw new IllegalArgumentException("item (" + item + ") must be in [0, " + numItems + ")");
    }
    int t = Arrays.binarySearch(vocabulary, term);
    if (t < 0) {
      return 0;
    }
    int p = Arrays.binarySearch(docTerm, docStart[item], docStart[item + 1], t);
    return p < 0 ? 0 : docWeight[p];
  }

  /**
   * A query: analysed terms, best first, with their boosts.
   *
   * @param terms the terms
   * @param boosts boost of each, in (0, 1]
   */
  public record Query(List<String> terms, float[] boosts) {
    /** Copies. */
    public Query {
      terms = List.copyOf(terms);
      boosts = boosts.clone();
    }

    @Override
    public float[] boosts() {
      return boosts.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Query q && q.terms.equals(terms) && Arrays.equals(q.boosts, boosts);
    }

    @Override
    public int hashCode() {
      return 31 * terms.hashCode() + Arrays.hashCode(boosts);
    }

    @Override
    public String toString() {
      return "Query" + terms + Arrays.toString(boosts);
    }
  }

  /** The query {@code history} makes (see the class docs); empty when no history item has a document. */
  public Query query(History history) {
    Selected q = select(history);
    List<String> t = new ArrayList<>(q.terms.length);
    for (int x : q.terms) {
      t.add(vocabulary[x]);
    }
    return new Query(t, q.boosts);
  }

  private record Selected(int[] terms, float[] boosts) {}

  private Selected select(History history) {
    History.Positives pos = history.positives(numItems);
    double total = 0;
    int pairs = 0;
    for (int k = 0; k < pos.size(); k++) {
      int item = pos.items()[k];
      if (docStart[item + 1] > docStart[item]) {
        total += pos.weights()[k];
        pairs += docStart[item + 1] - docStart[item];
      }
    }
    int[][] profile = profileTerms(history);
    int[] pTerms = profile[0];
    int[] pTf = profile[1];
    int pLength = profile[2][0];
    if (pairs == 0 && pTerms.length == 0) {
      return new Selected(new int[0], new float[0]);
    }
    double alpha = pairs == 0 ? 1 : pTerms.length == 0 ? 0 : params.profileWeight();
    long[] keyed = new long[pairs + pTerms.length];
    double[] values = new double[pairs + pTerms.length];
    int n = 0;
    double norm = params.k1() * (1 - params.b() + params.b() * pLength / avgLength);
    for (int k = 0; k < pTerms.length; k++) {
      int t = pTerms[k];
      keyed[n] = ((long) t << 32) | n;
      values[n] = alpha * idf[t] * (pTf[k] / (pTf[k] + norm));
      n++;
    }
    for (int k = 0; k < pos.size(); k++) {
      int item = pos.items()[k];
      double w = (1 - alpha) * pos.weights()[k] / total;
      for (int p = docStart[item]; p < docStart[item + 1]; p++) {
        int t = docTerm[p];
        if (docFreq[t] < params.minDocFreq()) {
          continue;
        }
        keyed[n] = ((long) t << 32) | n;
        values[n] = w * docWeight[p];
        n++;
      }
    }
    return top(keyed, values, n);
  }

  /** The profile text's known terms (ascending), their frequencies, and its length in terms. */
  private int[][] profileTerms(History history) {
    if (!history.profile().hasText()) {
      return new int[][] {new int[0], new int[0], {0}};
    }
    IntArrayList known = new IntArrayList();
    int[] length = new int[1];
    TextAnalysis.terms(analyzer(), history.profile().text(), term -> {
      length[0]++;
      int t = Arrays.binarySearch(vocabulary, term);
      if (t >= 0) {
        known.add(t);
      }
    });
    IntArrayList terms = new IntArrayList();
    IntArrayList tfs = new IntArrayList();
    Trainer.addCounts(known, terms, tfs);
    return new int[][] {terms.toIntArray(), tfs.toIntArray(), length};
  }

  /** Sums the values of equal terms ({@code keyed} = term << 32 | slot) and keeps the best {@code terms}. */
  private Selected top(long[] keyed, double[] values, int n) {
    Arrays.sort(keyed, 0, n);
    long[] ranked = new long[n];
    int distinct = 0;
    for (int k = 0; k < n; ) {
      int t = (int) (keyed[k] >>> 32);
      double sum = 0;
      while (k < n && (int) (keyed[k] >>> 32) == t) {
        sum += values[(int) keyed[k]];
        k++;
      }
      float s = (float) sum;
      if (s > 0) {
        // ascending order of (-score, term): positive float bits order like the floats
        ranked[distinct++] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(s)) << 32) | t;
      }
    }
    Arrays.sort(ranked, 0, distinct);
    int q = Math.min(distinct, params.terms());
    int[] terms = new int[q];
    float[] boosts = new float[q];
    float best = q == 0 ? 1 : Float.intBitsToFloat(Integer.MAX_VALUE - (int) (ranked[0] >>> 32));
    for (int k = 0; k < q; k++) {
      terms[k] = (int) ranked[k];
      float s = Float.intBitsToFloat(Integer.MAX_VALUE - (int) (ranked[k] >>> 32));
      boosts[k] = params.boost() ? s / best : 1f;
    }
    return new Selected(terms, boosts);
  }

  @Override
  public void score(History history, float[] out) {
    Model.checkOut(out, numItems);
    Selected q = select(history);
    for (int k = 0; k < q.terms.length; k++) {
      int t = q.terms[k];
      float boost = q.boosts[k];
      for (int p = postStart[t]; p < postStart[t + 1]; p++) {
        out[postItem[p]] += boost * postWeight[p];
      }
    }
  }

  /** The Lucene analyser for query texts, created on first use. */
  Analyzer analyzer() {
    Analyzer a = analyzer;
    if (a == null) {
      synchronized (this) {
        a = analyzer;
        if (a == null) {
          a = analysis.analyzer();
          analyzer = a;
        }
      }
    }
    return a;
  }

  /** {@code k1}: see {@link Params#k1}. */
  public static final Param<Double> K1 = Param.decimal("k1", 1.2, 0, true, 100,
      "Term-frequency saturation: 0 ignores repeats; larger lets repeated terms count longer.").tunedLog(0.3, 3);
  /** {@code b}: see {@link Params#b}. */
  public static final Param<Double> B = Param.decimal("b", 0.75, 0, true, 1,
      "Length normalisation: 0 ignores document length, 1 divides fully by it.").tuned(0, 1);
  /** {@code terms}: see {@link Params#terms}. */
  public static final Param<Integer> TERMS = Param.integer("terms", 32, 1, 1024,
      "Query terms taken from the history: more match more items, at more postings per request.").tunedLog(8, 256);
  /** {@code min_doc_freq}: see {@link Params#minDocFreq}. */
  public static final Param<Integer> MIN_DOC_FREQ = Param.integer("min_doc_freq", 2, 1, Integer.MAX_VALUE,
      "A history term must occur in at least this many documents to enter the query.");
  /** {@code boost}: see {@link Params#boost}. */
  public static final Param<Boolean> BOOST = Param.bool("boost", true,
      "true weighs query terms by their history score; false weighs them equally.");
  /** {@code analyzer}: see {@link Params#analysis}. */
  public static final Param<String> ANALYZER = Param.choice("analyzer", "auto",
      List.of("auto", "english", "standard", "cjk"), "\"english\" (stemming, stop words), \"standard\" (any language,"
          + " no stemming), \"cjk\" (Chinese, Japanese, Korean: character bigrams) or \"auto\": cjk when >= 30% of the"
          + " letters are CJK, else english.");
  /** {@code profile_weight}: see {@link Params#profileWeight}. */
  public static final Param<Double> PROFILE_WEIGHT = Param.decimal("profile_weight", 0.5, 0, true, 1,
      "Share of a profile text's terms (`recommend --profile`) when the user also has history.");
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, K1, B, TERMS, MIN_DOC_FREQ, BOOST, ANALYZER,
      PROFILE_WEIGHT);

  /** Registration of {@link Bm25} with {@link dev.tandem.core.model.ModelTypes}. */
  public static final class Type implements ModelType<Bm25, Params> {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "text recall: BM25 over item documents, queried with the history's best terms";
    }

    @Override
    public ParamSet parameters() {
      return PARAMETERS;
    }

    @Override
    public Params bind(ParamValues v) {
      return new Params(v.get(K1), v.get(B), v.get(TERMS), v.get(MIN_DOC_FREQ), v.get(BOOST),
          TextAnalysis.of("bm25.analyzer", v.get(ANALYZER)), v.get(PROFILE_WEIGHT));
    }

    @Override
    public dev.tandem.core.model.Trainer<Bm25> trainer(Params params) {
      return new Trainer(params);
    }

    /** The trainer reads {@link Interactions#itemTexts()}. */
    @Override
    public Set<ItemContent> needs(Params params) {
      return Set.of(ItemContent.TEXTS);
    }

    @Override
    public Class<Bm25> modelClass() {
      return Bm25.class;
    }

    /** Writes the parameters and the forward index (terms and frequencies); weights and postings are derived on read. */
    @Override
    public void write(Bm25 model, SnapshotOutput out) throws IOException {
      Params p = model.params;
      out.writeDouble(p.k1());
      out.writeDouble(p.b());
      out.writeInt(p.terms());
      out.writeInt(p.minDocFreq());
      out.writeInt(p.boost() ? 1 : 0);
      out.writeInt(p.analysis().ordinal());
      out.writeInt(model.analysis.ordinal());
      out.writeInt(model.numItems);
      out.writeInt(model.vocabulary.length);
      out.writeString(String.join("\u0000", model.vocabulary));
      out.writeInts(model.docStart);
      out.writeInts(model.docTerm);
      out.writeInts(model.docTf);
      out.writeDouble(p.profileWeight());
    }

    @Override
    public Bm25 read(SnapshotInput in) throws IOException {
      double k1 = in.readDouble();
      double b = in.readDouble();
      int queryTerms = in.readInt();
      int minDocFreq = in.readInt();
      boolean boost = in.readInt() != 0;
      TextAnalysis requested = analysis(in.readInt());
      TextAnalysis resolved = analysis(in.readInt());
      int m = in.readInt();
      int v = in.readInt();
      String joined = in.readString();
      String[] vocabulary = v == 0 ? new String[0] : joined.split("\u0000", -1);
      int[] start = in.readInts();
      int[] terms = in.readInts();
      int[] tfs = in.readInts();
      Params p = new Params(k1, b, queryTerms, minDocFreq, boost, requested, in.readDouble());
      if (vocabulary.length != v || start.length != m + 1 || terms.length != tfs.length
          || start[m] != terms.length) {
        throw new IOException("bm25 snapshot: inconsistent index (terms " + vocabulary.length + " of " + v
            + ", offsets " + start.length + " for " + m + " items, entries " + terms.length + "/" + tfs.length + ")");
      }
      return new Bm25(p, resolved, m, vocabulary, start, terms, tfs);
    }

    private static TextAnalysis analysis(int ordinal) throws IOException {
      if (ordinal < 0 || ordinal >= TextAnalysis.values().length) {
        throw new IOException("bm25 snapshot: analyzer ordinal (" + ordinal + ") is unknown");
      }
      return TextAnalysis.values()[ordinal];
    }
  }
}
