package dev.tandem.core.internal.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Random;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.junit.jupiter.api.Test;

/**
 * {@link HnswIndex} against Lucene's own in-heap graph (the one it froze) and against exact search.
 * Any slip in freezing (a lost level, the entry node, the row of a node on an upper level) changes
 * which nodes a search visits, so the two must answer identically, query by query.
 */
class HnswIndexTest {
  static final int N = 2000;
  static final int DIM = 24;
  static final int M = 8;
  static final int BEAM = 40;
  static final long SEED = 20_261_122L;

  /** Seeded Gaussian rows, each L2-normalised. */
  static float[] unitRows(Random r, int rows, int dim) {
    float[] v = new float[rows * dim];
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int k = 0; k < dim; k++) {
        double x = r.nextGaussian();
        v[i * dim + k] = (float) x;
        s += x * x;
      }
      for (int k = 0; k < dim; k++) {
        v[i * dim + k] /= (float) Math.sqrt(s);
      }
    }
    return v;
  }

  static RandomAccessVectorValues.Floats values(float[] v, int n, int dim) {
    return RandomAccessVectorValues.fromFloats(java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> java.util.Arrays.copyOfRange(v, i * dim, (i + 1) * dim)).toList(), dim);
  }

  /** Lucene's search of its own graph: ordinals, best first. */
  static int[] luceneSearch(OnHeapHnswGraph g, float[] v, float[] q, int ef, Bits accept) throws IOException {
    var scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(VectorSimilarityFunction.DOT_PRODUCT,
        values(v, N, DIM), q);
    TopKnnCollector c = new TopKnnCollector(ef, Integer.MAX_VALUE);
    HnswGraphSearcher.search(scorer, c, g, accept);
    ScoreDoc[] d = c.topDocs().scoreDocs;
    int[] out = new int[d.length];
    for (int k = 0; k < d.length; k++) {
      out[k] = d[k].doc;
    }
    return out;
  }

  @Test
  void frozen_graph_answers_exactly_as_lucenes_own_graph_with_and_without_an_accept_list() throws IOException {
    Random r = new Random(SEED);
    float[] v = unitRows(r, N, DIM);
    var supplier = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
        VectorSimilarityFunction.DOT_PRODUCT, values(v, N, DIM));
    OnHeapHnswGraph g = HnswGraphBuilder.create(supplier, M, BEAM, 42).build(N);
    HnswIndex frozen = HnswIndex.freeze(g, v, N, DIM);
    HnswIndex built = HnswIndex.build(v, N, DIM, M, BEAM, 42);
    // with M = 8 about one node in 8 reaches level 1, one in 64 level 2: the upper levels matter
    assertThat(g.numLevels()).isGreaterThanOrEqualTo(3);
    assertThat(frozen.levels()).isEqualTo(g.numLevels());
    assertThat(built.levels()).isEqualTo(g.numLevels());
    Bits odd = new Bits() {
      @Override
      public boolean get(int index) {
        return index % 2 == 1;
      }

      @Override
      public int length() {
        return N;
      }
    };
    float[] queries = unitRows(r, 60, DIM);
    for (int q = 0; q < 60; q++) {
      float[] query = java.util.Arrays.copyOfRange(queries, q * DIM, (q + 1) * DIM);
      for (int ef : new int[] {1, 10, 40}) {
        int[] lucene = luceneSearch(g, v, query, ef, null);
        assertThat(lucene).hasSize(ef);
        assertThat(frozen.search(query, ef, Integer.MAX_VALUE, o -> true)).as("query %d, ef %d", q, ef)
            .containsExactly(lucene);
        assertThat(built.search(query, ef, Integer.MAX_VALUE, o -> true)).containsExactly(lucene);
        int[] luceneOdd = luceneSearch(g, v, query, ef, odd);
        int[] frozenOdd = frozen.search(query, ef, Integer.MAX_VALUE, o -> o % 2 == 1);
        assertThat(frozenOdd).containsExactly(luceneOdd);
        for (int o : frozenOdd) {
          assertThat(o % 2).isOne();
        }
      }
    }
  }

  @Test
  void recall_at_10_against_exact_search_on_low_dimensional_vectors() {
    Random r = new Random(SEED + 1);
    float[] v = unitRows(r, N, 8);
    HnswIndex index = HnswIndex.build(v, N, 8, 16, 100, 42);
    float[] queries = unitRows(r, 100, 8);
    int hits = 0;
    for (int q = 0; q < 100; q++) {
      float[] query = java.util.Arrays.copyOfRange(queries, q * 8, (q + 1) * 8);
      // exact top 10 by brute force
      float[] s = new float[N];
      Integer[] order = new Integer[N];
      for (int i = 0; i < N; i++) {
        for (int k = 0; k < 8; k++) {
          s[i] += v[i * 8 + k] * query[k];
        }
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Float.compare(s[b], s[a]));
      int[] found = index.search(query, 40, Integer.MAX_VALUE, o -> true);
      for (int k = 0; k < 10; k++) {
        for (int j = 0; j < 10; j++) {
          if (found[k] == order[j]) {
            hits++;
          }
        }
      }
    }
    // 2,000 points in 8 dimensions have real neighbourhoods: the graph finds nearly all of them
    assertThat(hits / 1000.0).isGreaterThanOrEqualTo(0.98);
  }

  @Test
  void visit_limit_hit_answers_null_and_a_wrong_query_length_is_named() {
    Random r = new Random(SEED + 2);
    float[] v = unitRows(r, 500, 4);
    HnswIndex index = HnswIndex.build(v, 500, 4, 4, 20, 42);
    float[] q = {1, 0, 0, 0};
    assertThat(index.search(q, 10, 5, o -> true)).isNull();
    assertThat(index.search(q, 10, 500, o -> true)).hasSize(10);
    assertThatThrownBy(() -> index.search(new float[3], 10, 500, o -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query length (3) must equal dimension (4)");
  }
}
