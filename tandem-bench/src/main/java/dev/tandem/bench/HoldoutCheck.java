package dev.tandem.bench;

import dev.tandem.core.data.History;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A small standalone cross-check against {@code refrec.py score}: fits one model on a split's
 * training data and prints Recall@20, Recall@50 and NDCG@100 with refrec's definitions (Liang et al.
 * 2018: recall divides hits by min(K, #targets); NDCG with binary gains, log2(rank + 2) discounts,
 * ideal DCG of min(K, #targets) hits; seen items excluded; users without targets skipped). Not
 * the evaluator (that comes with {@code core.eval}).
 *
 * <pre>
 * java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.HoldoutCheck /tmp/ref/gb-holdout ease lambda=500
 * java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.HoldoutCheck /tmp/ref/gb-holdout itemknn k=100
 * </pre>
 */
public final class HoldoutCheck {
  private HoldoutCheck() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: HoldoutCheck SPLIT_DIR MODEL [key=value ...]");
      System.exit(2);
    }
    Split split = Split.read(Path.of(args[0]));
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int a = 2; a < args.length; a++) {
      int eq = args[a].indexOf('=');
      overrides.put(args[a].substring(0, eq), args[a].substring(eq + 1));
    }
    @SuppressWarnings("unchecked")
    ModelType<Model, Record> type = (ModelType<Model, Record>) ModelTypes.byName(args[1]);
    long t0 = System.nanoTime();
    Model model = ModelTypes.fit(type, overrides, split.train());
    double fitSeconds = (System.nanoTime() - t0) / 1e9;
    int[] ks = {20, 50, 100};
    double[] recall = new double[ks.length];
    double[] ndcg = new double[ks.length];
    int users = 0;
    t0 = System.nanoTime();
    for (int u = 0; u < split.testUsers().size(); u++) {
      int[] targets = split.targets().get(u);
      if (targets.length == 0) {
        continue;
      }
      users++;
      History h = split.histories().get(u);
      ScoredItems top = model.recommend(h, Request.top(100));
      java.util.BitSet isTarget = new java.util.BitSet();
      for (int t : targets) {
        isTarget.set(t);
      }
      for (int c = 0; c < ks.length; c++) {
        int k = ks[c];
        int hits = 0;
        double dcg = 0;
        for (int r = 0; r < Math.min(k, top.size()); r++) {
          if (isTarget.get(top.item(r))) {
            hits++;
            dcg += 1 / log2(r + 2);
          }
        }
        int ideal = Math.min(k, targets.length);
        double idcg = 0;
        for (int r = 0; r < ideal; r++) {
          idcg += 1 / log2(r + 2);
        }
        recall[c] += (double) hits / ideal;
        ndcg[c] += dcg / idcg;
      }
    }
    double scoreSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT,
        "{\"model\": \"%s\", \"params\": %s, \"users\": %d, \"items\": %d, \"recall@20\": %.5f, \"recall@50\": %.5f,"
            + " \"ndcg@100\": %.5f, \"fit_seconds\": %.2f, \"score_seconds\": %.2f}%n",
        args[1], ModelTypes.effectiveParams(type, overrides), users, split.train().numItems(), recall[0] / users,
        recall[1] / users, ndcg[2] / users, fitSeconds, scoreSeconds);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
