package dev.tandem.core.retrieval;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.explain.Because;
import dev.tandem.core.explain.Explains;
import dev.tandem.core.explain.Shares;
import dev.tandem.core.kernel.CoOccurrence;
import dev.tandem.core.kernel.Parallel;
import dev.tandem.core.kernel.SpdKernel;
import dev.tandem.core.kernel.SpdMatrix;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.snapshot.SnapshotException;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): a dense item-item
 * weight matrix B learned in closed form. With X the binary user-by-item training matrix
 * (every stored pair counts 1), G = XᵀX + λI, P = G⁻¹, B_ij = −P_ij / P_jj and B_ii = 0. A history
 * scores item j with Σ B_ij over its distinct positive items i.
 *
 * <p>Trade-offs: often the most accurate classic model on implicit feedback, and scoring is one
 * pass over |history| rows of B, but fit costs ~n³ flops and memory is 4·n² bytes for B (400 MB
 * at 10,000 items; plus 8·n² bytes, off-heap with the native kernel, while fitting). Beyond a few
 * tens of thousands of items use item-kNN or ALS instead. The inverse runs on
 * {@link SpdKernel#instance()} (native OpenBLAS when available); its off-heap memory counts
 * against JavaCPP's limit ({@code -Dorg.bytedeco.javacpp.maxBytes}, default the maximum heap size).
 *
 * <p>Immutable and thread-safe.
 */
public final class Ease implements Model, Explains {
  /** Type name. */
  public static final String NAME = "ease";
  private static final Logger LOG = LoggerFactory.getLogger(Ease.class);

  private final int n;
  private final float[] weights;

  Ease(int n, float[] weights) {
    if ((long) n * n != weights.length) {
      throw new IllegalArgumentException("weights.length (" + weights.length + ") must be n² (" + ((long) n * n) + ")");
    }
    this.n = n;
    this.weights = weights;
  }

  /**
   * Parameters.
   *
   * @param lambda L2 regularisation added to the diagonal of the Gram matrix (default 500, must
   *     be > 0 and finite). Larger values shrink B towards zero and favour popular items less;
   *     typical good values are 100 to 1,000 for tens of thousands of users. It also keeps G
   *     positive definite.
   */
  public record Params(double lambda) {
    /** Default {@code lambda}. */
    public static final double DEFAULT_LAMBDA = 500;

    /** Validates {@code lambda}; the error names it, its value and the rule. */
    public Params {
      if (!(lambda > 0) || Double.isInfinite(lambda)) {
        throw new IllegalArgumentException("ease.lambda (" + lambda + ") must be > 0 and finite");
      }
    }

    /** The defaults. */
    public static Params defaults() {
      return new Params(DEFAULT_LAMBDA);
    }
  }

  /**
   * Fits EASE: builds G row by row from sparse co-occurrence counts (parallel over items,
   * straight into the kernel's storage), inverts it, and derives B (parallel over rows).
   * Immutable and thread-safe; each fit allocates its own matrices.
   */
  public static final class Trainer implements dev.tandem.core.model.Trainer<Ease> {
    private final Params params;
    private final SpdKernel kernel;

    /** A trainer on the JVM's {@link SpdKernel#instance() kernel}. */
    public Trainer(Params params) {
      this(params, SpdKernel.instance());
    }

    /** A trainer on a given kernel (for tests and benchmarks). */
    public Trainer(Params params, SpdKernel kernel) {
      this.params = params;
      this.kernel = kernel;
    }

    /**
     * @throws dev.tandem.core.model.ModelFitException if G is not positive definite to working
     *     precision (cannot happen for λ > 0 short of overflow)
     * @throws IllegalArgumentException if the catalogue exceeds {@link SpdKernel#MAX_SIZE} items
     */
    @Override
    public Ease fit(Interactions train) {
      int n = train.numItems();
      SpdKernel.checkSize(n);
      CoOccurrence co = new CoOccurrence(train.userItem(), train.itemUser());
      double lambda = params.lambda();
      long t0 = System.nanoTime();
      try (SpdMatrix g = kernel.allocate(n)) {
        int threads = Parallel.threads();
        CoOccurrence.Scratch[] scratch = new CoOccurrence.Scratch[threads];
        double[][] rows = new double[threads][n];
        Parallel.forEach(n, (w, i) -> {
          CoOccurrence.Scratch s = scratch[w];
          if (s == null) {
            s = new CoOccurrence.Scratch(n);
            scratch[w] = s;
          }
          double[] row = rows[w];
          co.row(i, s);
          int[] touched = s.touched();
          for (int k = 0, m = s.size(); k < m; k++) {
            int j = touched[k];
            row[j] = s.count(j);
          }
          row[i] += lambda;
          g.setRow(i, row);
          for (int k = 0, m = s.size(); k < m; k++) {
            row[touched[k]] = 0;
          }
          row[i] = 0;
        });
        long t1 = System.nanoTime();
        g.invert();
        long t2 = System.nanoTime();
        double[] diag = new double[n];
        for (int i = 0; i < n; i++) {
          diag[i] = g.get(i, i);
        }
        float[] b = new float[n * n];
        Parallel.forEach(n, (w, i) -> {
          double[] row = rows[w];
          g.getRow(i, row);
          int off = i * n;
          for (int j = 0; j < n; j++) {
            b[off + j] = (float) (row[j] / -diag[j]);
          }
          b[off + i] = 0f;
        });
        long t3 = System.nanoTime();
        if (LOG.isDebugEnabled()) {
          LOG.debug("ease fit, {} items, {} kernel: gram {} s, inverse {} s, weights {} s", n, kernel.name(),
              seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t2));
        }
        return new Ease(n, b);
      }
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }

  /** The weight B[i][j] (how much having item i raises item j). */
  public float weight(int i, int j) {
    return weights[i * n + j];
  }

  @Override
  public String type() {
    return NAME;
  }

  @Override
  public int numItems() {
    return n;
  }

  /** Sums the rows of B of the history's distinct positive items (each with weight 1, as X is binary). */
  @Override
  public void score(History history, float[] out) {
    Model.checkOut(out, n);
    int[] items = history.positives(n).items();
    for (int item : items) {
      int off = item * n;
      for (int j = 0; j < n; j++) {
        out[j] += weights[off + j];
      }
    }
  }

  /**
   * The history items behind {@code item}'s score: each distinct positive history item {@code j}
   * has the term {@code B[j,item]} (the score is their sum; negative terms are left out).
   */
  @Override
  public List<Because> because(History history, int item, int max) {
    Shares.check(item, n, max);
    int[] items = history.positives(n).items();
    double[] terms = new double[items.length];
    for (int k = 0; k < items.length; k++) {
      terms[k] = weights[items[k] * n + item];
    }
    return Shares.top(items, terms, max);
  }

  /** {@code lambda}: see {@link Params#lambda}. */
  public static final Param<Double> LAMBDA = Param.decimal("lambda", Params.DEFAULT_LAMBDA, 0, false,
      Double.MAX_VALUE, "L2 regularisation of the item-item weights; larger for larger or noisier data (100-2000).")
      .tunedLog(10, 10_000);
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, LAMBDA);

  /** Registration of {@link Ease} with {@link dev.tandem.core.model.ModelTypes}. */
  public static final class Type implements ModelType<Ease, Params> {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "EASE: closed-form item-item autoencoder (Steck 2019); dense, best up to ~20k items";
    }

    @Override
    public ParamSet parameters() {
      return PARAMETERS;
    }

    @Override
    public Params bind(ParamValues v) {
      return new Params(v.get(LAMBDA));
    }

    @Override
    public dev.tandem.core.model.Trainer<Ease> trainer(Params params) {
      return new Trainer(params);
    }

    @Override
    public Class<Ease> modelClass() {
      return Ease.class;
    }

    @Override
    public void write(Ease model, SnapshotOutput out) throws IOException {
      out.writeInt(model.n);
      out.writeFloats(model.weights);
    }

    @Override
    public Ease read(SnapshotInput in) throws IOException {
      int n = in.readInt();
      if (n < 0 || n > SpdKernel.MAX_SIZE) {
        throw new SnapshotException("ease: item count (" + n + ") is out of range (corrupt snapshot)");
      }
      float[] w = in.readFloats();
      if (w.length != n * n) {
        throw new SnapshotException("ease: weights length (" + w.length + ") must be n² (" + ((long) n * n) + ")");
      }
      return new Ease(n, w);
    }
  }

  @Override
  public String toString() {
    return "Ease[items=" + n + "]";
  }
}
