package dev.tandem.bench;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.SplitFolder;
import dev.tandem.core.retrieval.ImplicitAls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Wall time per iteration of {@link ImplicitAls} on the training data of a split folder (as
 * {@code tandem evaluate} reads it), and the loss after each iteration. Reports the median of
 * iterations 2..N (the first one includes JIT warm-up). Accuracy on the split's test users comes
 * from the evaluator: {@code HoldoutCheck SPLIT_DIR ials key=value ...} or {@code tandem evaluate}.
 *
 * <pre>
 * mvn -q -o -pl tandem-bench -am package -DskipTests
 * java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.IalsFitTiming /tmp/ref/gb-holdout \
 *     factors=64 iterations=15
 * </pre>
 *
 * Further arguments {@code key=value} override {@link ImplicitAls.Params} (e.g. {@code alpha=2 threads=1}).
 */
public final class IalsFitTiming {
  private IalsFitTiming() {}

  public static void main(String[] args) throws IOException {
    Path split = Path.of(args.length > 0 ? args[0] : "/tmp/ref/gb-holdout");
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
    Interactions data = EvalData.of(SplitFolder.read(split)).train();
    data.itemUser();
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "data: %s, %d users, %d items, %d pairs (load %.2f s)%n", split,
        data.numUsers(), data.numItems(), data.nnz(), loadSeconds);
    System.out.println("params: " + type.parameters().parse(overrides).describe() + ", available processors "
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

  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
