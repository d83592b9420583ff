package dev.tandem.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.SplitFolder;
import dev.tandem.core.kernel.SpdKernel;
import dev.tandem.core.retrieval.Ease;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Wall time of an EASE fit on a split's {@code train.csv}, comparable with the {@code fit_seconds}
 * of {@code refrec.py score --model ease} (which also excludes reading the CSV). Prints one line
 * per repeat with wall and process CPU seconds (CPU / wall near the core count shows the kernel
 * uses every core).
 *
 * <pre>
 * java -Dorg.slf4j.simpleLogger.log.dev.tandem=debug -cp tandem-bench/target/benchmarks.jar \
 *     dev.tandem.bench.EaseFitTiming /tmp/ref/gb-holdout/train.csv 500 3
 * </pre>
 * The kernel follows {@code -Dtandem.linalg=java|native} (default: native when it loads).
 */
public final class EaseFitTiming {
  private EaseFitTiming() {}

  public static void main(String[] args) throws Exception {
    Path train = Path.of(args.length > 0 ? args[0] : "/tmp/ref/gb-holdout/train.csv");
    double lambda = args.length > 1 ? Double.parseDouble(args[1]) : 500;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Interactions data = EvalData.of(SplitFolder.read(train.getParent())).train();
    SpdKernel kernel = SpdKernel.instance();
    System.out.printf(Locale.ROOT, "train %s: %d users, %d items, %d pairs; kernel %s; %d processors%n", train,
        data.numUsers(), data.numItems(), data.nnz(), kernel.name(), Runtime.getRuntime().availableProcessors());
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Ease.Trainer trainer = new Ease.Trainer(new Ease.Params(lambda), kernel);
    for (int r = 0; r < repeats; r++) {
      System.gc();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      Ease model = trainer.fit(data);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      System.out.printf(Locale.ROOT, "fit %d: %.2f s wall, %.2f s cpu (%.2f cores), B[0][1] = %s%n", r + 1, wall, cpu,
          cpu / wall, model.weight(0, 1));
    }
  }
}
