package dev.tandem.core.retrieval;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.explain.Because;
import dev.tandem.core.explain.Explains;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.ItemContentBatch;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamChecks;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
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
 * <p>Guarantees: immutable and thread-safe (no memo: a new-item batch's content factors are
 * derived once per batch through {@code ItemContentBatch.derived}); scoring allocates its own
 * scratch per call; a fit is deterministic for a seed and does not depend on the thread count.
 *
 * <p>Where the parts live: the fit in {@code HybridFitter} (its user half-sweep is the
 * {@code AlsTraining} one shared with {@link ImplicitAls}) and {@code HybridStep} (the content and
 * offset conjugate-gradient steps), the term features in {@code TermFeatures} and
 * {@code TermVocabulary}, the snapshot form in {@code HybridSnapshot}, the item rows in
 * {@code ItemFactors}.
 */
public final class Hybrid implements Model, ContentScorer,
    Explains {
  /** Type name. */
  public static final String NAME = "hybrid";
  /** Warm-item documents a term must occur in to become a feature. */
  public static final int MIN_DOC_FREQ = 2;

  final int numItems;
  final int factors;
  final int dimension;
  /** numItems × factors: q_i = Wᵀe_i + o_i. */
  final float[] itemFactors;
  /** dimension × factors, row-major. */
  final float[] projection;
  /** Items with training interactions: the rows of the fold-in Gram matrix. */
  final BitSet warm;
  private final double[] gram;
  /** The item rows, with what is answered from them alone (similar items, explanations). */
  private final ItemFactors rows;
  final double alpha;
  final double regularization;
  final double semanticWeight;
  /** numItems × dimension normalised embeddings when semanticWeight != 0, else empty. */
  final float[] embeddings;
  /** Items with an embedding. */
  final BitSet present;
  /** The items' term features (kept when textWeight != 0, else none). */
  final TermFeatures terms;
  final double textWeight;
  /** The term vocabulary with document frequencies, for new items' terms (empty without term features). */
  final TermVocabulary vocabulary;
  /** vocabulary.size() × factors, row-major: V, each term's factor vector. */
  final float[] termFactors;

  Hybrid(int factors, int dimension, float[] itemFactors, float[] projection, BitSet warm, double alpha,
      double regularization, double semanticWeight, float[] embeddings, BitSet present, double[] gram, TermFeatures terms,
      double textWeight, TermVocabulary vocabulary, float[] termFactors) {
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
    this.gram = gram != null ? gram : HybridFitter.warmGram(itemFactors, warm, factors);
    this.rows = new ItemFactors(itemFactors, factors);
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
      ParamChecks.range(NAME, "factors", factors, 1, MAX_FACTORS);
      ParamChecks.range(NAME, "iterations", iterations, 1, 10_000);
      ParamChecks.positive(NAME, "regularization", regularization);
      ParamChecks.positive(NAME, "lambda_w", lambdaW);
      ParamChecks.positive(NAME, "lambda_v", lambdaV);
      ParamChecks.positive(NAME, "lambda_o", lambdaO);
      ParamChecks.positive(NAME, "alpha", alpha);
      ParamChecks.range(NAME, "cg_steps", cgSteps, 1, 1024);
      ParamChecks.nonNegative(NAME, "semantic_weight", semanticWeight);
      ParamChecks.nonNegative(NAME, "text_weight", textWeight);
      ParamChecks.range(NAME, "threads", threads, 0, 1024);
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
      return new HybridFitter(params).fit(train);
    }
  }

  /** A batch's content factors {@code Wᵀe + Vᵀt} (size × f) and term features, computed once per batch. */
  private record PreparedBatch(float[] factors, int[] ptr, int[] idx, float[] val) { }

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
    return rows.vector(item);
  }

  /**
   * The history items behind {@code item}'s score, by similarity in factor space: each distinct
   * positive history item {@code j} has the term {@code w_j·cos(y_j, y_item)}, with {@code w_j} its
   * summed positive weight. The fold-in score is not a sum over items, so this is the items whose
   * factors lie closest to the recommended one, weighted as the history weighs them.
   */
  @Override
  public List<Because> because(History history, int item, int max) {
    return rows.because(history, item, max);
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
    return rows.foldIn(NAME, gram, regularization, alpha, pos, warm);
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
  public void scoreContent(History history, ItemContentBatch items, float[] out) {
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
    PreparedBatch p = items.derived(this, this::prepare);
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

  /** The content factors and term features of {@code items} (derived once per batch, see
   * {@link dev.tandem.core.model.ItemContentBatch#derived}). */
  private PreparedBatch prepare(ItemContentBatch items) {
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
    return new PreparedBatch(q, ptr, Arrays.copyOf(idx[0], size), Arrays.copyOf(val[0], size));
  }

  /**
   * Items most similar to {@code item} by cosine of their factor vectors, the item itself
   * excluded; ties rank the smaller index first.
   */
  @Override
  public ScoredItems similar(int item, int n, ItemFilter filter) {
    return rows.similar(item, n, filter);
  }

  private void checkItem(int item) {
    rows.checkItem(item);
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
      HybridSnapshot.write(model, out);
    }

    @Override
    public Hybrid read(SnapshotInput in) throws IOException {
      return HybridSnapshot.read(in);
    }
  }
}
