package dev.tandem.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.core.retrieval.Ease;
import dev.tandem.core.retrieval.ItemKnn;
import dev.tandem.core.retrieval.Popularity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem's evaluator reproduces refrec.py (the independent numpy reference in
 * {@code $tandem.shared/tools/reference}) on the same ml-100k holdout-users split: the same
 * folder, scored by both, gives the same Recall@20/50 and NDCG@10/100 within 0.0005 for pop,
 * itemknn (k 100, shrink 0) and EASE (λ 500). Skipped, with the reason, when the data, the
 * script or python3 with numpy and scipy is missing.
 */
class RefrecAgreementTest {
  @TempDir static Path tmp;
  static Path split;
  static Path refrec;
  static EvalData data;
  static Evaluator evaluator;

  @BeforeAll
  static void makeSplit() throws Exception {
    String shared = System.getProperty("tandem.shared");
    assumeTrue(shared != null, "system property tandem.shared is not set; skipping the refrec agreement test");
    Path ratings = Path.of(shared, "data/ml-100k/u.data");
    refrec = Path.of(shared, "tools/reference/refrec.py");
    assumeTrue(Files.exists(ratings), ratings + " is absent; skipping the refrec agreement test");
    assumeTrue(Files.exists(refrec), refrec + " is absent; skipping the refrec agreement test");
    assumeTrue(run(List.of("python3", "-c", "import numpy, scipy")) == 0,
        "python3 with numpy and scipy is not available; skipping the refrec agreement test");
    split = tmp.resolve("ml100k-holdout");
    int code = run(List.of("python3", refrec.toString(), "split", "--ratings", ratings.toString(), "--format", "ml-100k",
        "--protocol", "holdout-users", "--seed", "98765", "--out", split.toString()));
    assertThat(code).as("refrec.py split exit code").isZero();
    data = EvalData.of(SplitFolder.read(split));
    evaluator = new Evaluator(new EvalOptions(List.of(10, 20, 50, 100), 20, 100, 1, EvalOptions.Progress.NONE));
  }

  private static int run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private static Map<String, String> reference(String model, String... extra) throws Exception {
    return reference(List.of("python3", refrec.toString()), model, extra);
  }

  private static Map<String, String> reference(List<String> python, String model, String... extra) throws Exception {
    Path out = tmp.resolve(model + "-" + python.size() + ".json");
    List<String> cmd = new ArrayList<>(python);
    cmd.addAll(List.of("score", "--split", split.toString(), "--model", model, "--json", out.toString()));
    cmd.addAll(List.of(extra));
    assertThat(run(cmd)).as("refrec.py score " + model + ": " + Files.readString(tmp.resolve("log.txt"))).isZero();
    return FlatJson.parse(Files.readString(out, StandardCharsets.UTF_8));
  }

  private static void assertAgrees(ModelResult tandem, Map<String, String> ref, double tolerance) {
    assertThat(tandem.users()).isEqualTo(Integer.parseInt(ref.get("users")));
    assertThat(data.items().size()).isEqualTo(Integer.parseInt(ref.get("items")));
    for (String m : List.of("recall@20", "recall@50", "ndcg@10", "ndcg@100", "precision@20", "hr@10")) {
      assertThat(tandem.metric(m)).as(tandem.model() + " " + m).isCloseTo(Double.parseDouble(ref.get(m)),
          within(tolerance));
    }
  }

  @Test
  void popularity_matches_refrec() throws Exception {
    ModelResult r = evaluator.evaluate("pop", Map.of(), x -> new Popularity.Trainer(new Popularity.Params(0)).fit(x),
        false, data);
    assertAgrees(r, reference("pop"), 5e-4);
  }

  /**
   * Without a neighbour cut (k = all items) both keep every similarity, so the whole pipeline
   * (cosine, sums, exclusion, tie order of scores) must agree to the reference tolerance.
   */
  @Test
  void itemknn_without_cut_matches_refrec() throws Exception {
    int n = data.items().size();
    ModelResult r = evaluator.evaluate("itemknn", Map.of(), x -> new ItemKnn.Trainer(new ItemKnn.Params(n, 0)).fit(x),
        false, data);
    assertAgrees(r, reference("itemknn", "--k", Integer.toString(n)), 5e-4);
  }

  /**
   * With k = 100, refrec.py cuts neighbours with {@code np.argpartition}, which keeps an
   * arbitrary subset of the items tied at the k-th similarity (on this split 563 of 1682 items
   * have such a tie), while Tandem keeps the smaller indices. With numpy's introselect the tie
   * choice moves Recall@50 by 0.0005 and NDCG@100 by 0.0008 (measured), and Recall@20 by 0.00152 on
   * another machine (numpy's partition picks its SIMD path by CPU, so the tie choice differs between
   * machines), so this case gets 0.0025; {@link #itemknn_k100_matches_refrec_with_a_stable_cut} holds the same model to 0.0005
   * against refrec with the tie rule fixed.
   */
  @Test
  void itemknn_k100_matches_refrec_up_to_neighbour_ties() throws Exception {
    ModelResult r = evaluator.evaluate("itemknn", Map.of(), x -> new ItemKnn.Trainer(new ItemKnn.Params(100, 0)).fit(x),
        false, data);
    assertAgrees(r, reference("itemknn", "--k", "100"), 2.5e-3);
  }

  /**
   * refrec.py run through {@code scripts/refrec-stable-cut.py}, which replaces numpy's
   * argpartition by a stable sort, so that refrec too keeps the smaller indices among neighbours
   * tied at the cut: then ItemKNN at k = 100 agrees within the reference tolerance 0.0005
   * (measured: Recall and NDCG@10 to 1e-6, NDCG@100 within 0.0002, the rest being float32 against
   * float64 similarities).
   */
  @Test
  void itemknn_k100_matches_refrec_with_a_stable_cut() throws Exception {
    Path script = Path.of(System.getProperty("tandem.repo", "../.."), "scripts", "refrec-stable-cut.py");
    assumeTrue(Files.exists(script), script + " is absent; skipping");
    ModelResult r = evaluator.evaluate("itemknn", Map.of(), x -> new ItemKnn.Trainer(new ItemKnn.Params(100, 0)).fit(x),
        false, data);
    assertAgrees(r, reference(List.of("python3", script.toString(), refrec.toString()), "itemknn", "--k", "100"), 5e-4);
  }

  @Test
  void ease_matches_refrec() throws Exception {
    ModelResult r = evaluator.evaluate("ease", Map.of(), x -> new Ease.Trainer(new Ease.Params(500)).fit(x), false, data);
    assertAgrees(r, reference("ease", "--lam", "500"), 5e-4);
  }
}
