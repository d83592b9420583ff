package dev.tandem.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Metric definitions on hand-worked lists, and their invariants as properties. */
class MetricsTest {
  private static final double LOG2_3 = Math.log(3) / Math.log(2);

  /**
   * Ranked list hit, miss, hit, miss; 2 targets. NDCG@2 = 1 / (1 + 1/log2 3) = 0.613147;
   * NDCG@4 = (1 + 1/log2 4) / (1 + 1/log2 3) = 1.5 / 1.630930 = 0.919721; AP@4 = (1/1 + 2/3) / 2.
   */
  @Test
  void hand_worked_list() {
    boolean[] hits = {true, false, true, false};
    assertThat(Metrics.recall(hits, 2, 2)).isEqualTo(0.5);
    assertThat(Metrics.recall(hits, 4, 2)).isEqualTo(1.0);
    assertThat(Metrics.recallPlain(hits, 2, 4)).isEqualTo(0.25);
    assertThat(Metrics.precision(hits, 4)).isEqualTo(0.5);
    assertThat(Metrics.ndcg(hits, 2, 2)).isCloseTo(1 / (1 + 1 / LOG2_3), within(1e-12)).isCloseTo(0.613147, within(1e-6));
    assertThat(Metrics.ndcg(hits, 4, 2)).isCloseTo(0.919721, within(1e-6));
    assertThat(Metrics.averagePrecision(hits, 4, 2)).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
    assertThat(Metrics.averagePrecision(hits, 2, 2)).isEqualTo(0.5);
    assertThat(Metrics.hitRate(new boolean[] {false, true}, 1)).isZero();
    assertThat(Metrics.reciprocalRank(new boolean[] {false, false, true}, 10)).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(Metrics.f1(hits, 4, 2)).isCloseTo(2 * 0.5 * 1 / 1.5, within(1e-12));
    // ranks 0 and 2 of 5 candidates: 3 non-targets, the first target beats 3, the second 2 -> 5/6
    assertThat(Metrics.auc(new int[] {0, 2}, 2, 5)).isCloseTo(5 / 6.0, within(1e-12));
    assertThat(Metrics.auc(new int[] {4}, 1, 5)).isZero();
    assertThat(Metrics.auc(new int[] {}, 0, 5)).isNaN();
  }

  /** Exposure 0,0,0,1,1,2: Σ(2i − n − 1)·x over ascending 1-based i is 14, so Gini = 14 / (6·4). */
  @Test
  void gini_and_jaccard_by_hand() {
    assertThat(Metrics.gini(new long[] {1, 1, 2, 0, 0, 0})).isCloseTo(14 / 24.0, within(1e-12));
    assertThat(Metrics.gini(new long[] {3, 3, 3})).isZero();
    assertThat(Metrics.gini(new long[] {0, 0})).isZero();
    assertThat(Metrics.jaccardDistance(new int[] {1, 2, 3}, new int[] {2, 3, 4})).isCloseTo(0.5, within(1e-12));
    assertThat(Metrics.jaccardDistance(new int[] {}, new int[] {})).isEqualTo(1.0);
  }

  @Test
  void errors_name_the_argument_and_rule() {
    assertThatThrownBy(() -> Metrics.recall(new boolean[0], 0, 1)).hasMessage("k (0) must be >= 1");
    assertThatThrownBy(() -> Metrics.ndcg(new boolean[0], 5, 0)).hasMessage("numTargets (0) must be >= 1");
  }

  /** A random ranked list of up to 60 items with its number of targets (>= its hits). */
  private static boolean[] list(long seed, int[] targetsOut) {
    Random r = new Random(seed);
    int len = r.nextInt(61);
    boolean[] hits = new boolean[len];
    int h = 0;
    double p = r.nextDouble();
    for (int i = 0; i < len; i++) {
      hits[i] = r.nextDouble() < p;
      h += hits[i] ? 1 : 0;
    }
    targetsOut[0] = Math.max(1, h + r.nextInt(10));
    return hits;
  }

  @Property(tries = 300)
  void every_metric_is_in_0_1(@ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int k) {
    int[] t = new int[1];
    boolean[] hits = list(seed, t);
    for (double v : new double[] {Metrics.recall(hits, k, t[0]), Metrics.recallPlain(hits, k, t[0]),
        Metrics.precision(hits, k), Metrics.ndcg(hits, k, t[0]), Metrics.averagePrecision(hits, k, t[0]),
        Metrics.hitRate(hits, k), Metrics.f1(hits, k, t[0]), Metrics.reciprocalRank(hits, k)}) {
      assertThat(v).as("seed %d k %d", seed, k).isBetween(0.0, 1.0);
    }
  }

  /**
   * Plain recall and HR never fall as K grows; Liang's recall@K (hits / min(K, #targets)) does
   * not fall once K >= #targets, where it equals plain recall (below that it can: one hit at
   * rank 0 gives 1 at K = 1 and 1/2 at K = 2).
   */
  @Property(tries = 300)
  void recall_is_monotone_in_k(@ForAll long seed) {
    int[] t = new int[1];
    boolean[] hits = list(seed, t);
    for (int k = 1; k < 70; k++) {
      assertThat(Metrics.recallPlain(hits, k + 1, t[0])).isGreaterThanOrEqualTo(Metrics.recallPlain(hits, k, t[0]));
      assertThat(Metrics.hitRate(hits, k + 1)).isGreaterThanOrEqualTo(Metrics.hitRate(hits, k));
      if (k >= t[0]) {
        assertThat(Metrics.recall(hits, k + 1, t[0])).isGreaterThanOrEqualTo(Metrics.recall(hits, k, t[0]));
        assertThat(Metrics.recall(hits, k, t[0])).isEqualTo(Metrics.recallPlain(hits, k, t[0]));
      }
    }
  }

  @Property(tries = 200)
  void perfect_ranking_scores_one(@ForAll @IntRange(min = 1, max = 40) int targets,
      @ForAll @IntRange(min = 0, max = 40) int others, @ForAll @IntRange(min = 1, max = 100) int k) {
    boolean[] hits = new boolean[targets + others];
    for (int i = 0; i < targets; i++) {
      hits[i] = true;
    }
    assertThat(Metrics.recall(hits, k, targets)).isEqualTo(1.0);
    assertThat(Metrics.ndcg(hits, k, targets)).isCloseTo(1.0, within(1e-12));
    assertThat(Metrics.averagePrecision(hits, k, targets)).isCloseTo(1.0, within(1e-12));
    assertThat(Metrics.hitRate(hits, k)).isEqualTo(1.0);
    assertThat(Metrics.reciprocalRank(hits, k)).isEqualTo(1.0);
    int[] ranks = new int[targets];
    for (int i = 0; i < targets; i++) {
      ranks[i] = i;
    }
    if (others > 0) {
      assertThat(Metrics.auc(ranks, targets, targets + others)).isEqualTo(1.0);
    }
  }

  @Property(tries = 100)
  void bootstrap_interval_contains_the_mean(@ForAll long seed, @ForAll @IntRange(min = 2, max = 300) int users) {
    Random r = new Random(seed);
    MetricTable t = new MetricTable(List.of("m", "rmse"), new boolean[] {false, true}, users);
    double skew = 0.05 + r.nextDouble() * 3;
    for (int u = 0; u < users; u++) {
      t.mean(0, u, Math.pow(r.nextDouble(), skew));
      t.ratio(1, u, r.nextDouble() * 4, 1 + r.nextInt(5));
    }
    double[][] ci = Bootstrap.ci95(t, 200, seed);
    for (int c = 0; c < 2; c++) {
      assertThat(t.value(c)).as("seed %d users %d column %d", seed, users, c).isBetween(ci[c][0], ci[c][1]);
    }
    assertThat(Bootstrap.ci95(t, 200, seed)).isDeepEqualTo(ci);
  }

  @Test
  void paired_test_separates_clear_differences_and_not_noise() {
    Random r = new Random(7);
    double[] a = new double[400];
    double[] b = new double[400];
    double[] c = new double[400];
    for (int u = 0; u < a.length; u++) {
      a[u] = r.nextDouble();
      b[u] = a[u] - 0.05 + 0.02 * r.nextGaussian();
      c[u] = a[u];
    }
    assertThat(Bootstrap.pairedPValue(a, b, 2000, 1)).isLessThan(0.001);
    assertThat(Bootstrap.pairedPValue(a, c, 2000, 1)).isEqualTo(1.0);
    // one user better by 1, one worse by 1: the flips give |sum| >= 0 always
    assertThat(Bootstrap.pairedPValue(new double[] {1, 0}, new double[] {0, 1}, 999, 3)).isEqualTo(1.0);
    assertThatThrownBy(() -> Bootstrap.pairedPValue(new double[2], new double[3], 10, 1))
        .hasMessage("a (2) and b (3) must be the same users");
  }
}
