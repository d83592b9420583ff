package dev.tandem.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The content of items outside a model's index, as a {@link ContentScorer} reads it: one
 * L2-normalised document vector per item (a zero row and a clear {@link #hasVector} bit when an
 * item has none or its vector is zero or not finite) and one document text per item ({@code ""}
 * when it has none). Row {@code k} of both is item {@code k} of the batch.
 *
 * <p>Guarantees: immutable (inputs are copied, vectors normalised exactly as
 * {@link dev.tandem.core.data.ItemVectors#normalized()} does, so a batch row equals the trained
 * model's row for the same raw vector) and thread-safe. A model that derives per-batch data from
 * the content (e.g. the hybrid's content factors) gets it through {@link #derived}, computed once
 * per batch and model, so that models themselves keep no state.
 */
public final class ItemContentBatch {
  /** The batch of no items. */
  public static final ItemContentBatch EMPTY = new ItemContentBatch(0, new float[0], List.of());

  private final int dimension;
  private final float[] vectors;
  private final BitSet present;
  private final List<String> texts;
  /** Per reader, what it derived from this (immutable) content; see {@link #derived}. */
  private final ConcurrentHashMap<Object, Object> derived =
      new ConcurrentHashMap<>();

  /**
   * A batch of {@code texts.size()} items with raw (not necessarily normalised) vectors, row-major.
   *
   * @param dimension floats per vector (>= 0; 0 only for a batch without vectors)
   * @param vectors {@code texts.size() * dimension} floats, row {@code k} for item {@code k}
   * @param texts each item's document ({@code ""} for none); no null entries
   * @throws IllegalArgumentException if the lengths do not match or a text is null
   */
  public ItemContentBatch(int dimension, float[] vectors, List<String> texts) {
    if (dimension < 0) {
      throw new IllegalArgumentException("dimension (" + dimension + ") must be >= 0");
    }
    if (vectors.length != (long) texts.size() * dimension) {
      throw new IllegalArgumentException("vectors.length (" + vectors.length + ") must equal items ("
          + texts.size() + ") * dimension (" + dimension + ")");
    }
    List<String> t = new ArrayList<>(texts.size());
    for (int k = 0; k < texts.size(); k++) {
      if (texts.get(k) == null) {
        throw new IllegalArgumentException("texts[" + k + "] must not be null; use \"\" for an item without one");
      }
      t.add(texts.get(k));
    }
    this.texts = List.copyOf(t);
    this.dimension = dimension;
    this.vectors = new float[vectors.length];
    this.present = new BitSet(texts.size());
    for (int k = 0; k < texts.size(); k++) {
      double norm = 0;
      for (int c = k * dimension; c < (k + 1) * dimension; c++) {
        norm += (double) vectors[c] * vectors[c];
      }
      if (!(norm > 0) || Double.isInfinite(norm)) {
        continue;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int c = k * dimension; c < (k + 1) * dimension; c++) {
        this.vectors[c] = vectors[c] * inv;
      }
      present.set(k);
    }
  }

  /** Number of items. */
  public int size() {
    return texts.size();
  }

  /** Floats per vector. */
  public int dimension() {
    return dimension;
  }

  /** Whether item {@code k} has a (non-zero, finite) vector. */
  public boolean hasVector(int k) {
    return present.get(k);
  }

  /**
   * The normalised vectors, row-major: item {@code k} is {@code [k*dimension, (k+1)*dimension)}.
   * The shared array, for scoring loops without copies: callers must not modify it.
   */
  public float[] vectorData() {
    return vectors;
  }

  /** A copy of the normalised vector of item {@code k} (zeros when it has none). */
  public float[] vector(int k) {
    return Arrays.copyOfRange(vectors, k * dimension, (k + 1) * dimension);
  }

  /** The value of component {@code c} of item {@code k}'s normalised vector; for scoring loops. */
  public float component(int k, int c) {
    return vectors[k * dimension + c];
  }

  /** The document of item {@code k} ({@code ""} when it has none). */
  public String text(int k) {
    return texts.get(k);
  }

  /** The documents, in batch order. */
  public List<String> texts() {
    return texts;
  }

  /**
   * What {@code reader} (a model) derives from this batch's content with {@code derive}, computed
   * on the first call per reader and shared by later ones (the content never changes, so the
   * result is a pure function of the batch and the reader). Thread-safe; {@code derive} must not
   * call back into this method.
   *
   * @param <T> the derived, immutable value
   */
  public <T> T derived(Object reader, Function<ItemContentBatch, T> derive) {
    @SuppressWarnings("unchecked")
    T t = (T) derived.computeIfAbsent(reader, r -> derive.apply(this));
    return t;
  }

  /**
   * Checks that a model of vector dimension {@code modelDimension} can score this batch into
   * {@code out}; for implementations.
   *
   * @throws IllegalArgumentException naming the mismatch
   */
  public void check(int modelDimension, float[] out) {
    if (out.length < size()) {
      throw new IllegalArgumentException("out.length (" + out.length + ") must be >= batch size (" + size() + ")");
    }
    if (size() > 0 && dimension != modelDimension) {
      throw new IllegalArgumentException("batch vector dimension (" + dimension + ") must equal the model's ("
          + modelDimension + "): embed new items with the model that embedded the catalogue");
    }
  }
}
