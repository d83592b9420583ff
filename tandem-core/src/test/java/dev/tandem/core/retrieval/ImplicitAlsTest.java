package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
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

class ImplicitAlsTest {

  // ---------- data helpers ----------

  private static IdIndex items(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("i%05d", i));
    }
    return IdIndex.of(ids);
  }

  /** Random users × items data with weights in {1, 2, 3}; every user has at least one item. */
  private static Interactions random(long seed, int users, int numItems, double density) {
    System.out.println("ImplicitAlsTest random data seed=" + seed + " users=" + users + " items=" + numItems);
    Random rnd = new Random(seed);
    InteractionsBuilder b = Interactions.builder(items(numItems));
    for (int u = 0; u < users; u++) {
      String user = String.format("u%05d", u);
      b.add(user, rnd.nextInt(numItems), 1 + rnd.nextInt(3), 0);
      for (int i = 0; i < numItems; i++) {
        if (rnd.nextDouble() < density) {
          b.add(user, i, 1 + rnd.nextInt(3), 0);
        }
      }
    }
    return b.build();
  }

  /** 10 users like {0, 1, 2}, 10 users like {3, 4, 5}. */
  private static Interactions checkerboard() {
    InteractionsBuilder b = Interactions.builder(items(6));
    for (int u = 0; u < 20; u++) {
      int base = u < 10 ? 0 : 3;
      for (int i = base; i < base + 3; i++) {
        b.add(String.format("u%02d", u), i, 1f, 0);
      }
    }
    return b.build();
  }

  private static ImplicitAls.Params params(int factors, int iterations, int cgSteps, long seed, int threads) {
    return new ImplicitAls.Params(factors, iterations, 0.1, 2.0, cgSteps, seed, threads);
  }

  // ---------- independent reference: dense exact solve over all items ----------

  /**
   * The exact minimiser of Σ_i c_i (p_i − xᵀ v_i)² + λ‖x‖² over all rows v_i of {@code other},
   * built from the definition (c = 1, p = 0 for unstored entries) and solved by Gaussian
   * elimination with partial pivoting, in double. Shares no code with the model.
   */
  private static double[] exactSolve(float[] other, int rows, int f, int[] stored, float[] weights, double alpha,
      double lambda) {
    double[] conf = new double[rows];
    double[] pref = new double[rows];
    Arrays.fill(conf, 1);
    for (int k = 0; k < stored.length; k++) {
      conf[stored[k]] = 1 + alpha * weights[k];
      pref[stored[k]] = 1;
    }
    double[][] a = new double[f][f + 1];
    for (int i = 0; i < rows; i++) {
      for (int r = 0; r < f; r++) {
        double vr = other[i * f + r];
        for (int c = 0; c < f; c++) {
          a[r][c] += conf[i] * vr * other[i * f + c];
        }
        a[r][f] += conf[i] * pref[i] * vr;
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
          double m = a[r][col] / a[col][col];
          for (int c = col; c <= f; c++) {
            a[r][c] -= m * a[col][c];
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

  private static float[] itemMatrix(ImplicitAls m) {
    int f = m.factors();
    float[] y = new float[m.numItems() * f];
    for (int i = 0; i < m.numItems(); i++) {
      System.arraycopy(m.itemVector(i), 0, y, i * f, f);
    }
    return y;
  }

  private static double maxAbsDiff(float[] a, double[] b) {
    double d = 0;
    for (int k = 0; k < a.length; k++) {
      d = Math.max(d, Math.abs(a[k] - b[k]));
    }
    return d;
  }

  // ---------- tests ----------

  @Test
  void loss_is_the_full_objective_and_never_increases() {
    long seed = 20240611L;
    Interactions data = random(seed, 80, 50, 0.12);
    ImplicitAls.Params p = params(8, 12, 3, seed, 1);
    ImplicitAls.Fit fit = new ImplicitAls.Trainer(p).fitDetailed(data);
    double[] loss = fit.loss();
    System.out.println("ImplicitAlsTest loss per iteration: " + Arrays.toString(loss));
    for (int i = 1; i < loss.length; i++) {
      assertThat(loss[i]).as("loss after iteration %d vs %d", i + 1, i).isLessThanOrEqualTo(loss[i - 1] * (1 + 1e-6));
    }
    assertThat(loss[loss.length - 1]).isLessThan(loss[0] * 0.999);

    // brute force over all (u, i) cells from the definition
    int f = 8;
    float[] x = fit.userFactors();
    float[] y = itemMatrix(fit.model());
    double brute = 0;
    for (int u = 0; u < data.numUsers(); u++) {
      for (int i = 0; i < data.numItems(); i++) {
        double s = 0;
        for (int k = 0; k < f; k++) {
          s += (double) x[u * f + k] * y[i * f + k];
        }
        float r = data.userItem().get(u, i);
        double c = 1 + p.alpha() * r;
        double pref = r > 0 ? 1 : 0;
        brute += c * (pref - s) * (pref - s);
      }
    }
    for (float v : x) {
      brute += p.regularization() * v * v;
    }
    for (float v : y) {
      brute += p.regularization() * v * v;
    }
    assertThat(loss[loss.length - 1]).isCloseTo(brute, within(brute * 1e-5));
  }

  @Test
  void fold_in_of_a_training_history_equals_the_exact_user_solve_given_final_items() {
    Interactions data = random(7L, 60, 40, 0.15);
    ImplicitAls.Params p = params(8, 8, 3, 7L, 1);
    ImplicitAls model = new ImplicitAls.Trainer(p).fit(data);
    float[] y = itemMatrix(model);
    float[] scores = new float[model.numItems()];
    for (int u = 0; u < data.numUsers(); u += 7) {
      History h = data.historyOf(u);
      double[] exact = exactSolve(y, model.numItems(), 8, h.items(), h.weights(), p.alpha(), p.regularization());
      float[] folded = model.foldIn(h);
      assertThat(maxAbsDiff(folded, exact)).as("user %d", u).isLessThan(1e-4);
      model.score(h, scores);
      for (int i = 0; i < model.numItems(); i++) {
        double s = 0;
        for (int k = 0; k < 8; k++) {
          s += exact[k] * y[i * 8 + k];
        }
        assertThat((double) scores[i]).isCloseTo(s, within(1e-4));
      }
    }
  }

  @Test
  void fold_in_sums_repeated_items_and_ignores_items_beyond_the_model() {
    ImplicitAls model = new ImplicitAls.Trainer(params(4, 10, 3, 1L, 1)).fit(checkerboard());
    float[] a = model.foldIn(new History(new int[] {0, 1}, new float[] {2f, 1f}, new long[2]));
    float[] b = model.foldIn(new History(new int[] {0, 1, 0, 6, 99}, new float[] {1f, 1f, 1f, 5f, 5f}, new long[5]));
    assertThat(b).containsExactly(a);
    float[] c = model.foldIn(History.of(0, 1));
    assertThat(Arrays.equals(a, c)).as("weight 2 on item 0 must change the vector").isFalse();
    // negative net weight removes the item
    float[] d = model.foldIn(new History(new int[] {0, 1, 0}, new float[] {1f, 1f, -1f}, new long[3]));
    assertThat(d).containsExactly(model.foldIn(History.of(1)));
  }

  @Test
  void many_cg_steps_reach_the_exact_solution() {
    Interactions data = random(11L, 50, 30, 0.2);
    int f = 6;
    // items are solved last, so the trained item factors are the solve given the final user factors
    double errFew = itemSideError(data, new ImplicitAls.Trainer(params(f, 3, 1, 11L, 1)).fitDetailed(data), f);
    double errMany = itemSideError(data, new ImplicitAls.Trainer(params(f, 3, 4 * f, 11L, 1)).fitDetailed(data), f);
    System.out.println("ImplicitAlsTest item-side max error: cg_steps=1 " + errFew + ", cg_steps=" + 4 * f + " " + errMany);
    assertThat(errMany).isLessThan(1e-4);
    assertThat(errFew).isGreaterThan(10 * errMany);

    // users are solved first in each iteration: the user factors of a (k+1)-iteration fit solve
    // the user problem given the item factors of the k-iteration fit (training is deterministic)
    ImplicitAls.Fit two = new ImplicitAls.Trainer(params(f, 2, 4 * f, 11L, 1)).fitDetailed(data);
    double userErrMany = userSideError(data, two, new ImplicitAls.Trainer(params(f, 3, 4 * f, 11L, 1)).fitDetailed(data), f);
    ImplicitAls.Fit twoFew = new ImplicitAls.Trainer(params(f, 2, 1, 11L, 1)).fitDetailed(data);
    double userErrFew = userSideError(data, twoFew, new ImplicitAls.Trainer(params(f, 3, 1, 11L, 1)).fitDetailed(data), f);
    System.out.println("ImplicitAlsTest user-side max error: cg_steps=1 " + userErrFew + ", cg_steps=" + 4 * f + " " + userErrMany);
    assertThat(userErrMany).isLessThan(1e-4);
    assertThat(userErrFew).isGreaterThan(10 * userErrMany);
  }

  private static double userSideError(Interactions data, ImplicitAls.Fit before, ImplicitAls.Fit after, int f) {
    float[] y = itemMatrix(before.model());
    double err = 0;
    for (int u = 0; u < data.numUsers(); u++) {
      History h = data.historyOf(u);
      double[] exact = exactSolve(y, data.numItems(), f, h.items(), h.weights(), 2.0, 0.1);
      err = Math.max(err, maxAbsDiff(after.userVector(u), exact));
    }
    return err;
  }

  private static double itemSideError(Interactions data, ImplicitAls.Fit fit, int f) {
    float[] x = fit.userFactors();
    double err = 0;
    var iu = data.itemUser();
    for (int i = 0; i < data.numItems(); i++) {
      int from = iu.rowPtr()[i];
      int to = iu.rowPtr()[i + 1];
      int[] users = Arrays.copyOfRange(iu.colIdx(), from, to);
      float[] w = Arrays.copyOfRange(iu.values(), from, to);
      double[] exact = exactSolve(x, data.numUsers(), f, users, w, 2.0, 0.1);
      err = Math.max(err, maxAbsDiff(fit.model().itemVector(i), exact));
    }
    return err;
  }

  @Test
  void checkerboard_ranks_the_missing_item_of_the_group_first() {
    ImplicitAls model = new ImplicitAls.Trainer(params(4, 15, 3, 3L, 1)).fit(checkerboard());
    ScoredItems top = model.recommend(History.of(0, 1), Request.top(10));
    assertThat(top.items()).hasSize(4); // n > catalogue: every unseen item
    assertThat(top.item(0)).isEqualTo(2);
    assertThat(top.items()).containsExactlyInAnyOrder(2, 3, 4, 5);
    float[] s = new float[6];
    model.score(History.of(0, 1), s);
    assertThat(s[2]).isGreaterThan(Math.max(s[3], Math.max(s[4], s[5])));
    assertThat(s[2]).isGreaterThan(0.5f);

    ScoredItems other = model.recommend(History.of(4), Request.top(2));
    assertThat(other.items()).containsExactlyInAnyOrder(3, 5);

    ScoredItems sim = model.similar(0, 2, ItemFilter.ALL);
    assertThat(sim.items()).containsExactlyInAnyOrder(1, 2);
    assertThat(sim.score(0)).isGreaterThan(0.9f);
    ScoredItems simAll = model.similar(0, 10, ItemFilter.ALL);
    assertThat(simAll.items()).hasSize(5).doesNotContain(0);
    assertThat(simAll.score(4)).isLessThan(simAll.score(1));
  }

  @Test
  void filters_seen_items_ties_and_out_of_range() {
    ImplicitAls model = new ImplicitAls.Trainer(params(4, 15, 3, 3L, 1)).fit(checkerboard());
    BitSet no2 = new BitSet();
    no2.set(2);
    ScoredItems filtered = model.recommend(History.of(0, 1), Request.top(10).filtered(ItemFilter.excluding(no2)));
    assertThat(filtered.items()).containsExactlyInAnyOrder(3, 4, 5);

    ScoredItems withSeen = model.recommend(History.of(0, 1), new Request(3, ItemFilter.ALL, false));
    assertThat(withSeen.items()).containsExactlyInAnyOrder(0, 1, 2);

    // empty history: all scores 0, ties rank the smaller index first
    float[] s = new float[6];
    Arrays.fill(s, 9f);
    model.score(History.EMPTY, s);
    assertThat(s).containsOnly(0f);
    ScoredItems empty = model.recommend(History.EMPTY, Request.top(3));
    assertThat(empty.items()).containsExactly(0, 1, 2);
    assertThat(empty.scores()).containsExactly(0f, 0f, 0f);
    // an unknown (newer) item only is like an empty history
    assertThat(model.recommend(History.of(17), Request.top(2)).items()).containsExactly(0, 1);

    assertThatThrownBy(() -> model.score(History.of(0), new float[5]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("out.length (5) must be >= numItems (6)");
    assertThatThrownBy(() -> model.similar(6, 3, ItemFilter.ALL))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("item (6) must be in [0, 6)");
  }

  @Test
  void same_seed_gives_identical_factors_for_any_thread_count() {
    // > 2048 users so that both the Gram chunks and the row chunks are split between threads
    Interactions data = random(99L, 2300, 150, 0.02);
    ImplicitAls.Fit one = new ImplicitAls.Trainer(params(8, 3, 3, 5L, 1)).fitDetailed(data);
    ImplicitAls.Fit two = new ImplicitAls.Trainer(params(8, 3, 3, 5L, 2)).fitDetailed(data);
    ImplicitAls.Fit again = new ImplicitAls.Trainer(params(8, 3, 3, 5L, 2)).fitDetailed(data);
    ImplicitAls.Fit other = new ImplicitAls.Trainer(params(8, 3, 3, 6L, 2)).fitDetailed(data);
    assertThat(itemMatrix(two.model())).containsExactly(itemMatrix(one.model()));
    assertThat(two.userFactors()).containsExactly(one.userFactors());
    assertThat(two.loss()).containsExactly(one.loss());
    assertThat(again.userFactors()).containsExactly(two.userFactors());
    assertThat(Arrays.equals(itemMatrix(other.model()), itemMatrix(one.model()))).isFalse();
  }

  @Test
  void snapshot_round_trip_gives_identical_scores(@TempDir Path dir) throws Exception {
    Interactions data = random(5L, 70, 45, 0.1);
    ImplicitAls.Type type = new ImplicitAls.Type();
    ImplicitAls.Params p = type.params(Map.of("factors", "6", "iterations", "4", "alpha", "3", "threads", "1"));
    ImplicitAls model = type.trainer(p).fit(data);
    assertThat(ModelTypes.byName("ials")).isInstanceOf(ImplicitAls.Type.class);
    ModelSnapshot snap = new ModelSnapshot(1, 1_700_000_000_000L, data.items(), Map.of("ials", model),
        Map.of("ials", ModelTypes.effectiveParams(type, Map.of("factors", "6", "iterations", "4", "alpha", "3",
        "threads", "1"))), Map.of());
    Path file = dir.resolve("snap.tandem");
    SnapshotFile.write(snap, file);
    ModelSnapshot back = SnapshotFile.read(file);
    ImplicitAls read = (ImplicitAls) back.model("ials").orElseThrow();
    assertThat(read.factors()).isEqualTo(6);
    assertThat(read.alpha()).isEqualTo(3.0);
    assertThat(read.regularization()).isEqualTo(0.01);
    assertThat(read.numItems()).isEqualTo(45);
    assertThat(back.params().get("ials")).containsEntry("alpha", "3.0").containsEntry("factors", "6");
    float[] s1 = new float[45];
    float[] s2 = new float[45];
    for (int u = 0; u < data.numUsers(); u += 5) {
      History h = data.historyOf(u);
      model.score(h, s1);
      read.score(h, s2);
      assertThat(s2).containsExactly(s1);
      assertThat(s1).as("scores are not all zero").contains(s1[0]).matches(a -> maxAbs(a) > 0.01);
    }
    assertThat(read.similar(3, 5, ItemFilter.ALL)).isEqualTo(model.similar(3, 5, ItemFilter.ALL));
  }

  private static float maxAbs(float[] a) {
    float m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  @Test
  void bad_parameters_name_key_value_and_rule() {
    ImplicitAls.Type type = new ImplicitAls.Type();
    assertThat(type.parameters().defaults().describe()).containsExactly(
        Map.entry("factors", "64"), Map.entry("iterations", "15"), Map.entry("regularization", "0.01"),
        Map.entry("alpha", "20.0"), Map.entry("cg_steps", "3"), Map.entry("seed", "42"), Map.entry("threads", "0"));
    assertThatThrownBy(() -> type.params(Map.of("factors", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ials.factors (0) must be in [1, 1024]");
    assertThatThrownBy(() -> type.params(Map.of("factors", "sixty")))
        .hasMessage("ials.factors (sixty) must be a whole number");
    assertThatThrownBy(() -> type.params(Map.of("iterations", "0")))
        .hasMessage("ials.iterations (0) must be in [1, 10000]");
    assertThatThrownBy(() -> type.params(Map.of("regularization", "0")))
        .hasMessage("ials.regularization (0.0) must be > 0.0 and finite");
    assertThatThrownBy(() -> type.params(Map.of("alpha", "-1")))
        .hasMessage("ials.alpha (-1.0) must be > 0.0 and finite");
    assertThatThrownBy(() -> type.params(Map.of("alpha", "NaN")))
        .hasMessage("ials.alpha (NaN) must be > 0.0 and finite");
    assertThatThrownBy(() -> type.params(Map.of("cg_steps", "0")))
        .hasMessage("ials.cg_steps (0) must be in [1, 1024]");
    assertThatThrownBy(() -> type.params(Map.of("threads", "-1")))
        .hasMessage("ials.threads (-1) must be in [0, 1024]");
    assertThatThrownBy(() -> type.params(Map.of("lambda", "1")))
        .hasMessage("unknown parameter ials.lambda; ials takes [alpha, cg_steps, factors, iterations, regularization, seed, threads]");
    assertThatThrownBy(() -> new ImplicitAls.Params(2000, 15, 0.01, 1, 3, 42, 0))
        .hasMessage("ials.factors (2000) must be in [1, 1024]");
    assertThatThrownBy(() -> new ImplicitAls.Params(64, 15, Double.POSITIVE_INFINITY, 1, 3, 42, 0))
        .hasMessage("ials.regularization (Infinity) must be > 0 and finite");
    assertThatThrownBy(() -> new ImplicitAls.Trainer(null))
        .hasMessage("params must not be null; use ImplicitAls.Params.defaults()");
  }

  @Test
  void overflowing_confidences_fail_naming_the_iteration() {
    // strengths are clamped to FeedbackWeights.MAX_STRENGTH (1e6), so the overflow comes from alpha
    InteractionsBuilder b = Interactions.builder(items(4));
    b.add("a", 0, 3e38f, 0).add("a", 1, 3e38f, 0).add("b", 2, 1f, 0).add("b", 3, 1f, 0);
    Interactions data = b.build();
    assertThat(data.userItem().get(0, 0)).isEqualTo(1e6f);
    assertThatThrownBy(() -> new ImplicitAls.Trainer(new ImplicitAls.Params(4, 5, 0.1, 1e33, 3, 1L, 1)).fit(data))
        .isInstanceOf(ModelFitException.class)
        .hasMessageStartingWith("ials: ")
        .hasMessageContaining("not finite")
        .hasMessageContaining("after iteration 1 of 5");
  }

  @Test
  void model_is_usable_through_the_generic_contract() {
    Model m = new ImplicitAls.Trainer(params(4, 10, 3, 3L, 1)).fit(checkerboard());
    assertThat(m.type()).isEqualTo("ials");
    assertThat(m.numItems()).isEqualTo(6);
    // batch of requests from many threads gives the same answers as one at a time
    ScoredItems expected = m.recommend(History.of(3), Request.top(5));
    List<Thread> ts = new ArrayList<>();
    ScoredItems[] got = new ScoredItems[4];
    for (int t = 0; t < got.length; t++) {
      int slot = t;
      Thread th = new Thread(() -> got[slot] = m.recommend(History.of(3), Request.top(5)));
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      try {
        th.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(got).containsOnly(expected);
  }
}
