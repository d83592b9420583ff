package dev.tandem.core.retrieval;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.kernel.TopK;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ParamReader;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Content-based recall from item embeddings (LLM document vectors): a history becomes a user
 * vector, the weighted mean of the L2-normalised vectors of its items, and an item scores the dot
 * product of that vector with its own normalised vector. It needs no interactions for an item, so
 * it ranks cold items that collaborative models cannot score.
 *
 * <p>User vector {@code u = Σ w_e·d_e·v_e / Σ |w_e·d_e|} over the history entries {@code e} whose
 * item has a vector, where {@code w_e} is the entry's feedback weight (or 1 when
 * {@code use_weights} is off), {@code d_e} its time decay (1 when {@code half_life_days} is 0) and
 * {@code v_e} the item's normalised vector; with {@code negative} on, entries of negative weight
 * contribute {@code -|w_e·d_e|·v_e}, otherwise they are skipped. With {@code use_weights} off and
 * no decay the history is reduced to its {@linkplain History#positives distinct positive items},
 * each counted once: the plain mean of their vectors. Items without a vector score 0.
 *
 * <p>Search is exact: one dense matrix-vector product over all items, fine up to roughly 100k
 * items. Immutable and thread-safe.
 */
public final class Semantic implements Model {
  /** Type name. */
  public static final String NAME = "semantic";

  private final Params params;
  private final int numItems;
  private final int dimension;
  /** Row-major, each present row L2-normalised, absent rows zero. */
  private final float[] vectors;
  private final BitSet present;

  Semantic(Params params, int numItems, int dimension, float[] vectors, BitSet present) {
    this.params = params;
    this.numItems = numItems;
    this.dimension = dimension;
    this.vectors = vectors;
    this.present = present;
  }

  /**
   * Parameters.
   *
   * @param halfLifeDays half-life in days of a history entry's weight, measured back from the
   *     newest timestamp in that history; 0 (default) disables decay
   * @param useWeights {@code true} (default) weighs each entry by its feedback weight;
   *     {@code false} takes the plain mean of the distinct positive items' vectors
   * @param negative {@code true} lets entries of negative weight push the user vector away from
   *     their item; {@code false} (default) ignores them
   */
  public record Params(double halfLifeDays, boolean useWeights, boolean negative) {
    /** Validates. */
    public Params {
      if (!(halfLifeDays >= 0) || Double.isInfinite(halfLifeDays)) {
        throw new IllegalArgumentException("semantic.half_life_days (" + halfLifeDays + ") must be >= 0 and finite");
      }
    }
  }

  /** Copies and normalises the item vectors attached to the training interactions. */
  public static final class Trainer implements dev.tandem.core.model.Trainer<Semantic> {
    private final Params params;

    /** A trainer with {@code params}. */
    public Trainer(Params params) {
      this.params = params;
    }

    /**
     * Copies {@code train}'s item vectors, L2-normalised; zero or non-finite rows count as absent.
     *
     * @throws ModelFitException if {@code train} carries no item vectors
     */
    @Override
    public Semantic fit(Interactions train) {
      ItemVectors v = train.itemVectors().orElseThrow(() -> new ModelFitException(
          "semantic needs item embeddings: train it through Tandem, which embeds the catalogue (`tandem embed`),"
              + " or attach them with Interactions.withItemVectors"));
      int m = train.numItems();
      int d = v.dimension();
      float[] data = v.data();
      float[] out = new float[m * d];
      BitSet present = new BitSet(m);
      for (int i = 0; i < m; i++) {
        if (!v.present().get(i)) {
          continue;
        }
        double norm = 0;
        for (int k = i * d; k < (i + 1) * d; k++) {
          norm += (double) data[k] * data[k];
        }
        if (!(norm > 0) || Double.isInfinite(norm)) {
          continue;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int k = i * d; k < (i + 1) * d; k++) {
          out[k] = data[k] * inv;
        }
        present.set(i);
      }
      return new Semantic(params, m, d, out, present);
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

  /** Floats per item vector. */
  public int dimension() {
    return dimension;
  }

  /** Whether item {@code i} has a vector. */
  public boolean hasVector(int item) {
    return present.get(item);
  }

  /**
   * Cosine similarity of the vectors of items {@code a} and {@code b}; 0 when either has none.
   * Used by diversity reranking ({@link dev.tandem.core.rerank.Mmr}).
   */
  public float similarity(int a, int b) {
    if (!present.get(a) || !present.get(b)) {
      return 0f;
    }
    int oa = a * dimension;
    int ob = b * dimension;
    float s = 0;
    for (int k = 0; k < dimension; k++) {
      s += vectors[oa + k] * vectors[ob + k];
    }
    return s;
  }

  /** The user vector of {@code history} (zero when no entry's item has a vector); see the class docs. */
  public float[] userVector(History history) {
    double[] u = new double[dimension];
    double total = 0;
    if (!params.useWeights() && params.halfLifeDays() == 0) {
      History.Positives pos = history.positives(numItems);
      for (int item : pos.items()) {
        if (present.get(item)) {
          add(u, item, 1);
          total += 1;
        }
      }
    } else {
      long newest = Long.MIN_VALUE;
      for (int e = 0; e < history.size(); e++) {
        newest = Math.max(newest, history.timestamps(e));
      }
      double perSecond = params.halfLifeDays() == 0 ? 0 : Math.log(2) / (params.halfLifeDays() * 86_400.0);
      for (int e = 0; e < history.size(); e++) {
        int item = history.items(e);
        if (item < 0 || item >= numItems || !present.get(item)) {
          continue;
        }
        double w = params.useWeights() ? history.weights(e) : Math.signum(history.weights(e));
        if (w < 0 && !params.negative()) {
          continue;
        }
        double c = w * (perSecond == 0 ? 1 : Math.exp(-perSecond * (newest - history.timestamps(e))));
        add(u, item, c);
        total += Math.abs(c);
      }
    }
    float[] out = new float[dimension];
    if (total > 0) {
      for (int k = 0; k < dimension; k++) {
        out[k] = (float) (u[k] / total);
      }
    }
    return out;
  }

  private void add(double[] u, int item, double c) {
    int off = item * dimension;
    for (int k = 0; k < dimension; k++) {
      u[k] += c * vectors[off + k];
    }
  }

  @Override
  public void score(History history, float[] out) {
    Model.checkOut(out, numItems);
    scoreAgainst(userVector(history), out);
  }

  private void scoreAgainst(float[] q, float[] out) {
    int d = dimension;
    int d4 = d & ~3;
    for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
      int off = i * d;
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      int k = 0;
      for (; k < d4; k += 4) {
        s0 += q[k] * vectors[off + k];
        s1 += q[k + 1] * vectors[off + k + 1];
        s2 += q[k + 2] * vectors[off + k + 2];
        s3 += q[k + 3] * vectors[off + k + 3];
      }
      for (; k < d; k++) {
        s0 += q[k] * vectors[off + k];
      }
      out[i] = (s0 + s1) + (s2 + s3);
    }
  }

  /**
   * Items by cosine similarity of their vectors to {@code item}'s, the item itself excluded. An
   * item without a vector has no similar items by content: every score is 0.
   */
  @Override
  public ScoredItems similar(int item, int n, ItemFilter filter) {
    if (item < 0 || item >= numItems) {
      throw new IllegalArgumentException("item (" + item + ") must be in [0, " + numItems + ")");
    }
    float[] scores = new float[numItems];
    if (present.get(item)) {
      float[] q = java.util.Arrays.copyOfRange(vectors, item * dimension, (item + 1) * dimension);
      scoreAgainst(q, scores);
    }
    scores[item] = Float.NEGATIVE_INFINITY;
    return TopK.select(scores, numItems, n, filter);
  }

  /** Registration of {@link Semantic} with {@link dev.tandem.core.model.ModelTypes}. */
  public static final class Type implements ModelType<Semantic, Params> {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "content-based recall: history mean of item embeddings, scored by dot product";
    }

    @Override
    public Params params(Map<String, String> overrides) {
      ParamReader r = new ParamReader(NAME, overrides);
      Params p = new Params(r.decimal("half_life_days", 0, 0, true, Double.MAX_VALUE),
          r.bool("use_weights", true), r.bool("negative", false));
      r.finish();
      return p;
    }

    @Override
    public Map<String, String> describe(Params params) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("half_life_days", Double.toString(params.halfLifeDays()));
      m.put("use_weights", Boolean.toString(params.useWeights()));
      m.put("negative", Boolean.toString(params.negative()));
      return m;
    }

    @Override
    public dev.tandem.core.model.Trainer<Semantic> trainer(Params params) {
      return new Trainer(params);
    }

    /** The trainer reads {@link Interactions#itemVectors()}. */
    @Override
    public java.util.Set<dev.tandem.core.model.ItemContent> needs(Params params) {
      return java.util.Set.of(dev.tandem.core.model.ItemContent.VECTORS);
    }

    @Override
    public Class<Semantic> modelClass() {
      return Semantic.class;
    }

    @Override
    public void write(Semantic model, SnapshotOutput out) throws IOException {
      out.writeDouble(model.params.halfLifeDays());
      out.writeInt(model.params.useWeights() ? 1 : 0);
      out.writeInt(model.params.negative() ? 1 : 0);
      out.writeInt(model.numItems);
      out.writeInt(model.dimension);
      out.writeLongs(model.present.toLongArray());
      out.writeFloats(model.vectors);
    }

    @Override
    public Semantic read(SnapshotInput in) throws IOException {
      Params p = new Params(in.readDouble(), in.readInt() != 0, in.readInt() != 0);
      int m = in.readInt();
      int d = in.readInt();
      BitSet present = BitSet.valueOf(in.readLongs());
      float[] v = in.readFloats();
      if ((long) m * d != v.length) {
        throw new IOException("semantic snapshot: vectors length (" + v.length + ") must equal items (" + m
            + ") * dimension (" + d + ")");
      }
      return new Semantic(p, m, d, v, present);
    }
  }
}
