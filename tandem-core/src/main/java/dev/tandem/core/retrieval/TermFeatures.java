package dev.tandem.core.retrieval;

import dev.tandem.core.model.ModelFitException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;

/**
 * The analysed terms of the item documents as sparse item features (of the {@link Hybrid}): item → (term, weight) rows,
 * term ids in sorted-term order, weights {@code (1 + ln tf)·ln(1 + warm/df)} normalised to unit
 * length per item; only terms in at least {@link Hybrid#MIN_DOC_FREQ} warm items' documents are kept.
 * Immutable once built.
 */
final class TermFeatures {
  final int count;
  final int[] ptr;
  final int[] idx;
  final float[] val;
  /** How the documents were analysed and each term's document frequency among warm items. */
  final TermVocabulary vocabulary;

  TermFeatures(int count, int[] ptr, int[] idx, float[] val) {
    this(count, ptr, idx, val, TermVocabulary.NONE);
  }

  TermFeatures(int count, int[] ptr, int[] idx, float[] val, TermVocabulary vocabulary) {
    this.count = count;
    this.ptr = ptr;
    this.idx = idx;
    this.val = val;
    this.vocabulary = vocabulary;
  }

  static TermFeatures none(int m) {
    return new TermFeatures(0, new int[m + 1], new int[0], new float[0]);
  }

  static TermFeatures of(String[] docs, BitSet warm, int m) {
    if (docs.length != m) {
      throw new ModelFitException(Hybrid.NAME + ": item texts hold " + docs.length + " documents; expected items (" + m
          + ")");
    }
    TextAnalysis analysis = TextAnalysis.AUTO.resolve(docs);
    List<Map<String, int[]>> counts = new ArrayList<>(m);
    Map<String, int[]> df = new HashMap<>();
    try (Analyzer analyzer = analysis.analyzer()) {
      for (int i = 0; i < m; i++) {
        Map<String, int[]> tf = docs[i] != null ? TextAnalysis.termCounts(analyzer, docs[i]) : new HashMap<>();
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
      if (en.getValue()[0] >= Hybrid.MIN_DOC_FREQ) {
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
    return new TermFeatures(kept.size(), ptr, Arrays.copyOf(idxAll, size), Arrays.copyOf(valAll, size),
        new TermVocabulary(analysis, kept.toArray(new String[0]), dfs, numWarm));
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
}
