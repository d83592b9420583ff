package dev.tandem.bench;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.retrieval.ImplicitAls;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Wall time per iteration of {@link ImplicitAls} on a {@code user,item} CSV (each row weight 1),
 * and the loss after each iteration. Reports the median of iterations 2..N (the first one
 * includes JIT warm-up). When {@code test_history.csv} and {@code test_target.csv} sit next to
 * the training file (the {@code holdout-users} protocol), also folds in each test user's history
 * and reports Recall@20, Recall@50 (normalised by min(K, #targets)) and NDCG@100.
 *
 * <pre>
 * mvn -q -o -pl tandem-bench -am package -DskipTests
 * java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.IalsFitTiming /tmp/ref/gb-holdout/train.csv \
 *     factors=64 iterations=15
 * </pre>
 *
 * Further arguments {@code key=value} override {@link ImplicitAls.Params} (e.g. {@code alpha=2 threads=1}).
 */
public final class IalsFitTiming {
  private IalsFitTiming() {}

  public static void main(String[] args) throws IOException {
    Path train = Path.of(args.length > 0 ? args[0] : "/tmp/ref/gb-holdout/train.csv");
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("factors", "64");
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("argument (" + args[i] + ") must be key=value");
      }
      overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    ImplicitAls.Type type = new ImplicitAls.Type();
    ImplicitAls.Params params = type.params(overrides);

    long t0 = System.nanoTime();
    List<String[]> rows = readPairs(train);
    Set<String> itemIds = new HashSet<>();
    for (String[] r : rows) {
      itemIds.add(r[1]);
    }
    IdIndex items = IdIndex.of(itemIds);
    InteractionsBuilder b = Interactions.builder(items);
    for (String[] r : rows) {
      b.add(r[0], items.indexOf(r[1]), 1f, 0L);
    }
    Interactions data = b.build();
    data.itemUser();
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "data: %s, %d rows, %d users, %d items, %d pairs (load %.2f s)%n", train,
        rows.size(), data.numUsers(), data.numItems(), data.nnz(), loadSeconds);
    System.out.println("params: " + type.describe(params) + ", available processors "
        + Runtime.getRuntime().availableProcessors() + ", java " + System.getProperty("java.version"));

    long f0 = System.nanoTime();
    ImplicitAls.Fit fit = new ImplicitAls.Trainer(params).fitDetailed(data);
    double fitSeconds = (System.nanoTime() - f0) / 1e9;
    double[] secs = fit.iterationSeconds();
    double[] lossSecs = fit.lossSeconds();
    double[] loss = fit.loss();
    double cells = (double) data.numUsers() * data.numItems();
    double confidenceSum = 0;
    for (float v : data.userItem().values()) {
      confidenceSum += 1 + params.alpha() * v;
    }
    double normaliser = confidenceSum + cells - data.nnz();
    System.out.println("iteration  seconds  loss_seconds  loss                 loss/(Σc + U·I − nnz)");
    for (int i = 0; i < secs.length; i++) {
      System.out.printf(Locale.ROOT, "%9d  %7.3f  %12.3f  %19.6f  %.9f%n", i + 1, secs[i], lossSecs[i], loss[i],
          loss[i] / normaliser);
    }
    double[] tail = Arrays.copyOfRange(secs, Math.min(1, secs.length), secs.length);
    System.out.printf(Locale.ROOT, "median seconds/iteration (iterations 2..%d): %.3f; total fit %.2f s%n",
        secs.length, median(tail.length > 0 ? tail : secs), fitSeconds);

    Path dir = train.toAbsolutePath().getParent();
    Path hist = dir.resolve("test_history.csv");
    Path target = dir.resolve("test_target.csv");
    if (Files.exists(hist) && Files.exists(target)) {
      evaluate(fit.model(), items, readPairs(hist), readPairs(target));
    }
  }

  private static void evaluate(ImplicitAls model, IdIndex items, List<String[]> history, List<String[]> targets) {
    Map<String, List<Integer>> hist = group(history, items);
    Map<String, Set<String>> tgt = new LinkedHashMap<>();
    for (String[] r : targets) {
      tgt.computeIfAbsent(r[0], k -> new HashSet<>()).add(r[1]);
    }
    double r20 = 0;
    double r50 = 0;
    double ndcg = 0;
    int users = 0;
    long s0 = System.nanoTime();
    for (var e : tgt.entrySet()) {
      List<Integer> h = hist.getOrDefault(e.getKey(), List.of());
      int[] its = new int[h.size()];
      for (int k = 0; k < its.length; k++) {
        its[k] = h.get(k);
      }
      ScoredItems top = model.recommend(History.of(its), Request.top(100));
      Set<String> t = e.getValue();
      int hits20 = 0;
      int hits50 = 0;
      double dcg = 0;
      for (int rank = 0; rank < top.size(); rank++) {
        if (t.contains(items.id(top.item(rank)))) {
          if (rank < 20) {
            hits20++;
          }
          if (rank < 50) {
            hits50++;
          }
          dcg += 1 / (Math.log(rank + 2) / Math.log(2));
        }
      }
      double idcg = 0;
      for (int rank = 0; rank < Math.min(100, t.size()); rank++) {
        idcg += 1 / (Math.log(rank + 2) / Math.log(2));
      }
      r20 += hits20 / (double) Math.min(20, t.size());
      r50 += hits50 / (double) Math.min(50, t.size());
      ndcg += dcg / idcg;
      users++;
    }
    double ms = (System.nanoTime() - s0) / 1e6 / Math.max(1, users);
    System.out.printf(Locale.ROOT, "holdout-users (%d test users, fold-in): Recall@20 %.4f  Recall@50 %.4f  "
        + "NDCG@100 %.4f  (%.2f ms/user to fold in and rank)%n", users, r20 / users, r50 / users, ndcg / users, ms);
  }

  private static Map<String, List<Integer>> group(List<String[]> rows, IdIndex items) {
    Map<String, List<Integer>> m = new LinkedHashMap<>();
    for (String[] r : rows) {
      int i = items.indexOf(r[1]);
      if (i >= 0) {
        m.computeIfAbsent(r[0], k -> new ArrayList<>()).add(i);
      }
    }
    return m;
  }

  private static List<String[]> readPairs(Path csv) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(csv)) {
      String header = r.readLine();
      if (header == null || !header.startsWith("user,item")) {
        throw new IOException(csv + ": header (" + header + ") must start with user,item");
      }
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty()) {
          continue;
        }
        String[] parts = line.split(",", -1);
        out.add(new String[] {parts[0], parts[1]});
      }
    }
    return out;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
