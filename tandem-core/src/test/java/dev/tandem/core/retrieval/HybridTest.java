package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HybridTest {
  @TempDir Path dir;

  private static IdIndex items(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("i%05d", i));
    }
    return IdIndex.of(ids);
  }

  /**
   * Random users × items with weights in {1, 2, 3}; items {@code >= warmItems} get no interactions.
   * Embeddings: random Gaussian rows of dimension d; the last item has none.
   */
  private static Interactions random(long seed, int users, int numItems, int warmItems, double density, int d) {
    System.out.println("HybridTest random data seed=" + seed + " users=" + users + " items=" + numItems);
    Random rnd = new Random(seed);
    InteractionsBuilder b = Interactions.builder(items(numItems));
    for (int u = 0; u < users; u++) {
      String user = String.format("u%05d", u);
      b.add(user, rnd.nextInt(warmItems), 1 + rnd.nextInt(3), 0);
      for (int i = 0; i < warmItems; i++) {
        if (rnd.nextDouble() < density) {
          b.add(user, i, 1 + rnd.nextInt(3), 0);
        }
      }
    }
    Interactions data = b.build();
    float[] v = new float[numItems * d];
    for (int k = 0; k < (numItems - 1) * d; k++) {
      v[k] = (float) rnd.nextGaussian();
    }
    BitSet present = new BitSet();
    present.set(0, numItems - 1);
    return data.withItemVectors(new ItemVectors(data.items(), d, v, present));
  }

  private static Hybrid.Params params(int factors, int iterations, double semanticWeight, int threads) {
    return new Hybrid.Params(factors, iterations, 0.1, 0.5, 5.0, 2.0, 3, semanticWeight, 7, threads);
  }

  /**
   * 24 items: cluster A (0..9) embedded along axis 0, cluster B (10..19) along axis 1, both with
   * noise; 20 users like 5 warm items of A (0..7), 20 like 5 warm items of B (10..17). Items 8, 9,
   * 18, 19 are cold (no interactions); 20..23 are warm filler items liked by everyone, embedded
   * along axis 2; item 23 has no embedding.
   */
  private static Interactions clusters() {
    Random rnd = new Random(99);
    InteractionsBuilder b = Interactions.builder(items(24));
    for (int u = 0; u < 40; u++) {
      int base = u % 2 == 0 ? 0 : 10;
      for (int k = 0; k < 5; k++) {
        b.add(String.format("u%03d", u), base + (u / 2 + k) % 8, 1f, 0);
      }
      b.add(String.format("u%03d", u), 20 + u % 4, 1f, 0);
    }
    Interactions data = b.build();
    int d = 6;
    float[] v = new float[24 * d];
    for (int i = 0; i < 23; i++) {
      for (int k = 0; k < d; k++) {
        v[i * d + k] = (float) (0.1 * rnd.nextGaussian());
      }
      v[i * d + (i < 10 ? 0 : i < 20 ? 1 : 2)] += 1;
    }
    BitSet present = new BitSet();
    present.set(0, 23);
    return data.withItemVectors(new ItemVectors(data.items(), d, v, present));
  }

  @Test
  void loss_is_the_full_objective_and_never_increases() {
    Interactions data = random(20240611L, 80, 50, 45, 0.12, 10);
    Hybrid.Params p = params(6, 12, 1.0, 1);
    Hybrid.Fit fit = new Hybrid.Trainer(p).fitDetailed(data);
    double[] loss = fit.loss();
    System.out.println("HybridTest loss per iteration: " + Arrays.toString(loss));
    for (int i = 1; i < loss.length; i++) {
      assertThat(loss[i]).as("loss after iteration %d vs %d", i + 1, i).isLessThanOrEqualTo(loss[i - 1] * (1 + 1e-6));
    }
    assertThat(loss[loss.length - 1]).isLessThan(loss[0] * 0.999);
    assertThat(fit.model().isWarm(10)).isTrue();
    assertThat(fit.model().isWarm(47)).isFalse();
  }

  @Test
  void cold_items_score_through_their_embedding_and_follow_the_clusters() {
    // no cosine term: whatever ranks cold items comes from the learned projection alone
    Hybrid model = new Hybrid.Trainer(params(4, 15, 0.0, 1)).fit(clusters());
    for (int cold : new int[] {8, 9, 18, 19}) {
      assertThat(model.isWarm(cold)).isFalse();
    }
    float[] s = new float[24];
    model.score(History.of(0, 1, 2, 3), s);
    assertThat(Math.min(s[8], s[9])).as("A-cold above B-cold for an A user, scores %s", Arrays.toString(s))
        .isGreaterThan(Math.max(s[18], s[19]));
    model.score(History.of(11, 12, 13), s);
    assertThat(Math.min(s[18], s[19])).as("B-cold above A-cold for a B user, scores %s", Arrays.toString(s))
        .isGreaterThan(Math.max(s[8], s[9]));
  }

  @Test
  void a_cold_items_factor_is_the_projection_of_its_embedding() {
    Interactions data = clusters();
    Hybrid model = new Hybrid.Trainer(params(4, 5, 0.0, 1)).fit(data);
    float[] e = data.itemVectors().orElseThrow().vector(8);
    float[] scaled = e.clone();
    for (int k = 0; k < scaled.length; k++) {
      scaled[k] *= 3;
    }
    assertThat(model.project(scaled)).containsExactly(model.itemVector(8), within(1e-6f));
    assertThat(model.project(new float[6])).containsExactly(new float[4]);
    assertThatThrownBy(() -> model.project(new float[5])).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("embedding length (5) must equal the dimension (6)");
  }

  @Test
  void an_item_without_embedding_and_interactions_scores_zero() {
    Interactions base = random(5L, 40, 30, 25, 0.2, 8);
    Hybrid model = new Hybrid.Trainer(params(4, 5, 1.0, 1)).fit(base);
    // item 29 is cold and has no embedding
    float[] s = new float[30];
    model.score(History.of(0, 1, 2), s);
    assertThat(s[29]).isZero();
    assertThat(s[28]).isNotZero();
    assertThat(model.itemVector(29)).containsOnly(0f);
  }

  /**
   * The exact minimiser of Σ_{i warm} c_i (p_i − xᵀq_i)² + Σ_{i cold in history} c_i (1 − xᵀq_i)² +
   * λ‖x‖², built from the definition and solved by Gaussian elimination with partial pivoting.
   */
  private static double[] exactSolve(Hybrid m, int[] hist, float[] weights, double alpha, double lambda) {
    int f = m.factors();
    double[][] a = new double[f][f + 1];
    for (int i = 0; i < m.numItems(); i++) {
      int pos = Arrays.binarySearch(hist, i);
      boolean inHist = pos >= 0;
      if (!m.isWarm(i) && !inHist) {
        continue;
      }
      double c = inHist ? 1 + alpha * weights[pos] : 1;
      double pref = inHist ? 1 : 0;
      float[] q = m.itemVector(i);
      for (int r = 0; r < f; r++) {
        for (int cc = 0; cc < f; cc++) {
          a[r][cc] += c * q[r] * q[cc];
        }
        a[r][f] += c * pref * q[r];
      }
    }
    for (int r = 0; r < f; r++) {
      a[r][r] += lambda;
    }
    for (int col = 0; col < f; col++) {
      int piv = col;
      for (int r = col + 1; r < f; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
          piv = r;
        }
      }
      double[] t = a[col];
      a[col] = a[piv];
      a[piv] = t;
      for (int r = 0; r < f; r++) {
        if (r != col) {
          double mul = a[r][col] / a[col][col];
          for (int c = col; c <= f; c++) {
            a[r][c] -= mul * a[col][c];
          }
        }
      }
    }
    double[] x = new double[f];
    for (int r = 0; r < f; r++) {
      x[r] = a[r][f] / a[r][r];
    }
    return x;
  }

  @Test
  void fold_in_equals_the_exact_solve_and_score_adds_the_centroid_cosine() {
    Interactions data = random(3L, 60, 40, 34, 0.15, 8);
    Hybrid.Params p = params(6, 6, 0.7, 1);
    Hybrid model = new Hybrid.Trainer(p).fit(data);
    float[] e = data.itemVectors().orElseThrow().data();
    int d = 8;
    // a history mixing warm items (weights 1, 3) and a cold item (36)
    int[] hist = {2, 5, 36};
    float[] w = {1f, 3f, 2f};
    History h = new History(hist, w, new long[3]);
    double[] exact = exactSolve(model, hist, w, p.alpha(), p.regularization());
    float[] folded = model.foldIn(h);
    for (int k = 0; k < 6; k++) {
      assertThat((double) folded[k]).as("factor %d", k).isCloseTo(exact[k], within(1e-4));
    }
    // centroid of the normalised embeddings, weighted, then normalised
    double[] c = new double[d];
    for (int k = 0; k < hist.length; k++) {
      double n = 0;
      for (int j = 0; j < d; j++) {
        n += (double) e[hist[k] * d + j] * e[hist[k] * d + j];
      }
      for (int j = 0; j < d; j++) {
        c[j] += w[k] * e[hist[k] * d + j] / Math.sqrt(n);
      }
    }
    double cn = Math.sqrt(Arrays.stream(c).map(v -> v * v).sum());
    float[] s = new float[40];
    model.score(h, s);
    for (int i : new int[] {0, 7, 33, 37, 38}) {
      float[] q = model.itemVector(i);
      double dotq = 0;
      for (int k = 0; k < 6; k++) {
        dotq += exact[k] * q[k];
      }
      double n = 0;
      double cos = 0;
      for (int j = 0; j < d; j++) {
        n += (double) e[i * d + j] * e[i * d + j];
        cos += c[j] * e[i * d + j];
      }
      cos /= cn * Math.sqrt(n);
      assertThat((double) s[i]).as("item %d", i).isCloseTo(dotq + 0.7 * cos, within(1e-4));
    }
  }

  @Test
  void one_and_two_threads_give_identical_models() {
    Interactions data = random(41L, 400, 300, 280, 0.03, 12);
    Hybrid.Fit one = new Hybrid.Trainer(params(8, 4, 1.0, 1)).fitDetailed(data);
    Hybrid.Fit two = new Hybrid.Trainer(params(8, 4, 1.0, 2)).fitDetailed(data);
    assertThat(two.loss()).containsExactly(one.loss());
    assertThat(two.userFactors()).containsExactly(one.userFactors());
    for (int i = 0; i < 300; i++) {
      assertThat(two.model().itemVector(i)).as("item %d", i).containsExactly(one.model().itemVector(i));
    }
  }

  @Test
  void snapshot_round_trip_without_the_cosine_term_keeps_scores() throws Exception {
    Interactions data = clusters();
    Hybrid model = new Hybrid.Trainer(params(4, 5, 0.0, 1)).fit(data);
    Path f = dir.resolve("h.tsnap");
    SnapshotFile.write(new ModelSnapshot(1, 0, data.items(), Map.of(model.type(), (Model) model), Map.of(),
        Map.of()), f);
    Hybrid back = (Hybrid) SnapshotFile.read(f).models().get(Hybrid.NAME);
    float[] a = new float[24];
    float[] b = new float[24];
    model.score(History.of(0, 8, 12), a);
    back.score(History.of(0, 8, 12), b);
    assertThat(b).containsExactly(a);
    assertThat(back.isWarm(8)).isFalse();
    assertThat(back.semanticWeight()).isZero();
  }

  @Test
  void params_are_validated_with_the_key_value_and_rule() {
    assertThatThrownBy(() -> new Hybrid.Params(64, 15, 0.01, 1, 0, 20, 3, 1, 42, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("hybrid.lambda_o (0.0) must be > 0 and finite");
    assertThatThrownBy(() -> new Hybrid.Params(64, 15, 0.01, 1, 10, 20, 3, -1, 42, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hybrid.semantic_weight (-1.0) must be >= 0 and finite");
    Hybrid.Type type = new Hybrid.Type();
    assertThatThrownBy(() -> type.params(Map.of("lambda_w", "-2"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hybrid.lambda_w (-2.0) must be > 0");
    assertThatThrownBy(() -> type.params(Map.of("lamda_o", "2"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown parameter hybrid.lamda_o");
    assertThat(type.params(Map.of())).isEqualTo(Hybrid.Params.defaults());
    assertThat(ModelTypes.byName("hybrid")).isInstanceOf(Hybrid.Type.class);
    assertThat(type.needs(Hybrid.Params.defaults())).containsExactlyInAnyOrder(
        dev.tandem.core.model.ItemContent.VECTORS, dev.tandem.core.model.ItemContent.TEXTS);
    assertThat(type.needs(type.params(Map.of("text_features", "false"))))
        .containsExactly(dev.tandem.core.model.ItemContent.VECTORS);
    assertThatThrownBy(() -> type.params(Map.of("text_weight", "-1"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hybrid.text_weight (-1.0)");
  }

  /**
   * {@link #clusters()}'s interactions with uninformative embeddings (pure noise, no cluster axis)
   * and documents that plant a tag: items 0..9 say "zebra", 10..19 say "walrus", each also has a
   * word of its own; the fillers 20..22 say "filler".
   */
  private static Interactions plantedTags() {
    Interactions data = clusters();
    Random rnd = new Random(5);
    int d = 6;
    float[] v = new float[24 * d];
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) rnd.nextGaussian();
    }
    BitSet present = new BitSet();
    present.set(0, 24);
    String[] words = {"apple", "brick", "cloud", "drum", "eagle", "flute", "grape", "harp", "iris", "jade"};
    String[] texts = new String[24];
    for (int i = 0; i < 24; i++) {
      texts[i] = i < 10 ? "zebra " + words[i] : i < 20 ? "walrus " + words[i - 10] + "s" : "filler";
    }
    return data.withItemVectors(new ItemVectors(data.items(), d, v, present))
        .withItemTexts(new ItemTexts(data.items(), texts));
  }

  private static Hybrid.Params textParams(boolean textFeatures, double textWeight) {
    return new Hybrid.Params(4, 15, 0.1, 0.5, 0.5, 5.0, 2.0, 3, 0.0, textFeatures, textWeight, 7, 1);
  }

  @Test
  void a_cold_item_sharing_a_tag_with_the_history_ranks_above_one_that_does_not() {
    // embeddings are noise and both score-time cosines are off: only the learned term factors V can do this
    Hybrid model = new Hybrid.Trainer(textParams(true, 0.0)).fit(plantedTags());
    float[] s = new float[24];
    model.score(History.of(0, 1, 2, 3), s);
    assertThat(Math.min(s[8], s[9])).as("zebra-cold above walrus-cold for a zebra user, scores %s",
        Arrays.toString(s)).isGreaterThan(Math.max(s[18], s[19]));
    model.score(History.of(11, 12, 13), s);
    assertThat(Math.min(s[18], s[19])).as("walrus-cold above zebra-cold for a walrus user, scores %s",
        Arrays.toString(s)).isGreaterThan(Math.max(s[8], s[9]));
  }

  @Test
  void term_features_are_tf_idf_over_warm_items_with_rare_terms_dropped() {
    BitSet warm = new BitSet();
    warm.set(0, 3);
    TermFeatures t = TermFeatures.of(new String[] {"rocket rocket moon", "rocket star", "moon comet", "comet"},
        warm, 4);
    // warm document frequencies: rocket 2, moon 2, star 1, comet 1 (item 3 is cold): moon = 0, rocket = 1
    assertThat(t.count).isEqualTo(2);
    assertThat(t.ptr).containsExactly(0, 2, 3, 4, 4);
    assertThat(t.idx).containsExactly(0, 1, 1, 0);
    double rocket = 1 + Math.log(2);
    double norm = Math.sqrt(rocket * rocket + 1);
    assertThat(t.val[0]).isCloseTo((float) (1 / norm), within(1e-6f));
    assertThat(t.val[1]).isCloseTo((float) (rocket / norm), within(1e-6f));
    assertThat(t.val[2]).isEqualTo(1f);
    assertThat(t.val[3]).isEqualTo(1f);
  }

  @Test
  void text_weight_adds_the_cosine_of_the_term_centroid() {
    Interactions data = plantedTags();
    Hybrid without = new Hybrid.Trainer(textParams(true, 0.0)).fit(data);
    Hybrid with = new Hybrid.Trainer(textParams(true, 2.0)).fit(data);
    // history: items 0 (zebra apple) and 10 (walrus apples -> "appl" after stemming), weights 1 and 3
    History h = new History(new int[] {0, 10}, new float[] {1, 3}, new long[2]);
    float[] a = new float[24];
    float[] b = new float[24];
    without.score(h, a);
    with.score(h, b);
    // warm document frequencies (items 0..7, 10..17, 20..23 warm): zebra 8, walrus 8, filler 4, and each of the
    // first eight words 2 (item i and i + 10, "apple"/"apples" both stem to "appl"); the cold items' own words
    // occur in no warm document and are dropped. idf = ln(1 + 20/df).
    double zebra = Math.log(1 + 20.0 / 8);
    double appl = Math.log(1 + 20.0 / 2);
    double n = Math.sqrt(zebra * zebra + appl * appl);
    double[] t0 = {zebra / n, 0, appl / n};       // zebra, walrus, appl
    double[] t10 = {0, zebra / n, appl / n};
    double[] c = new double[3];
    for (int k = 0; k < 3; k++) {
      c[k] = t0[k] + 3 * t10[k];
    }
    double cn = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    assertThat(b[0] - a[0]).isCloseTo((float) (2 * (t0[0] * c[0] + t0[2] * c[2]) / cn), within(1e-5f));
    assertThat(b[10] - a[10]).isCloseTo((float) (2 * (t10[1] * c[1] + t10[2] * c[2]) / cn), within(1e-5f));
    assertThat(b[5] - a[5]).as("zebra flute").isCloseTo((float) (2 * t0[0] * c[0] / cn), within(1e-5f));
    assertThat(b[8] - a[8]).as("cold: zebra only").isCloseTo((float) (2 * c[0] / cn), within(1e-5f));
    assertThat(b[18] - a[18]).as("cold: walrus only").isCloseTo((float) (2 * c[1] / cn), within(1e-5f));
    assertThat(b[21] - a[21]).as("no shared term").isCloseTo(0f, within(1e-6f));
  }

  @Test
  void without_item_texts_the_model_is_the_embedding_only_hybrid() {
    Interactions data = clusters();
    Hybrid plain = new Hybrid.Trainer(params(4, 6, 1.0, 1)).fit(data);
    Hybrid texts = new Hybrid.Trainer(new Hybrid.Params(4, 6, 0.1, 0.5, 0.5, 5.0, 2.0, 3, 1.0, true, 1.0, 7, 1))
        .fit(data);
    for (int i = 0; i < 24; i++) {
      assertThat(texts.itemVector(i)).as("item %d", i).containsExactly(plain.itemVector(i));
    }
    float[] a = new float[24];
    float[] b = new float[24];
    plain.score(History.of(0, 8, 12), a);
    texts.score(History.of(0, 8, 12), b);
    assertThat(b).containsExactly(a);
  }

  @Test
  void with_term_features_one_and_two_threads_give_identical_models() {
    Interactions data = plantedTags();
    Hybrid.Fit one = new Hybrid.Trainer(new Hybrid.Params(4, 6, 0.1, 0.5, 0.5, 5.0, 2.0, 3, 1.0, true, 1.0, 7, 1))
        .fitDetailed(data);
    Hybrid.Fit two = new Hybrid.Trainer(new Hybrid.Params(4, 6, 0.1, 0.5, 0.5, 5.0, 2.0, 3, 1.0, true, 1.0, 7, 2))
        .fitDetailed(data);
    assertThat(two.loss()).containsExactly(one.loss());
    for (int i = 0; i < 24; i++) {
      assertThat(two.model().itemVector(i)).as("item %d", i).containsExactly(one.model().itemVector(i));
    }
    double[] loss = one.loss();
    for (int i = 1; i < loss.length; i++) {
      assertThat(loss[i]).as("loss after iteration %d", i + 1).isLessThanOrEqualTo(loss[i - 1] * (1 + 1e-6));
    }
  }

  @Test
  void snapshot_round_trip_with_term_features_keeps_scores() throws Exception {
    Interactions data = plantedTags();
    Hybrid model = new Hybrid.Trainer(textParams(true, 1.5)).fit(data);
    Path f = dir.resolve("t.tsnap");
    SnapshotFile.write(new ModelSnapshot(1, 0, data.items(), Map.of(model.type(), (Model) model), Map.of(),
        Map.of()), f);
    Hybrid back = (Hybrid) SnapshotFile.read(f).models().get(Hybrid.NAME);
    float[] a = new float[24];
    float[] b = new float[24];
    model.score(History.of(0, 8, 12), a);
    back.score(History.of(0, 8, 12), b);
    assertThat(b).containsExactly(a);
  }

  @Test
  void fitting_without_item_vectors_names_what_to_do() {
    Interactions data = Fixtures.checkerboard();
    assertThatThrownBy(() -> new Hybrid.Trainer(Hybrid.Params.defaults()).fit(data))
        .isInstanceOf(ModelFitException.class).hasMessageContaining("hybrid needs item embeddings");
  }
}
