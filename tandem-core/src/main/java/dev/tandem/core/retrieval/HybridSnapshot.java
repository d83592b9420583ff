package dev.tandem.core.retrieval;

import dev.tandem.core.snapshot.SnapshotException;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.BitSet;

/** The snapshot form of a {@link Hybrid}: its writer and its validating reader. Stateless. */
final class HybridSnapshot {
  private HybridSnapshot() {}

  /** Writes {@code model}'s state (layout 2: the vocabulary and the term factors appended). */
  static void write(Hybrid model, SnapshotOutput out) throws IOException {
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

  /**
   * Reads a model written by {@link #write}, or by layout 1 (without vocabulary).
   *
   * @throws SnapshotException naming what is out of range in a corrupt snapshot
   */
  static Hybrid read(SnapshotInput in) throws IOException {
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
    if (f < 1 || f > Hybrid.Params.MAX_FACTORS || q.length % f != 0 || d < 0 || w.length != (long) d * f) {
      throw new SnapshotException(Hybrid.NAME + ": factors (" + f + ") and dimension (" + d + ") do not match the item"
          + " factors (" + q.length + ") and projection (" + w.length + ") lengths (corrupt snapshot)");
    }
    int m = q.length / f;
    if (e.length != 0 && e.length != (long) m * d) {
      throw new SnapshotException(Hybrid.NAME + ": embeddings length (" + e.length + ") must be 0 or items (" + m
          + ") * dimension (" + d + ") (corrupt snapshot)");
    }
    if (!(alpha > 0) || !(lambda > 0) || !(sw >= 0) || Double.isInfinite(alpha) || Double.isInfinite(lambda)
        || Double.isInfinite(sw)) {
      throw new SnapshotException(Hybrid.NAME + ": alpha (" + alpha + "), regularization (" + lambda
          + ") and semantic_weight (" + sw + ") out of range (corrupt snapshot)");
    }
    double tw = in.readDouble();
    int numTerms = in.readInt();
    int[] tptr = in.readInts();
    int[] tidx = in.readInts();
    float[] tval = in.readFloats();
    if (!(tw >= 0) || Double.isInfinite(tw) || numTerms < 0 || tptr.length != m + 1 || tidx.length != tval.length
        || tptr[0] != 0 || tptr[m] != tidx.length) {
      throw new SnapshotException(Hybrid.NAME + ": text_weight (" + tw + ") or term features (" + numTerms + " terms, "
          + tptr.length + " row pointers for " + m + " items, " + tidx.length + " entries) out of range"
          + " (corrupt snapshot)");
    }
    for (int k = 0; k < m; k++) {
      if (tptr[k + 1] < tptr[k]) {
        throw new SnapshotException(Hybrid.NAME + ": term row pointers decrease at item " + k + " (corrupt snapshot)");
      }
    }
    for (int t : tidx) {
      if (t < 0 || t >= numTerms) {
        throw new SnapshotException(Hybrid.NAME + ": term id " + t + " outside [0, " + numTerms + ") (corrupt snapshot)");
      }
    }
    TermVocabulary vocabulary = TermVocabulary.NONE;
    float[] termFactors = new float[0];
    if (in.hasMore()) { // appended in layout 2: the vocabulary and V, for new items' terms
      int analysis = in.readInt();
      double numWarm = in.readDouble();
      int size = in.readInt();
      if (analysis < 0 || analysis >= TextAnalysis.values().length || size < 0 || !(numWarm >= 1)) {
        throw new SnapshotException(Hybrid.NAME + ": vocabulary analysis (" + analysis + "), size (" + size
            + ") or warm items (" + numWarm + ") out of range (corrupt snapshot)");
      }
      String[] vocab = new String[size];
      for (int t = 0; t < size; t++) {
        vocab[t] = in.readString();
      }
      int[] df = in.readInts();
      termFactors = in.readFloats();
      if (df.length != size || termFactors.length != (long) size * f) {
        throw new SnapshotException(Hybrid.NAME + ": vocabulary of " + size + " terms has " + df.length
            + " document frequencies and " + termFactors.length + " term factor floats (corrupt snapshot)");
      }
      vocabulary = new TermVocabulary(TextAnalysis.values()[analysis], vocab, df, numWarm);
    }
    return new Hybrid(f, d, q, w, warm, alpha, lambda, sw, e, present, null,
        new TermFeatures(numTerms, tptr, tidx, tval), tw, vocabulary, termFactors);
  }
}
