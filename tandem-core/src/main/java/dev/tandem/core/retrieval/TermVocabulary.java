package dev.tandem.core.retrieval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;

/**
 * The trained term features' vocabulary: the resolved text analysis, the kept terms in sorted
 * order (term id = position) with their document frequency among warm items, and the number of
 * warm items, so that a new document gets exactly the weights a trained one would.
 */
final class TermVocabulary {
  static final TermVocabulary NONE = new TermVocabulary(TextAnalysis.ENGLISH, new String[0], new int[0], 1);
  final TextAnalysis analysis;
  final String[] terms;
  final int[] df;
  final double numWarm;
  private final Map<String, Integer> ids;

  TermVocabulary(TextAnalysis analysis, String[] terms, int[] df, double numWarm) {
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
   * The term features of {@code doc} as TermFeatures.of weighs them (known terms only, sorted ids,
   * {@code (1 + ln tf)·ln(1 + warm/df)}, unit length): appended to {@code idx}/{@code val} from
   * {@code size}; returns the new size (the arrays grow as needed via {@code out}).
   */
  int features(Analyzer analyzer, String doc, int[][] idxOut, float[][] valOut, int size) {
    Map<String, int[]> tf = doc.isEmpty() ? Map.of() : TextAnalysis.termCounts(analyzer, doc);
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
      double wt = TermFeatures.tfIdf(tf.get(terms[ids[k]])[0], df[ids[k]], numWarm);
      idxAll[size + k] = ids[k];
      valAll[size + k] = (float) wt;
      norm += wt * wt;
    }
    TermFeatures.scale(valAll, size, n, norm);
    return size + n;
  }
}
