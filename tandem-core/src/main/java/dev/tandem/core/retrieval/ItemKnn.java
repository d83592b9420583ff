package dev.tandem.core.retrieval;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.explain.Because;
import dev.tandem.core.explain.Explains;
import dev.tandem.core.explain.Shares;
import dev.tandem.core.kernel.CoOccurrence;
import dev.tandem.core.kernel.Parallel;
import dev.tandem.core.kernel.TopK;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.snapshot.SnapshotException;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Item-based k-nearest neighbours over binary item columns. The similarity of items i and j is
 * the cosine of their user columns, {@code |U_i ∩ U_j| / (sqrt|U_i|·sqrt|U_j| + shrink)}, the
 * diagonal excluded. For each item j to be scored only its {@code k} most similar items are kept
 * (ties: smaller index first); a history scores j with the sum of the kept similarities S[i][j]
 * over its distinct positive items i. With shrink 0 this is exactly the reference
 * {@code refrec.py --model itemknn}.
 *
 * <p>Stored sparsely: per scored item its at most k neighbours (4+4 bytes each), plus the
 * transposed lists that scoring walks, so memory is ~16·k·n bytes. Fit is one sparse
 * co-occurrence pass per item, parallel over items, with no n² matrix.
 *
 * <p>Immutable and thread-safe.
 */
public final class ItemKnn implements Model, Explains {
  /** Type name. */
  public static final String NAME = "itemknn";

  private final int n;
  // per scored item j: its kept neighbours i and S[i][j], by similarity descending then index ascending
  private final int[] colPtr;
  private final int[] colItems;
  private final float[] colSims;
  // transpose, per history item i: the scored items j that keep i, ascending, with S[i][j]
  private final int[] rowPtr;
  private final int[] rowItems;
  private final float[] rowSims;

  ItemKnn(int n, int[] colPtr, int[] colItems, float[] colSims) {
    this.n = n;
    this.colPtr = colPtr;
    this.colItems = colItems;
    this.colSims = colSims;
    int nnz = colPtr[n];
    int[] ptr = new int[n + 1];
    for (int p = 0; p < nnz; p++) {
      ptr[colItems[p] + 1]++;
    }
    for (int i = 0; i < n; i++) {
      ptr[i + 1] += ptr[i];
    }
    int[] next = Arrays.copyOf(ptr, n);
    int[] items = new int[nnz];
    float[] sims = new float[nnz];
    for (int j = 0; j < n; j++) {
      for (int p = colPtr[j]; p < colPtr[j + 1]; p++) {
        int at = next[colItems[p]]++;
        items[at] = j;
        sims[at] = colSims[p];
      }
    }
    this.rowPtr = ptr;
    this.rowItems = items;
    this.rowSims = sims;
  }

  /**
   * Parameters.
   *
   * @param k neighbours kept per item (default 100, >= 1). More neighbours raise recall on
   *     long histories and cost memory (16 bytes per kept pair) and scoring time.
   * @param shrink added to the cosine's denominator (default 0, >= 0, finite): pulls similarities
   *     resting on few common users towards zero; 10 to 100 often helps sparse data. 0 is the
   *     plain cosine of the reference implementation.
   */
  public record Params(int k, double shrink) {
    /** Default {@code k}. */
    public static final int DEFAULT_K = 100;

    /** Validates both values; errors name the parameter, its value and the rule. */
    public Params {
      if (k < 1) {
        throw new IllegalArgumentException("itemknn.k (" + k + ") must be >= 1");
      }
      if (!(shrink >= 0) || Double.isInfinite(shrink)) {
        throw new IllegalArgumentException("itemknn.shrink (" + shrink + ") must be >= 0 and finite");
      }
    }

    /** The defaults: k 100, shrink 0. */
    public static Params defaults() {
      return new Type().bind(PARAMETERS.defaults());
    }
  }

  /**
   * Computes the similarities column by column from sparse co-occurrence counts, parallel over
   * items, and keeps the top k of each. Immutable and thread-safe.
   */
  public static final class Trainer implements dev.tandem.core.model.Trainer<ItemKnn> {
    private final Params params;

    /** A trainer with {@code params}. */
    public Trainer(Params params) {
      this.params = params;
    }

    @Override
    public ItemKnn fit(Interactions train) {
      int n = train.numItems();
      CoOccurrence co = new CoOccurrence(train.userItem(), train.itemUser());
      double[] norms = new double[n];
      for (int i = 0; i < n; i++) {
        int c = co.count(i);
        norms[i] = c == 0 ? 1.0 : Math.sqrt(c);
      }
      double shrink = params.shrink();
      int k = params.k();
      int threads = Parallel.threads();
      CoOccurrence.Scratch[] scratch = new CoOccurrence.Scratch[threads];
      float[][] dense = new float[threads][];
      int[][] keptItems = new int[n][];
      float[][] keptSims = new float[n][];
      Parallel.forEach(n, (w, j) -> {
        CoOccurrence.Scratch s = scratch[w];
        float[] sims = dense[w];
        if (s == null) {
          s = new CoOccurrence.Scratch(n);
          scratch[w] = s;
          sims = new float[n];
          Arrays.fill(sims, Float.NEGATIVE_INFINITY);
          dense[w] = sims;
        }
        co.row(j, s);
        int[] touched = s.touched();
        int m = s.size();
        int candidates = 0;
        double nj = norms[j];
        for (int t = 0; t < m; t++) {
          int i = touched[t];
          if (i != j) {
            sims[i] = (float) (s.count(i) / (norms[i] * nj + shrink));
            candidates++;
          }
        }
        if (candidates > 0) {
          ScoredItems top = TopK.select(sims, n, Math.min(k, candidates), ItemFilter.ALL);
          keptItems[j] = top.items();
          keptSims[j] = top.scores();
        } else {
          keptItems[j] = new int[0];
          keptSims[j] = new float[0];
        }
        for (int t = 0; t < m; t++) {
          sims[touched[t]] = Float.NEGATIVE_INFINITY;
        }
      });
      int[] colPtr = new int[n + 1];
      for (int j = 0; j < n; j++) {
        colPtr[j + 1] = colPtr[j] + keptItems[j].length;
      }
      int[] colItems = new int[colPtr[n]];
      float[] colSims = new float[colPtr[n]];
      for (int j = 0; j < n; j++) {
        System.arraycopy(keptItems[j], 0, colItems, colPtr[j], keptItems[j].length);
        System.arraycopy(keptSims[j], 0, colSims, colPtr[j], keptSims[j].length);
      }
      return new ItemKnn(n, colPtr, colItems, colSims);
    }
  }

  @Override
  public String type() {
    return NAME;
  }

  @Override
  public int numItems() {
    return n;
  }

  /** Number of neighbours kept for scored item {@code j} (at most k; fewer when fewer co-occur). */
  public int neighbourCount(int j) {
    return colPtr[j + 1] - colPtr[j];
  }

  /**
   * The kept similarity S[i][j] of history item {@code i} to scored item {@code j}: their cosine
   * when i is among j's k nearest neighbours, else 0.
   */
  public float similarity(int i, int j) {
    for (int p = colPtr[j]; p < colPtr[j + 1]; p++) {
      if (colItems[p] == i) {
        return colSims[p];
      }
    }
    return 0f;
  }

  /** For each distinct positive history item i, adds S[i][j] to every j that keeps i as a neighbour. */
  @Override
  public void score(History history, float[] out) {
    Model.checkOut(out, n);
    int[] items = history.positives(n).items();
    for (int i : items) {
      for (int p = rowPtr[i], end = rowPtr[i + 1]; p < end; p++) {
        out[rowItems[p]] += rowSims[p];
      }
    }
  }

  /**
   * The history items behind {@code item}'s score: each distinct positive history item {@code j}
   * has the term {@code S[j,item]} (the score is their sum; see {@link dev.tandem.core.explain.Explains}).
   */
  @Override
  public List<Because> because(History history, int item, int max) {
    Shares.check(item, n, max);
    int[] items = history.positives(n).items();
    double[] terms = new double[items.length];
    for (int k = 0; k < items.length; k++) {
      terms[k] = similarity(items[k], item);
    }
    return Shares.top(items, terms, max);
  }

  /**
   * The item's kept neighbours, most similar first (ties: smaller index), then, if fewer than
   * {@code n} pass the filter, the other items at score 0 in index order; the item itself is
   * never returned. O(numItems).
   */
  @Override
  public ScoredItems similar(int item, int count, ItemFilter filter) {
    if (item < 0 || item >= n) {
      throw new IllegalArgumentException("item (" + item + ") must be in [0, " + n + ")");
    }
    float[] scores = new float[n];
    for (int p = colPtr[item]; p < colPtr[item + 1]; p++) {
      scores[colItems[p]] = colSims[p];
    }
    scores[item] = Float.NEGATIVE_INFINITY;
    return TopK.select(scores, n, count, filter);
  }

  /** {@code k}: see {@link Params#k}. */
  public static final Param<Integer> K = Param.integer("k", Params.DEFAULT_K, 1, Integer.MAX_VALUE,
      "Neighbours kept per item: more is slower to score and store, rarely much better past 100-200.")
      .tunedLog(10, 1000);
  /** {@code shrink}: see {@link Params#shrink}. */
  public static final Param<Double> SHRINK = Param.decimal("shrink", 0, 0, true, Double.MAX_VALUE,
      "Shrinkage added to the cosine denominator; damps similarities resting on few co-occurrences.")
      .tuned(0, 100);
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, K, SHRINK);

  /** Registration of {@link ItemKnn} with {@link dev.tandem.core.model.ModelTypes}. */
  public static final class Type implements ModelType<ItemKnn, Params> {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "item-kNN: cosine over binary item columns, top-k neighbours per item";
    }

    @Override
    public ParamSet parameters() {
      return PARAMETERS;
    }

    @Override
    public Params bind(ParamValues v) {
      return new Params(v.get(K), v.get(SHRINK));
    }

    @Override
    public dev.tandem.core.model.Trainer<ItemKnn> trainer(Params params) {
      return new Trainer(params);
    }

    @Override
    public Class<ItemKnn> modelClass() {
      return ItemKnn.class;
    }

    @Override
    public void write(ItemKnn model, SnapshotOutput out) throws IOException {
      out.writeInt(model.n);
      out.writeInts(model.colPtr);
      out.writeInts(model.colItems);
      out.writeFloats(model.colSims);
    }

    @Override
    public ItemKnn read(SnapshotInput in) throws IOException {
      int n = in.readInt();
      int[] ptr = in.readInts();
      int[] items = in.readInts();
      float[] sims = in.readFloats();
      if (n < 0 || ptr.length != n + 1 || ptr[0] != 0 || ptr[n] != items.length || items.length != sims.length) {
        throw new SnapshotException("itemknn: inconsistent neighbour lists (n " + n + ", pointers " + ptr.length
            + ", items " + items.length + ", sims " + sims.length + ") (corrupt snapshot)");
      }
      for (int j = 0; j < n; j++) {
        if (ptr[j] > ptr[j + 1]) {
          throw new SnapshotException("itemknn: pointers decrease at item " + j + " (corrupt snapshot)");
        }
      }
      for (int p = 0; p < items.length; p++) {
        if (items[p] < 0 || items[p] >= n) {
          throw new SnapshotException("itemknn: neighbour (" + items[p] + ") out of [0, " + n + ") (corrupt snapshot)");
        }
      }
      return new ItemKnn(n, ptr, items, sims);
    }
  }

  @Override
  public String toString() {
    return "ItemKnn[items=" + n + ", kept=" + colPtr[n] + "]";
  }
}
