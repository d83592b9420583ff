package dev.tandem.core.retrieval;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.kernel.SmallSpd;
import dev.tandem.core.kernel.SparseMatrix;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.snapshot.SnapshotException;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;

/**
 * Content-aware hybrid matrix factorisation: implicit ALS whose item factors are tied to the
 * items' LLM document embeddings, so that items without interactions still get meaningful scores.
 *
 * <p>Item {@code i}'s factor vector is {@code q_i = Wᵀe_i + Vᵀt_i + o_i}, where {@code e_i} is
 * the item's L2-normalised embedding (zero when it has none), {@code W} a learned d×f projection
 * of the embedding space into the collaborative space, {@code t_i} the item document's sparse
 * term features (LightFM-style: the analysed terms of {@link Interactions#itemTexts()} — title
 * words, categories, tags, authors, brands — that occur in at least {@link #MIN_DOC_FREQ} warm
 * items' documents, weighted {@code (1 + ln tf)·ln(1 + warm/df)} and normalised to unit length),
 * {@code V} one learned factor vector per term, and {@code o_i} a free per-item offset. Without
 * item texts (or with {@code text_features = false}) there are no terms and the model is the
 * embedding-only hybrid. The fit minimises
 * <pre>
 *   Σ_{u, i warm} c_ui (p_ui − x_uᵀq_i)² + λ‖X‖² + λ_w‖W‖² + λ_v‖V‖² + λ_o‖O‖²
 * </pre>
 * with {@code p_ui}, {@code c_ui = 1 + alpha·r_ui} as in {@link ImplicitAls}, where "warm" items
 * are those with at least one training interaction. Items without interactions are not treated as
 * disliked by everybody (they are simply unobserved): they take no part in the loss, their offset
 * is 0 and they score through {@code Wᵀe_i} alone. Training alternates three exact block descents,
 * each a warm-started conjugate-gradient run on a convex quadratic, so the objective never rises:
 * users (as in iALS), the content parameters {@code [W; V]} (one (d + T)·f-sized linear
 * least-squares problem, solved by CG on it directly, preconditioned by the Kronecker product
 * {@code blockdiag(EᵀE + μ_w I, diag(Σ t²) + μ_v I)⁻¹ ⊗ (XᵀX + S̄)⁻¹}; each operator application
 * is one pass over the warm items and their interactions) and
 * the offsets (one f×f problem per warm item).
 *
 * <p>Scoring is from history, like every model: the user vector is folded in exactly as in
 * {@link ImplicitAls#foldIn} (a Cholesky solve against the item factors, with the Gram matrix of the
 * warm items), and item {@code i} scores {@code x_uᵀq_i + semantic_weight · ūᵀe_i}, where
 * {@code ū} is the normalised weighted mean of the history's positive items' embeddings (the
 * cosine between the history's centroid and the item, which is what makes content models strong
 * on cold items), plus {@code text_weight} times the same cosine on the tf-idf term vectors
 * {@code t_i}. Items with no embedding, no terms and no interactions score 0.
 *
 * <p>New items: {@link #scoreContent} scores items outside the index from their embedding and
 * document, as an item without interactions would score: {@code q = Wᵀe + Vᵀt} (no offset), with
 * {@code t} the document's terms mapped through the trained term vocabulary and weighted with the
 * trained document frequencies (unknown terms are ignored), plus the embedding and term cosine
 * terms. Snapshots written before the vocabulary was kept score new items through {@code Wᵀe} and
 * the embedding cosine only.
 *
 * <p>Guarantees: immutable and thread-safe; scoring allocates its own scratch per call; a fit is
 * deterministic for a seed and does not depend on the thread count.
 */
public final class Hybrid implements Model, dev.tandem.core.model.ContentScorer,
    dev.tandem.core.explain.Explains {
  /** Type name. */
  public static final String NAME = "hybrid";
  /** Warm-item documents a term must occur in to become a feature. */
  public static final int MIN_DOC_FREQ = 2;

  private final int numItems;
  private final int factors;
  private final int dimension;
  /** numItems × factors: q_i = Wᵀe_i + o_i. */
  private final float[] itemFactors;
  /** dimension × factors, row-major. */
  private final float[] projection;
  /** Items with training interactions: the rows of the fold-in Gram matrix. */
  private final BitSet warm;
  private final double[] gram;
  private final float[] itemNorms;
  private final double alpha;
  private final double regularization;
  private final double semanticWeight;
  /** numItems × dimension normalised embeddings when semanticWeight != 0, else empty. */
  private final float[] embeddings;
  /** Items with an embedding. */
  private final BitSet present;
  /** The items' term features (kept when textWeight != 0, else none). */
  private final Terms terms;
  private final double textWeight;
  /** The term vocabulary with document frequencies, for new items' terms (empty without term features). */
  private final Vocabulary vocabulary;
  /** vocabulary.size() × factors, row-major: V, each term's factor vector. */
  private final float[] termFactors;
  /** The content of the last batch {@link #scoreContent} saw, prepared (a benign memo: batches are immutable). */
  private volatile PreparedBatch prepared;

  Hybrid(int factors, int dimension, float[] itemFactors, float[] projection, BitSet warm, double alpha,
      double regularization, double semanticWeight, float[] embeddings, BitSet present, double[] gram, Terms terms,
      double textWeight, Vocabulary vocabulary, float[] termFactors) {
    if (termFactors.length != (long) vocabulary.size() * factors) {
      throw new IllegalArgumentException("termFactors.length (" + termFactors.length + ") must equal terms ("
          + vocabulary.size() + ") * factors (" + factors + ")");
    }
    this.vocabulary = vocabulary;
    this.termFactors = termFactors;
    this.terms = terms;
    this.textWeight = textWeight;
    this.factors = factors;
    this.dimension = dimension;
    this.numItems = itemFactors.length / factors;
    this.itemFactors = itemFactors;
    this.projection = projection;
    this.warm = warm;
    this.alpha = alpha;
    this.regularization = regularization;
    this.semanticWeight = semanticWeight;
    this.embeddings = embeddings;
    this.present = present;
    this.gram = gram != null ? gram : warmGram(itemFactors, warm, factors);
    this.itemNorms = new float[numItems];
    for (int i = 0; i < numItems; i++) {
      itemNorms[i] = (float) Math.sqrt(AlsMath.dot(itemFactors, i * factors, itemFactors, i * factors, factors));
    }
  }

  /**
   * Parameters.
   *
   * @param factors latent factors f (default 64, in [1, 1024]); as in {@link ImplicitAls}
   * @param iterations alternating sweeps (default 15, in [1, 10000]); each solves users, then the
   *     projection, then the offsets
   * @param regularization λ, the L2 penalty on the user factors (default 0.01, > 0); as in
   *     {@link ImplicitAls}, not scaled by counts
   * @param lambdaW λ_w, the ridge penalty on the projection W (default 1, > 0). Larger values
   *     shrink what the embeddings alone predict, which mostly lowers cold-item scores' spread.
   * @param lambdaO λ_o, the L2 penalty on the per-item offsets (default 1000, > 0). It decides how
   *     much of a warm item's factor may depart from what its embedding predicts: small values
   *     let offsets explain everything (an iALS with a content prior, and a weakly trained W);
   *     large values force the collaborative signal through W, which is what cold items see. On
   *     ML-1M half, 1000 beat 100 and 10 on both cold-items and holdout-users recall@20, and on
   *     amazon-scientific cold-items.
   * @param lambdaV λ_v, the ridge penalty on the term factors V (default 1000, > 0): each analysed
   *     term of the item documents (title words, categories, tags, authors, brands) that occurs in
   *     at least {@value Hybrid#MIN_DOC_FREQ} warm items' documents has a learned factor vector, and an
   *     item's factor adds the tf-idf-weighted, unit-normalised sum of its terms' vectors. Chosen on
   *     validation carves of the cold-items training data (20% of the training items held out):
   *     recall@20 with 1 / 1000 was 0.3047 / 0.3040 on amazon-scientific, 0.4234 / 0.4219 on
   *     goodbooks and 0.2256 / 0.2330 on ML-1M half (0.1 and 10 equal to 1 on amazon-scientific)
   * @param alpha confidence slope {@code c_ui = 1 + alpha·r_ui} (default 20, > 0)
   * @param cgSteps conjugate-gradient steps per half-step (default 3, in [1, 1024]), for user
   *     rows, offset rows and the projection alike; each is warm-started from the previous sweep
   * @param semanticWeight weight of the cosine between the history's embedding centroid and the
   *     item's embedding, added to the factor score (default 1, >= 0; 0 drops the term and the
   *     model keeps no embeddings)
   * @param textFeatures whether the item documents' terms become features (default true); without
   *     item texts the model is the embedding-only hybrid either way
   * @param textWeight weight of the cosine between the history's term centroid and the item's
   *     term vector (the tf-idf features above), added to the score (default 1, >= 0; 0 drops the
   *     term); has no effect without term features. On the same validation carves 1 beat 2 and 4
   *     on amazon-scientific (0.3047, 0.3035, 0.2960) and 0 on ML-1M half (0.2256 vs 0.2111)
   * @param seed seed of the random initial factors (default 42)
   * @param threads worker threads for training (default 0 = all processors); the result does not
   *     depend on it
   */
  public record Params(int factors, int iterations, double regularization, double lambdaW, double lambdaV,
      double lambdaO, double alpha, int cgSteps, double semanticWeight, boolean textFeatures, double textWeight,
      long seed, int threads) {
    /** Upper bound of {@code factors}. */
    public static final int MAX_FACTORS = FactorParams.MAX_FACTORS;

    /** Validates every field. */
    public Params {
      FactorParams.checkRange(NAME, "factors", factors, 1, MAX_FACTORS);
      FactorParams.checkRange(NAME, "iterations", iterations, 1, 10_000);
      FactorParams.checkPositive(NAME, "regularization", regularization);
      FactorParams.checkPositive(NAME, "lambda_w", lambdaW);
      FactorParams.checkPositive(NAME, "lambda_v", lambdaV);
      FactorParams.checkPositive(NAME, "lambda_o", lambdaO);
      FactorParams.checkPositive(NAME, "alpha", alpha);
      FactorParams.checkRange(NAME, "cg_steps", cgSteps, 1, 1024);
      FactorParams.checkNonNegative(NAME, "semantic_weight", semanticWeight);
      FactorParams.checkNonNegative(NAME, "text_weight", textWeight);
      FactorParams.checkRange(NAME, "threads", threads, 0, 1024);
    }

    /** Embedding-only parameters (no term features), the other fields as named. */
    public Params(int factors, int iterations, double regularization, double lambdaW, double lambdaO, double alpha,
        int cgSteps, double semanticWeight, long seed, int threads) {
      this(factors, iterations, regularization, lambdaW, 1.0, lambdaO, alpha, cgSteps, semanticWeight, false, 0.0,
          seed, threads);
    }

    /** The defaults (see the record's documentation). */
    public static Params defaults() {
      return new Type().bind(PARAMETERS.defaults());
    }
  }

  /** What a fit produced besides the model: the user factors and the objective after each iteration. */
  public static final class Fit {
    private final Hybrid model;
    private final float[] userFactors;
    private final double[] loss;
    private final double[] iterationSeconds;

    Fit(Hybrid model, float[] userFactors, double[] loss, double[] iterationSeconds) {
      this.model = model;
      this.userFactors = userFactors;
      this.loss = loss;
      this.iterationSeconds = iterationSeconds;
    }

    /** The trained model. */
    public Hybrid model() {
      return model;
    }

    /** A copy of the trained user factors, users × factors row-major. */
    public float[] userFactors() {
      return userFactors.clone();
    }

    /** The full objective (see the class docs) after each iteration. */
    public double[] loss() {
      return loss.clone();
    }

    /** Wall seconds of each iteration (loss excluded). */
    public double[] iterationSeconds() {
      return iterationSeconds.clone();
    }
  }

  /** Fits the hybrid by alternating conjugate-gradient block descents. */
  public static final class Trainer implements dev.tandem.core.model.Trainer<Hybrid> {
    /** Rows per work unit; fixed so that the work split never depends on the thread count. */
    private static final int ROW_CHUNK = 128;
    private final Params params;

    /** A trainer with {@code params}. */
    public Trainer(Params params) {
      if (params == null) {
        throw new IllegalArgumentException("params must not be null; use Hybrid.Params.defaults()");
      }
      this.params = params;
    }

    @Override
    public Hybrid fit(Interactions train) {
      return fitDetailed(train).model();
    }

    /**
     * Fits and also returns the user factors and the per-iteration objective.
     *
     * @throws ModelFitException if {@code train} carries no item vectors or the factors stop being finite
     */
    public Fit fitDetailed(Interactions train) {
      ItemVectors v = train.itemVectors().orElseThrow(() -> new ModelFitException(
          NAME + " needs item embeddings: train it through Tandem, which embeds the catalogue (`tandem embed`),"
              + " or attach them with Interactions.withItemVectors"));
      int m = train.numItems();
      int n = train.numUsers();
      int f = params.factors();
      int d = v.dimension();
      if ((long) m * d != v.data().length) {
        throw new ModelFitException(NAME + ": item vectors hold " + v.data().length + " floats; expected items (" + m
            + ") * dimension (" + d + ")");
      }
      ItemVectors unit = v.normalized();
      BitSet present = unit.present();
      float[] e = unit.data();
      SparseMatrix ui = train.userItem();
      SparseMatrix iu = train.itemUser();
      BitSet warm = new BitSet(m);
      int[] iptr = iu.rowPtr();
      for (int i = 0; i < m; i++) {
        if (iptr[i + 1] > iptr[i]) {
          warm.set(i);
        }
      }
      int[] warmItems = warm.stream().toArray();
      Terms terms = params.textFeatures() && train.itemTexts().isPresent()
          ? Terms.of(train.itemTexts().get().texts(), warm, m) : Terms.none(m);
      BitSet withFeatures = (BitSet) present.clone();
      for (int i = 0; i < m; i++) {
        if (terms.ptr[i + 1] > terms.ptr[i]) {
          withFeatures.set(i);
        }
      }
      BitSet warmWithFeatures = (BitSet) warm.clone();
      warmWithFeatures.and(withFeatures);
      int[] projItems = warmWithFeatures.stream().toArray();
      float alpha = (float) params.alpha();
      if (!Float.isFinite(alpha)) {
        throw new IllegalArgumentException(NAME + ".alpha (" + params.alpha() + ") must fit in a float");
      }
      double lambda = params.regularization();
      float[] x = initial(n, f, params.seed());
      float[] w = Arrays.copyOf(initial(d, f, params.seed() + 0x9E3779B97F4A7C15L), (d + terms.count) * f);
      float[] o = new float[m * f];
      float[] z = new float[m * f];
      float[] q = new float[m * f];
      int iters = params.iterations();
      double[] loss = new double[iters];
      double[] seconds = new double[iters];
      int threads = FactorParams.threads(params.threads());
      double[] gramQ;
      try (AlsMath.Workers workers = new AlsMath.Workers(threads)) {
        Step step = new Step(f, d, e, terms, projItems, iu, alpha, params.cgSteps(), workers);
        step.project(w, z, m);
        sum(z, o, q);
        gramQ = warmGram(q, warm, f);
        step.ete = embeddingGram(e, projItems, d, workers);
        step.userWeight = rowSums(ui);
        step.projItems = projItems.length;
        for (int it = 0; it < iters; it++) {
          long t0 = System.nanoTime();
          userSweep(x, n, q, AlsMath.regularizedFloat(gramQ, f, lambda), ui, alpha, workers);
          double[] gramX = AlsMath.gram(x, n, f, workers);
          step.gx = AlsMath.regularizedFloat(gramX, f, 0);
          step.x = x;
          step.projection(w, o, params.lambdaW(), params.lambdaV());
          step.project(w, z, m);
          step.offsets(o, z, warmItems, params.lambdaO());
          sum(z, o, q);
          gramQ = warmGram(q, warm, f);
          long t1 = System.nanoTime();
          if (!AlsMath.allFinite(x) || !AlsMath.allFinite(q) || !AlsMath.allFinite(w)) {
            throw new ModelFitException(NAME + ": factors are not finite (NaN or infinite) after iteration " + (it + 1)
                + " of " + iters + "; lower alpha (" + params.alpha() + ") or raise lambda_w (" + params.lambdaW()
                + ") / lambda_o (" + params.lambdaO() + ")");
          }
          loss[it] = loss(x, q, w, d * f, o, gramX, gramQ, ui, f, alpha, workers);
          if (!Double.isFinite(loss[it])) {
            throw new ModelFitException(NAME + ": loss is not finite (" + loss[it] + ") after iteration " + (it + 1));
          }
          seconds[it] = (t1 - t0) / 1e9;
        }
      }
      float[] kept = params.semanticWeight() == 0 ? new float[0] : e;
      Terms keptTerms = params.textWeight() == 0 ? Terms.none(m) : terms;
      Hybrid model = new Hybrid(f, d, q, Arrays.copyOf(w, d * f), warm, params.alpha(), lambda,
          params.semanticWeight(), kept, present, gramQ, keptTerms, params.textWeight(), terms.vocabulary,
          Arrays.copyOfRange(w, d * f, (d + terms.count) * f));
      return new Fit(model, x, loss, seconds);
    }

    private double loss(float[] x, float[] q, float[] w, int projectionFloats, float[] o, double[] gramX,
        double[] gramQ, SparseMatrix ui,
        int f, float alpha, AlsMath.Workers workers) {
      double dense = 0;
      for (int k = 0; k < gramX.length; k++) {
        dense += gramX[k] * gramQ[k];
      }
      double xn = 0;
      for (int a = 0; a < f; a++) {
        xn += gramX[a * f + a];
      }
      int[] ptr = ui.rowPtr();
      int[] idx = ui.colIdx();
      float[] val = ui.values();
      int rows = ui.rows();
      int chunks = (rows + ROW_CHUNK - 1) / ROW_CHUNK;
      double[] partial = new double[chunks];
      workers.forChunks(chunks, 0, (chunk, scratch) -> {
        double s = 0;
        int end = Math.min(rows, (chunk + 1) * ROW_CHUNK);
        for (int u = chunk * ROW_CHUNK; u < end; u++) {
          for (int k = ptr[u]; k < ptr[u + 1]; k++) {
            double p = AlsMath.dot(x, u * f, q, idx[k] * f, f);
            double c = 1 + (double) alpha * val[k];
            s += c * (1 - p) * (1 - p) - p * p;
          }
        }
        partial[chunk] = s;
      });
      double sparse = 0;
      for (double p : partial) {
        sparse += p;
      }
      return dense + sparse + params.regularization() * xn + params.lambdaW() * squares(w, 0, projectionFloats)
          + params.lambdaV() * squares(w, projectionFloats, w.length) + params.lambdaO() * squares(o, 0, o.length);
    }

    private void userSweep(float[] x, int rows, float[] q, float[] g, SparseMatrix m, float alpha,
        AlsMath.Workers workers) {
      int f = params.factors();
      int steps = params.cgSteps();
      int[] ptr = m.rowPtr();
      int[] idx = m.colIdx();
      float[] val = m.values();
      int chunks = (rows + ROW_CHUNK - 1) / ROW_CHUNK;
      workers.forChunks(chunks, 3 * f, (chunk, scratch) -> {
        int end = Math.min(rows, (chunk + 1) * ROW_CHUNK);
        for (int r = chunk * ROW_CHUNK; r < end; r++) {
          AlsMath.cgRow(x, r, q, g, f, ptr, idx, val, alpha, steps, scratch);
        }
      });
    }

    /** Seeded N(0, 1) · 0.1/√f initial values. */
    private static float[] initial(int rows, int f, long seed) {
      Random rnd = new Random(seed);
      float scale = (float) (0.1 / Math.sqrt(f));
      float[] out = new float[rows * f];
      for (int k = 0; k < out.length; k++) {
        out[k] = (float) rnd.nextGaussian() * scale;
      }
      return out;
    }
  }

  /**
   * The analysed terms of the item documents as sparse item features: item → (term, weight) rows,
   * term ids in sorted-term order, weights {@code (1 + ln tf)·ln(1 + warm/df)} normalised to unit
   * length per item; only terms in at least {@link #MIN_DOC_FREQ} warm items' documents are kept.
   */
  static final class Terms {
    final int count;
    final int[] ptr;
    final int[] idx;
    final float[] val;
    /** How the documents were analysed and each term's document frequency among warm items. */
    final Vocabulary vocabulary;

    Terms(int count, int[] ptr, int[] idx, float[] val) {
      this(count, ptr, idx, val, Vocabulary.NONE);
    }

    Terms(int count, int[] ptr, int[] idx, float[] val, Vocabulary vocabulary) {
      this.count = count;
      this.ptr = ptr;
      this.idx = idx;
      this.val = val;
      this.vocabulary = vocabulary;
    }

    static Terms none(int m) {
      return new Terms(0, new int[m + 1], new int[0], new float[0]);
    }

    static Terms of(String[] docs, BitSet warm, int m) {
      if (docs.length != m) {
        throw new ModelFitException(NAME + ": item texts hold " + docs.length + " documents; expected items (" + m
            + ")");
      }
      TextAnalysis analysis = TextAnalysis.AUTO.resolve(docs);
      List<Map<String, int[]>> counts = new ArrayList<>(m);
      Map<String, int[]> df = new HashMap<>();
      try (Analyzer analyzer = analysis.analyzer()) {
        for (int i = 0; i < m; i++) {
          Map<String, int[]> tf = new HashMap<>();
          if (docs[i] != null) {
            TextAnalysis.terms(analyzer, docs[i], t -> tf.computeIfAbsent(t, k -> new int[1])[0]++);
          }
          counts.add(tf);
          if (warm.get(i)) {
            for (String t : tf.keySet()) {
              df.computeIfAbsent(t, k -> new int[1])[0]++;
            }
          }
        }
      }
      List<String> kept = new ArrayList<>();
      for (Map.Entry<String, int[]> en : df.entrySet()) {
        if (en.getValue()[0] >= MIN_DOC_FREQ) {
          kept.add(en.getKey());
        }
      }
      kept.sort(null);
      Map<String, Integer> id = new HashMap<>();
      for (int t = 0; t < kept.size(); t++) {
        id.put(kept.get(t), t);
      }
      double numWarm = Math.max(1, warm.cardinality());
      int[] ptr = new int[m + 1];
      int[] idxAll = new int[0];
      float[] valAll = new float[0];
      int size = 0;
      for (int i = 0; i < m; i++) {
        Map<String, int[]> tf = counts.get(i);
        int[] ids = new int[tf.size()];
        int n = 0;
        for (String t : tf.keySet()) {
          Integer k = id.get(t);
          if (k != null) {
            ids[n++] = k;
          }
        }
        Arrays.sort(ids, 0, n);
        if (size + n > idxAll.length) {
          idxAll = Arrays.copyOf(idxAll, Math.max(size + n, 2 * idxAll.length));
          valAll = Arrays.copyOf(valAll, idxAll.length);
        }
        double norm = 0;
        for (int k = 0; k < n; k++) {
          String t = kept.get(ids[k]);
          double wt = tfIdf(tf.get(t)[0], df.get(t)[0], numWarm);
          idxAll[size + k] = ids[k];
          valAll[size + k] = (float) wt;
          norm += wt * wt;
        }
        scale(valAll, size, n, norm);
        size += n;
        ptr[i + 1] = size;
      }
      int[] dfs = new int[kept.size()];
      for (int t = 0; t < dfs.length; t++) {
        dfs[t] = df.get(kept.get(t))[0];
      }
      return new Terms(kept.size(), ptr, Arrays.copyOf(idxAll, size), Arrays.copyOf(valAll, size),
          new Vocabulary(analysis, kept.toArray(new String[0]), dfs, numWarm));
    }
  }

  /** A term's weight in an item document: sublinear tf times smoothed idf over the warm items. */
  static double tfIdf(int tf, int df, double numWarm) {
    return (1 + Math.log(tf)) * Math.log(1 + numWarm / df);
  }

  /** Scales {@code v[from..from+n)} to unit L2 norm given its squared norm (a zero vector stays zero). */
  static void scale(float[] v, int from, int n, double squaredNorm) {
    float inv = squaredNorm > 0 ? (float) (1 / Math.sqrt(squaredNorm)) : 0f;
    for (int k = 0; k < n; k++) {
      v[from + k] *= inv;
    }
  }

  /**
   * The trained term features' vocabulary: the resolved text analysis, the kept terms in sorted
   * order (term id = position) with their document frequency among warm items, and the number of
   * warm items, so that a new document gets exactly the weights a trained one would.
   */
  static final class Vocabulary {
    static final Vocabulary NONE = new Vocabulary(TextAnalysis.ENGLISH, new String[0], new int[0], 1);
    final TextAnalysis analysis;
    final String[] terms;
    final int[] df;
    final double numWarm;
    private final Map<String, Integer> ids;

    Vocabulary(TextAnalysis analysis, String[] terms, int[] df, double numWarm) {
      if (analysis == TextAnalysis.AUTO || terms.length != df.length) {
        throw new IllegalArgumentException("vocabulary: analysis (" + analysis + ") must be resolved and terms ("
            + terms.length + ") must match document frequencies (" + df.length + ")");
      }
      this.analysis = analysis;
      this.terms = terms;
      this.df = df;
      this.numWarm = numWarm;
      this.ids = new HashMap<>(terms.length * 2);
      for (int t = 0; t < terms.length; t++) {
        ids.put(terms[t], t);
      }
    }

    int size() {
      return terms.length;
    }

    /**
     * The term features of {@code doc} as Terms.of weighs them (known terms only, sorted ids,
     * {@code (1 + ln tf)·ln(1 + warm/df)}, unit length): appended to {@code idx}/{@code val} from
     * {@code size}; returns the new size (the arrays grow as needed via {@code out}).
     */
    int features(Analyzer analyzer, String doc, int[][] idxOut, float[][] valOut, int size) {
      Map<String, int[]> tf = new HashMap<>();
      if (!doc.isEmpty()) {
        TextAnalysis.terms(analyzer, doc, t -> tf.computeIfAbsent(t, k -> new int[1])[0]++);
      }
      int[] ids = new int[tf.size()];
      int n = 0;
      for (String t : tf.keySet()) {
        Integer k = this.ids.get(t);
        if (k != null) {
          ids[n++] = k;
        }
      }
      Arrays.sort(ids, 0, n);
      if (size + n > idxOut[0].length) {
        idxOut[0] = Arrays.copyOf(idxOut[0], Math.max(size + n, 2 * idxOut[0].length));
        valOut[0] = Arrays.copyOf(valOut[0], idxOut[0].length);
      }
      int[] idxAll = idxOut[0];
      float[] valAll = valOut[0];
      double norm = 0;
      for (int k = 0; k < n; k++) {
        double wt = tfIdf(tf.get(terms[ids[k]])[0], df[ids[k]], numWarm);
        idxAll[size + k] = ids[k];
        valAll[size + k] = (float) wt;
        norm += wt * wt;
      }
      scale(valAll, size, n, norm);
      return size + n;
    }
  }

  /** A batch's content factors {@code Wᵀe + Vᵀt} (size × f) and term features, computed once per batch. */
  private record PreparedBatch(dev.tandem.core.model.ItemContentBatch batch, float[] factors, int[] ptr, int[] idx,
      float[] val) { }

  /**
   * The item-side half steps given the user factors: the shared operator
   * {@code A_i v = (XᵀX) v + Σ_u alpha·r_ui (x_uᵀv) x_u} and right-hand side
   * {@code b_i = Σ_u (1 + alpha·r_ui) x_u} of item i's least-squares problem. The content
   * parameters are one (d + T)×f matrix P = [W; V]: item i's content factor is {@code Pᵀφ_i} with
   * {@code φ_i = [e_i; t_i]} its normalised embedding and its term weights.
   */
  private static final class Step {
    private static final int CHUNK = 128;
    /** Rows of P per work unit of the reductions. */
    private static final int ROWS = 16;
    private final int f;
    private final int d;
    private final float[] e;
    private final Terms terms;
    /** The warm items with features, whose loss terms involve P. */
    private final int[] items;
    /** Term → positions in {@link #items} and weights (the transpose of the terms over {@link #items}). */
    private final int[] tPtr;
    private final int[] tPos;
    private final float[] tVal;
    /** Σ over {@link #items} of each term's squared weight. */
    private final double[] termSquares;
    private final int[] ptr;
    private final int[] idx;
    private final float[] val;
    private final float alpha;
    private final int steps;
    private final AlsMath.Workers workers;
    float[] gx;
    float[] x;
    /** Σ e_i e_iᵀ over the warm items with an embedding (d×d, full). */
    double[] ete;
    /** Each user's summed interaction strength. */
    float[] userWeight;
    int projItems;

    Step(int f, int d, float[] e, Terms terms, int[] items, SparseMatrix iu, float alpha, int steps,
        AlsMath.Workers workers) {
      this.f = f;
      this.d = d;
      this.e = e;
      this.terms = terms;
      this.items = items;
      this.ptr = iu.rowPtr();
      this.idx = iu.colIdx();
      this.val = iu.values();
      this.alpha = alpha;
      this.steps = steps;
      this.workers = workers;
      int t = terms.count;
      tPtr = new int[t + 1];
      termSquares = new double[t];
      for (int i : items) {
        for (int k = terms.ptr[i]; k < terms.ptr[i + 1]; k++) {
          tPtr[terms.idx[k] + 1]++;
          termSquares[terms.idx[k]] += (double) terms.val[k] * terms.val[k];
        }
      }
      for (int k = 0; k < t; k++) {
        tPtr[k + 1] += tPtr[k];
      }
      tPos = new int[tPtr[t]];
      tVal = new float[tPtr[t]];
      int[] fill = Arrays.copyOf(tPtr, t);
      for (int r = 0; r < items.length; r++) {
        int i = items[r];
        for (int k = terms.ptr[i]; k < terms.ptr[i + 1]; k++) {
          int at = fill[terms.idx[k]]++;
          tPos[at] = r;
          tVal[at] = terms.val[k];
        }
      }
    }

    /** {@code s[so, so+f) = Pᵀφ_i}. */
    private void content(float[] p, int i, float[] s, int so) {
      Arrays.fill(s, so, so + f, 0f);
      int eo = i * d;
      for (int c = 0; c < d; c++) {
        float ec = e[eo + c];
        if (ec != 0) {
          AlsMath.axpy(ec, p, c * f, s, so, f);
        }
      }
      for (int k = terms.ptr[i]; k < terms.ptr[i + 1]; k++) {
        AlsMath.axpy(terms.val[k], p, (d + terms.idx[k]) * f, s, so, f);
      }
    }

    /** {@code z = Φ P} for all items (m×f), in row chunks. */
    void project(float[] p, float[] z, int m) {
      int chunk = 256;
      int chunks = (m + chunk - 1) / chunk;
      workers.forChunks(chunks, 0, (c, scratch) -> {
        int end = Math.min(m, (c + 1) * chunk);
        for (int i = c * chunk; i < end; i++) {
          content(p, i, z, i * f);
        }
      });
    }

    /**
     * The Kronecker preconditioner {@code blockdiag(EᵀE + μ_w I, diag(Σ t_i²) + μ_v I)⁻¹ ⊗ (XᵀX + S̄)⁻¹}
     * of the content problem, where {@code S̄} is the confidence term {@code Σ_u alpha·r_u x_u x_uᵀ}
     * averaged over items and {@code μ} spreads λ over it; as Cholesky factors and the term diagonal.
     */
    private double[][] preconditioner(double lambdaW, double lambdaV) {
      double[] b = new double[f * f];
      double[] row = new double[f];
      for (int u = 0; u < userWeight.length; u++) {
        double wu = alpha * (double) userWeight[u] / Math.max(1, projItems);
        if (wu == 0) {
          continue;
        }
        for (int a = 0; a < f; a++) {
          row[a] = x[u * f + a];
        }
        for (int a = 0; a < f; a++) {
          double va = wu * row[a];
          for (int c = 0; c <= a; c++) {
            b[a * f + c] += va * row[c];
          }
        }
      }
      double trace = 0;
      for (int a = 0; a < f; a++) {
        for (int c = 0; c <= a; c++) {
          b[a * f + c] += gx[a * f + c];
        }
        trace += b[a * f + a];
      }
      for (int a = 0; a < f; a++) {
        b[a * f + a] += 1e-6 * trace / f + 1e-12;
      }
      double mu = lambdaW * f / Math.max(trace, 1e-12);
      double[] a = ete.clone();
      double traceA = 0;
      for (int c = 0; c < d; c++) {
        traceA += a[c * d + c];
      }
      for (int c = 0; c < d; c++) {
        a[c * d + c] += mu + 1e-6 * traceA / d + 1e-12;
      }
      double muV = lambdaV * f / Math.max(trace, 1e-12);
      double[] diag = new double[terms.count];
      for (int t = 0; t < diag.length; t++) {
        diag[t] = termSquares[t] + muV;
      }
      if (!SmallSpd.cholesky(a, d) || !SmallSpd.cholesky(b, f)) {
        return null;
      }
      return new double[][] {a, b, diag};
    }

    /** {@code out = blockdiag(L_a L_aᵀ, D)⁻¹ r (L_b L_bᵀ)⁻¹} for r (d + T)×f row-major. */
    private void precondition(double[][] l, float[] r, float[] out) {
      double[] col = new double[d];
      double[] tmp = new double[d * f];
      for (int j = 0; j < f; j++) {
        for (int c = 0; c < d; c++) {
          col[c] = r[c * f + j];
        }
        SmallSpd.solve(l[0], col, d);
        for (int c = 0; c < d; c++) {
          tmp[c * f + j] = col[c];
        }
      }
      int rows = d + terms.count;
      int chunks = (rows + CHUNK - 1) / CHUNK;
      workers.forChunks(chunks, 0, (chunk, scratch) -> {
        double[] rw = new double[f];
        int end = Math.min(rows, (chunk + 1) * CHUNK);
        for (int c = chunk * CHUNK; c < end; c++) {
          if (c < d) {
            System.arraycopy(tmp, c * f, rw, 0, f);
          } else {
            double inv = 1 / l[2][c - d];
            for (int j = 0; j < f; j++) {
              rw[j] = r[c * f + j] * inv;
            }
          }
          SmallSpd.solve(l[1], rw, f);
          for (int j = 0; j < f; j++) {
            out[c * f + j] = (float) rw[j];
          }
        }
      });
    }

    /** {@code out = A_i v} (out has f floats from {@code oo}). */
    private void applyA(int i, float[] v, int vo, float[] out, int oo) {
      for (int k = 0; k < f; k++) {
        out[oo + k] = 0;
      }
      for (int c = 0; c < f; c++) {
        float vc = v[vo + c];
        if (vc != 0) {
          AlsMath.axpy(vc, gx, c * f, out, oo, f);
        }
      }
      for (int k = ptr[i]; k < ptr[i + 1]; k++) {
        int uo = idx[k] * f;
        float t = alpha * val[k] * AlsMath.dot(x, uo, v, vo, f);
        AlsMath.axpy(t, x, uo, out, oo, f);
      }
    }

    /**
     * Σ over the items of {@code φ_i ⊗ g_i} ((d + T)×f) with {@code g_i = A_i (Pᵀφ_i)} when
     * {@code residual} is false, else {@code g_i = b_i − A_i (Pᵀφ_i + o_i)}. The g_i are computed
     * per item chunk, then each row block of the result sums them in item order.
     */
    private double[] accumulate(float[] p, float[] o, boolean residual) {
      int n = items.length;
      float[] g = new float[n * f];
      int chunks = (n + CHUNK - 1) / CHUNK;
      workers.forChunks(chunks, f, (chunk, scratch) -> {
        int end = Math.min(n, (chunk + 1) * CHUNK);
        for (int r = chunk * CHUNK; r < end; r++) {
          int i = items[r];
          content(p, i, scratch, 0);
          if (residual) {
            AlsMath.axpy(1f, o, i * f, scratch, 0, f);
          }
          applyA(i, scratch, 0, g, r * f);
          if (residual) {
            int go = r * f;
            for (int k = 0; k < f; k++) {
              g[go + k] = -g[go + k];
            }
            for (int k = ptr[i]; k < ptr[i + 1]; k++) {
              AlsMath.axpy(1 + alpha * val[k], x, idx[k] * f, g, go, f);
            }
          }
        }
      });
      int rows = d + terms.count;
      double[] out = new double[rows * f];
      int blocks = (rows + ROWS - 1) / ROWS;
      workers.forChunks(blocks, 0, (block, scratch) -> {
        int from = block * ROWS;
        int end = Math.min(rows, from + ROWS);
        int denseEnd = Math.min(end, d);
        if (from < denseEnd) {
          for (int r = 0; r < n; r++) {
            int eo = items[r] * d;
            int go = r * f;
            for (int c = from; c < denseEnd; c++) {
              float ec = e[eo + c];
              if (ec != 0) {
                int oo = c * f;
                for (int j = 0; j < f; j++) {
                  out[oo + j] += ec * g[go + j];
                }
              }
            }
          }
        }
        for (int c = Math.max(from, d); c < end; c++) {
          int t = c - d;
          int oo = c * f;
          for (int k = tPtr[t]; k < tPtr[t + 1]; k++) {
            float tv = tVal[k];
            int go = tPos[k] * f;
            for (int j = 0; j < f; j++) {
              out[oo + j] += tv * g[go + j];
            }
          }
        }
      });
      return out;
    }

    /**
     * Warm-started preconditioned CG on the content parameters P = [W; V] with the offsets fixed:
     * minimises {@code Σ_i (Pᵀφ_i + o_i)ᵀA_i(Pᵀφ_i + o_i) − 2b_iᵀ(Pᵀφ_i) + λ_w‖W‖² + λ_v‖V‖²}.
     */
    void projection(float[] w, float[] o, double lambdaW, double lambdaV) {
      int n = w.length;
      int split = d * f;
      double[] acc = accumulate(w, o, true);
      float[] r = new float[n];
      for (int k = 0; k < n; k++) {
        r[k] = (float) (acc[k] - (k < split ? lambdaW : lambdaV) * w[k]);
      }
      double[][] pre = preconditioner(lambdaW, lambdaV);
      float[] zr = new float[n];
      if (pre != null) {
        precondition(pre, r, zr);
      } else {
        System.arraycopy(r, 0, zr, 0, n);
      }
      float[] p = zr.clone();
      double rzOld = dot(r, zr);
      if (!(rzOld > 1e-30)) {
        return;
      }
      for (int step = 0; step < steps; step++) {
        double[] hp = accumulate(p, null, false);
        double pHp = 0;
        for (int k = 0; k < n; k++) {
          hp[k] += (k < split ? lambdaW : lambdaV) * p[k];
          pHp += p[k] * hp[k];
        }
        if (!(pHp > 0)) {
          return;
        }
        double a = rzOld / pHp;
        for (int k = 0; k < n; k++) {
          w[k] += (float) (a * p[k]);
          r[k] -= (float) (a * hp[k]);
        }
        if (pre != null) {
          precondition(pre, r, zr);
        } else {
          System.arraycopy(r, 0, zr, 0, n);
        }
        double rzNew = dot(r, zr);
        if (!(rzNew > 1e-30)) {
          return;
        }
        double beta = rzNew / rzOld;
        for (int k = 0; k < n; k++) {
          p[k] = (float) (zr[k] + beta * p[k]);
        }
        rzOld = rzNew;
      }
    }

    /**
     * Warm-started CG per warm item on its offset with W fixed: solves
     * {@code (A_i + λ_o I) o_i = b_i − A_i z_i} where {@code z_i = Wᵀe_i}.
     */
    void offsets(float[] o, float[] z, int[] items, double lambdaO) {
      float lo = (float) lambdaO;
      int chunks = (items.length + CHUNK - 1) / CHUNK;
      workers.forChunks(chunks, 4 * f, (chunk, s) -> {
        int end = Math.min(items.length, (chunk + 1) * CHUNK);
        int ro = 0;
        int po = f;
        int apo = 2 * f;
        int so = 3 * f;
        for (int r = chunk * CHUNK; r < end; r++) {
          int i = items[r];
          int oo = i * f;
          // s = z_i + o_i; r = b_i − A_i s − λ_o o_i
          for (int k = 0; k < f; k++) {
            s[so + k] = z[oo + k] + o[oo + k];
          }
          applyA(i, s, so, s, ro);
          for (int k = 0; k < f; k++) {
            s[ro + k] = -s[ro + k] - lo * o[oo + k];
          }
          for (int k = ptr[i]; k < ptr[i + 1]; k++) {
            AlsMath.axpy(1 + alpha * val[k], x, idx[k] * f, s, ro, f);
          }
          System.arraycopy(s, ro, s, po, f);
          float rsOld = AlsMath.dot(s, ro, s, ro, f);
          if (rsOld < 1e-20f) {
            continue;
          }
          for (int step = 0; step < steps; step++) {
            applyA(i, s, po, s, apo);
            AlsMath.axpy(lo, s, po, s, apo, f);
            float pAp = AlsMath.dot(s, po, s, apo, f);
            if (!(pAp > 0)) {
              break;
            }
            float a = rsOld / pAp;
            AlsMath.axpy(a, s, po, o, oo, f);
            AlsMath.axpy(-a, s, apo, s, ro, f);
            float rsNew = AlsMath.dot(s, ro, s, ro, f);
            if (rsNew < 1e-20f) {
              break;
            }
            float beta = rsNew / rsOld;
            for (int k = 0; k < f; k++) {
              s[po + k] = s[ro + k] + beta * s[po + k];
            }
            rsOld = rsNew;
          }
        }
      });
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += (double) a[k] * b[k];
    }
    return s;
  }

  /** Each row's summed values. */
  private static float[] rowSums(SparseMatrix m) {
    int[] ptr = m.rowPtr();
    float[] val = m.values();
    float[] out = new float[m.rows()];
    for (int r = 0; r < out.length; r++) {
      double s = 0;
      for (int k = ptr[r]; k < ptr[r + 1]; k++) {
        s += val[k];
      }
      out[r] = (float) s;
    }
    return out;
  }

  /** {@code Σ e_i e_iᵀ} over {@code items} (d×d, full, double); deterministic. */
  private static double[] embeddingGram(float[] e, int[] items, int d, AlsMath.Workers workers) {
    float[] rows = new float[items.length * d];
    for (int r = 0; r < items.length; r++) {
      System.arraycopy(e, items[r] * d, rows, r * d, d);
    }
    return AlsMath.gram(rows, items.length, d, workers);
  }

  private static void sum(float[] a, float[] b, float[] out) {
    for (int k = 0; k < out.length; k++) {
      out[k] = a[k] + b[k];
    }
  }

  private static double squares(float[] a, int from, int to) {
    double s = 0;
    for (int k = from; k < to; k++) {
      s += (double) a[k] * a[k];
    }
    return s;
  }

  /** {@code Σ_{i warm} q_i q_iᵀ} (f×f, full, double), rows added in item order. */
  private static double[] warmGram(float[] q, BitSet warm, int f) {
    double[] g = new double[f * f];
    double[] row = new double[f];
    for (int i = warm.nextSetBit(0); i >= 0; i = warm.nextSetBit(i + 1)) {
      AlsMath.gramAccumulate(q, i, i + 1, f, g, row);
    }
    for (int a = 0; a < f; a++) {
      for (int b = 0; b < a; b++) {
        g[a * f + b] = g[b * f + a];
      }
    }
    return g;
  }

  @Override
  public String type() {
    return NAME;
  }

  @Override
  public int numItems() {
    return numItems;
  }

  /** Number of latent factors. */
  public int factors() {
    return factors;
  }

  /** Embedding dimension d. */
  public int dimension() {
    return dimension;
  }

  /** The weight of the embedding-cosine term. */
  public double semanticWeight() {
    return semanticWeight;
  }

  /** Whether item {@code item} had training interactions (and so a free offset). */
  public boolean isWarm(int item) {
    checkItem(item);
    return warm.get(item);
  }

  /** A copy of item {@code item}'s factor vector {@code q_i = Wᵀe_i + o_i}. */
  public float[] itemVector(int item) {
    checkItem(item);
    return Arrays.copyOfRange(itemFactors, item * factors, (item + 1) * factors);
  }

  /**
   * The history items behind {@code item}'s score, by similarity in factor space: each distinct
   * positive history item {@code j} has the term {@code w_j·cos(y_j, y_item)}, with {@code w_j} its
   * summed positive weight. The fold-in score is not a sum over items, so this is the items whose
   * factors lie closest to the recommended one, weighted as the history weighs them.
   */
  @Override
  public java.util.List<dev.tandem.core.explain.Because> because(History history, int item, int max) {
    dev.tandem.core.explain.Shares.check(item, numItems, max);
    History.Positives pos = history.positives(numItems);
    float[] target = itemVector(item);
    double[] terms = new double[pos.size()];
    for (int k = 0; k < terms.length; k++) {
      terms[k] = pos.weights()[k] * dev.tandem.core.explain.Shares.cosine(itemVector(pos.items()[k]), target);
    }
    return dev.tandem.core.explain.Shares.top(pos.items(), terms, max);
  }

  /**
   * {@code Wᵀ e / ‖e‖}: the factor vector the projection gives an embedding (what an item
   * without interactions gets); zero for a zero embedding.
   *
   * @throws IllegalArgumentException if {@code embedding} does not have {@link #dimension()} floats
   */
  public float[] project(float[] embedding) {
    if (embedding == null || embedding.length != dimension) {
      throw new IllegalArgumentException("embedding length (" + (embedding == null ? "null" : embedding.length)
          + ") must equal the dimension (" + dimension + ")");
    }
    double norm = 0;
    for (float v : embedding) {
      norm += (double) v * v;
    }
    float[] out = new float[factors];
    if (!(norm > 0) || Double.isInfinite(norm)) {
      return out;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int c = 0; c < dimension; c++) {
      AlsMath.axpy(embedding[c] * inv, projection, c * factors, out, 0, factors);
    }
    return out;
  }

  /**
   * The user vector for {@code history}: the exact minimiser of
   * {@code Σ_{i warm} c_ui (p_ui − xᵀq_i)² + λ‖x‖²} given the item factors (the history's items
   * count whether warm or not), with {@code r_ui} the summed positive weight of each item. A
   * history with no positive item gives the zero vector.
   */
  public float[] foldIn(History history) {
    return foldIn(history.positives(numItems));
  }

  private float[] foldIn(History.Positives pos) {
    float[] out = AlsMath.foldIn(itemFactors, gram, factors, regularization, alpha, pos, warm);
    if (out == null) {
      throw new ModelFitException(NAME + ": fold-in system is not positive definite (history of " + pos.size()
          + " items, regularization " + regularization + ")");
    }
    return out;
  }

  /**
   * The unit-length weighted mean of the embeddings of the history's positive items that have
   * one; zero when there are none or the term is off.
   */
  private float[] centroid(History.Positives pos) {
    float[] out = new float[dimension];
    if (semanticWeight == 0 || embeddings.length == 0) {
      return out;
    }
    double[] u = new double[dimension];
    int[] items = pos.items();
    float[] weights = pos.weights();
    for (int k = 0; k < items.length; k++) {
      if (!present.get(items[k])) {
        continue;
      }
      int off = items[k] * dimension;
      for (int c = 0; c < dimension; c++) {
        u[c] += weights[k] * embeddings[off + c];
      }
    }
    double norm = 0;
    for (double v : u) {
      norm += v * v;
    }
    if (norm > 0) {
      double inv = 1 / Math.sqrt(norm);
      for (int c = 0; c < dimension; c++) {
        out[c] = (float) (u[c] * inv);
      }
    }
    return out;
  }

  /**
   * The unit-length weighted mean of the term vectors of the history's positive items; zero when
   * none has terms.
   */
  private float[] termCentroid(History.Positives pos) {
    double[] u = new double[terms.count];
    int[] items = pos.items();
    float[] weights = pos.weights();
    for (int k = 0; k < items.length; k++) {
      int i = items[k];
      for (int j = terms.ptr[i]; j < terms.ptr[i + 1]; j++) {
        u[terms.idx[j]] += (double) weights[k] * terms.val[j];
      }
    }
    double norm = 0;
    for (double v : u) {
      norm += v * v;
    }
    float[] out = new float[terms.count];
    if (norm > 0) {
      double inv = 1 / Math.sqrt(norm);
      for (int t = 0; t < out.length; t++) {
        out[t] = (float) (u[t] * inv);
      }
    }
    return out;
  }

  /**
   * Scores {@code x_uᵀq_i + semantic_weight · ūᵀe_i + text_weight · t̄ᵀt_i} (see the class docs);
   * all zeros for a history without positive items.
   */
  @Override
  public void score(History history, float[] out) {
    Model.checkOut(out, numItems);
    History.Positives pos = history.positives(numItems);
    if (pos.size() == 0) {
      return;
    }
    float[] xu = foldIn(pos);
    for (int i = 0; i < numItems; i++) {
      out[i] = AlsMath.dot(itemFactors, i * factors, xu, 0, factors);
    }
    if (semanticWeight != 0) {
      float[] c = centroid(pos);
      float sw = (float) semanticWeight;
      for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
        out[i] += sw * AlsMath.dot(embeddings, i * dimension, c, 0, dimension);
      }
    }
    if (textWeight != 0 && terms.count > 0) {
      float[] c = termCentroid(pos);
      float tw = (float) textWeight;
      int[] tp = terms.ptr;
      int[] ti = terms.idx;
      float[] tv = terms.val;
      for (int i = 0; i < numItems; i++) {
        float s = 0;
        for (int k = tp[i]; k < tp[i + 1]; k++) {
          s += tv[k] * c[ti[k]];
        }
        out[i] += tw * s;
      }
    }
  }

  /**
   * Scores each item of {@code items} as {@link #score} scores a trained item without interactions
   * (see the class docs): {@code x_uᵀ(Wᵀe + Vᵀt) + semantic_weight · ūᵀe + text_weight · t̄ᵀt},
   * with {@code t} the item document's known terms; all zeros for a history without positive
   * items. A new item with the content of a trained item scores as that item less
   * {@code x_uᵀo_i}, its offset's share (exactly as it for an item without interactions).
   *
   * @throws IllegalArgumentException if {@code out} is too short or the dimensions differ
   */
  @Override
  public void scoreContent(History history, dev.tandem.core.model.ItemContentBatch items, float[] out) {
    items.check(dimension, out);
    int b = items.size();
    Arrays.fill(out, 0, b, 0f);
    if (b == 0) {
      return;
    }
    History.Positives pos = history.positives(numItems);
    if (pos.size() == 0) {
      return;
    }
    PreparedBatch p = prepare(items);
    float[] xu = foldIn(pos);
    for (int k = 0; k < b; k++) {
      out[k] = AlsMath.dot(p.factors(), k * factors, xu, 0, factors);
    }
    if (semanticWeight != 0 && embeddings.length != 0) {
      float[] c = centroid(pos);
      float sw = (float) semanticWeight;
      float[] e = items.vectorData();
      for (int k = 0; k < b; k++) {
        if (items.hasVector(k)) {
          out[k] += sw * AlsMath.dot(e, k * dimension, c, 0, dimension);
        }
      }
    }
    if (textWeight != 0 && terms.count > 0) {
      float[] c = termCentroid(pos);
      float tw = (float) textWeight;
      for (int k = 0; k < b; k++) {
        float s = 0;
        for (int j = p.ptr()[k]; j < p.ptr()[k + 1]; j++) {
          s += p.val()[j] * c[p.idx()[j]];
        }
        out[k] += tw * s;
      }
    }
  }

  /** The content factors and term features of {@code items}, from the memo when it is the last batch seen. */
  private PreparedBatch prepare(dev.tandem.core.model.ItemContentBatch items) {
    PreparedBatch p = prepared;
    if (p != null && p.batch() == items) {
      return p;
    }
    int b = items.size();
    int[] ptr = new int[b + 1];
    int[][] idx = {new int[16]};
    float[][] val = {new float[16]};
    int size = 0;
    float[] q = new float[b * factors];
    float[] e = items.vectorData();
    try (Analyzer analyzer = vocabulary.analysis.analyzer()) {
      for (int k = 0; k < b; k++) {
        if (vocabulary.size() > 0) {
          size = vocabulary.features(analyzer, items.text(k), idx, val, size);
        }
        ptr[k + 1] = size;
        int so = k * factors;
        if (items.hasVector(k)) { // as Step.content: Wᵀe, then Vᵀt
          for (int c = 0; c < dimension; c++) {
            float ec = e[k * dimension + c];
            if (ec != 0) {
              AlsMath.axpy(ec, projection, c * factors, q, so, factors);
            }
          }
        }
        for (int j = ptr[k]; j < size; j++) {
          AlsMath.axpy(val[0][j], termFactors, idx[0][j] * factors, q, so, factors);
        }
      }
    }
    p = new PreparedBatch(items, q, ptr, Arrays.copyOf(idx[0], size), Arrays.copyOf(val[0], size));
    prepared = p;
    return p;
  }

  /**
   * Items most similar to {@code item} by cosine of their factor vectors, the item itself
   * excluded; ties rank the smaller index first.
   */
  @Override
  public ScoredItems similar(int item, int n, ItemFilter filter) {
    checkItem(item);
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null; use ItemFilter.ALL for no restriction");
    }
    return AlsMath.similarByCosine(itemFactors, itemNorms, factors, numItems, item, n, filter);
  }

  private void checkItem(int item) {
    if (item < 0 || item >= numItems) {
      throw new IllegalArgumentException("item (" + item + ") must be in [0, " + numItems + ")");
    }
  }

  /** {@code regularization}: see {@link Params#regularization}. */
  public static final Param<Double> REGULARIZATION = Param.decimal("regularization", 0.01, 0, false,
      Double.MAX_VALUE, "L2 penalty on the user factors (as ials.regularization).").tunedLog(0.001, 10);
  /** {@code lambda_w}: see {@link Params#lambdaW}. */
  public static final Param<Double> LAMBDA_W = Param.decimal("lambda_w", 1.0, 0, false, Double.MAX_VALUE,
      "Ridge penalty on the projection W of the item embeddings.").tunedLog(0.01, 100);
  /** {@code lambda_v}: see {@link Params#lambdaV}. */
  public static final Param<Double> LAMBDA_V = Param.decimal("lambda_v", 1000.0, 0, false, Double.MAX_VALUE,
      "Ridge penalty on the term factors V: with text_features, each analysed term of the item documents (words,"
          + " categories, tags, authors, brands) in >= 2 warm items is a feature, and an item's factor adds the"
          + " tf-idf-weighted sum of its terms' vectors.").tunedLog(0.01, 100);
  /** {@code lambda_o}: see {@link Params#lambdaO}. */
  public static final Param<Double> LAMBDA_O = Param.decimal("lambda_o", 1000.0, 0, false, Double.MAX_VALUE,
      "L2 penalty on the per-item offsets: larger forces more of the collaborative signal through W, which is all"
          + " that items without interactions get.").tunedLog(10, 100_000);
  /** {@code alpha}: see {@link Params#alpha}. */
  public static final Param<Double> ALPHA = FactorParams.ALPHA.tunedLog(2, 100);
  /** {@code semantic_weight}: see {@link Params#semanticWeight}. */
  public static final Param<Double> SEMANTIC_WEIGHT = Param.decimal("semantic_weight", 1.0, 0, true,
      Double.MAX_VALUE, "Weight of the cosine between the history's mean embedding and the item's embedding;"
          + " 0 = off.").tuned(0, 4);
  /** {@code text_features}: see {@link Params#textFeatures}. */
  public static final Param<Boolean> TEXT_FEATURES = Param.bool("text_features", true,
      "Use the item documents' terms as features (needs item texts; without them: embedding only).");
  /** {@code text_weight}: see {@link Params#textWeight}. */
  public static final Param<Double> TEXT_WEIGHT = Param.decimal("text_weight", 1.0, 0, true, Double.MAX_VALUE,
      "Weight of the cosine between the history's mean tf-idf term vector and the item's; 0 = off.").tuned(0, 4);
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, FactorParams.FACTORS, FactorParams.ITERATIONS,
      REGULARIZATION, LAMBDA_W, LAMBDA_V, LAMBDA_O, ALPHA, FactorParams.CG_STEPS, SEMANTIC_WEIGHT, TEXT_FEATURES,
      TEXT_WEIGHT, FactorParams.SEED, FactorParams.THREADS)
      .tuneOrder(LAMBDA_W, LAMBDA_V, LAMBDA_O, ALPHA, SEMANTIC_WEIGHT, TEXT_WEIGHT, REGULARIZATION);

  /** Registration of {@link Hybrid} with {@link dev.tandem.core.model.ModelTypes}. */
  public static final class Type implements ModelType<Hybrid, Params> {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "content-aware hybrid MF: iALS with item factors W^T e_i + o_i tied to the item embeddings";
    }

    @Override
    public ParamSet parameters() {
      return PARAMETERS;
    }

    @Override
    public Params bind(ParamValues v) {
      return new Params(v.get(FactorParams.FACTORS), v.get(FactorParams.ITERATIONS), v.get(REGULARIZATION),
          v.get(LAMBDA_W), v.get(LAMBDA_V), v.get(LAMBDA_O), v.get(ALPHA), v.get(FactorParams.CG_STEPS),
          v.get(SEMANTIC_WEIGHT), v.get(TEXT_FEATURES), v.get(TEXT_WEIGHT), v.get(FactorParams.SEED),
          v.get(FactorParams.THREADS));
    }

    @Override
    public dev.tandem.core.model.Trainer<Hybrid> trainer(Params params) {
      return new Trainer(params);
    }

    /**
     * The trainer reads {@link Interactions#itemVectors()} and, with {@code text_features}, {@link
     * Interactions#itemTexts()} (without them it fits the embedding-only model).
     */
    @Override
    public Set<ItemContent> needs(Params params) {
      return params.textFeatures() ? Set.of(ItemContent.VECTORS, ItemContent.TEXTS) : Set.of(ItemContent.VECTORS);
    }

    @Override
    public Class<Hybrid> modelClass() {
      return Hybrid.class;
    }

    @Override
    public void write(Hybrid model, SnapshotOutput out) throws IOException {
      out.writeInt(model.factors);
      out.writeInt(model.dimension);
      out.writeDouble(model.alpha);
      out.writeDouble(model.regularization);
      out.writeDouble(model.semanticWeight);
      out.writeFloats(model.itemFactors);
      out.writeFloats(model.projection);
      out.writeLongs(model.warm.toLongArray());
      out.writeLongs(model.present.toLongArray());
      out.writeFloats(model.embeddings);
      out.writeDouble(model.textWeight);
      out.writeInt(model.terms.count);
      out.writeInts(model.terms.ptr);
      out.writeInts(model.terms.idx);
      out.writeFloats(model.terms.val);
      // layout 2: the vocabulary and the term factors V
      out.writeInt(model.vocabulary.analysis.ordinal());
      out.writeDouble(model.vocabulary.numWarm);
      out.writeInt(model.vocabulary.size());
      for (String t : model.vocabulary.terms) {
        out.writeString(t);
      }
      out.writeInts(model.vocabulary.df);
      out.writeFloats(model.termFactors);
    }

    @Override
    public Hybrid read(SnapshotInput in) throws IOException {
      int f = in.readInt();
      int d = in.readInt();
      double alpha = in.readDouble();
      double lambda = in.readDouble();
      double sw = in.readDouble();
      float[] q = in.readFloats();
      float[] w = in.readFloats();
      BitSet warm = BitSet.valueOf(in.readLongs());
      BitSet present = BitSet.valueOf(in.readLongs());
      float[] e = in.readFloats();
      if (f < 1 || f > Params.MAX_FACTORS || q.length % f != 0 || d < 0 || w.length != (long) d * f) {
        throw new SnapshotException(NAME + ": factors (" + f + ") and dimension (" + d + ") do not match the item"
            + " factors (" + q.length + ") and projection (" + w.length + ") lengths (corrupt snapshot)");
      }
      int m = q.length / f;
      if (e.length != 0 && e.length != (long) m * d) {
        throw new SnapshotException(NAME + ": embeddings length (" + e.length + ") must be 0 or items (" + m
            + ") * dimension (" + d + ") (corrupt snapshot)");
      }
      if (!(alpha > 0) || !(lambda > 0) || !(sw >= 0) || Double.isInfinite(alpha) || Double.isInfinite(lambda)
          || Double.isInfinite(sw)) {
        throw new SnapshotException(NAME + ": alpha (" + alpha + "), regularization (" + lambda
            + ") and semantic_weight (" + sw + ") out of range (corrupt snapshot)");
      }
      double tw = in.readDouble();
      int numTerms = in.readInt();
      int[] tptr = in.readInts();
      int[] tidx = in.readInts();
      float[] tval = in.readFloats();
      if (!(tw >= 0) || Double.isInfinite(tw) || numTerms < 0 || tptr.length != m + 1 || tidx.length != tval.length
          || tptr[0] != 0 || tptr[m] != tidx.length) {
        throw new SnapshotException(NAME + ": text_weight (" + tw + ") or term features (" + numTerms + " terms, "
            + tptr.length + " row pointers for " + m + " items, " + tidx.length + " entries) out of range"
            + " (corrupt snapshot)");
      }
      for (int k = 0; k < m; k++) {
        if (tptr[k + 1] < tptr[k]) {
          throw new SnapshotException(NAME + ": term row pointers decrease at item " + k + " (corrupt snapshot)");
        }
      }
      for (int t : tidx) {
        if (t < 0 || t >= numTerms) {
          throw new SnapshotException(NAME + ": term id " + t + " outside [0, " + numTerms + ") (corrupt snapshot)");
        }
      }
      Vocabulary vocabulary = Vocabulary.NONE;
      float[] termFactors = new float[0];
      if (in.hasMore()) { // appended in layout 2: the vocabulary and V, for new items' terms
        int analysis = in.readInt();
        double numWarm = in.readDouble();
        int size = in.readInt();
        if (analysis < 0 || analysis >= TextAnalysis.values().length || size < 0 || !(numWarm >= 1)) {
          throw new SnapshotException(NAME + ": vocabulary analysis (" + analysis + "), size (" + size
              + ") or warm items (" + numWarm + ") out of range (corrupt snapshot)");
        }
        String[] vocab = new String[size];
        for (int t = 0; t < size; t++) {
          vocab[t] = in.readString();
        }
        int[] df = in.readInts();
        termFactors = in.readFloats();
        if (df.length != size || termFactors.length != (long) size * f) {
          throw new SnapshotException(NAME + ": vocabulary of " + size + " terms has " + df.length
              + " document frequencies and " + termFactors.length + " term factor floats (corrupt snapshot)");
        }
        vocabulary = new Vocabulary(TextAnalysis.values()[analysis], vocab, df, numWarm);
      }
      return new Hybrid(f, d, q, w, warm, alpha, lambda, sw, e, present, null,
          new Terms(numTerms, tptr, tidx, tval), tw, vocabulary, termFactors);
    }
  }
}
