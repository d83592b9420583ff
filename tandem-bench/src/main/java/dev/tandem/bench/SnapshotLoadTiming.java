package dev.tandem.bench;

import dev.tandem.core.model.Model;
import dev.tandem.core.snapshot.SnapshotFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Wall time to load one model from a snapshot file (median of 7 loads after 3 warm-up loads), e.g.
 * to check that {@code bm25}, which derives its weights and postings from the stored forward
 * index on load, stays well under a second.
 *
 * <pre>
 * java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.SnapshotLoadTiming HOME/snapshots/FILE.tsnap bm25
 * </pre>
 */
public final class SnapshotLoadTiming {
  private SnapshotLoadTiming() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String model = args[1];
    double[] t = new double[7];
    Model m = null;
    for (int k = -3; k < t.length; k++) {
      long t0 = System.nanoTime();
      m = SnapshotFile.read(file, Set.of(model)).models().get(model);
      if (k >= 0) {
        t[k] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(t);
    System.out.printf(Locale.ROOT, "%s from %s (%d items): load median %.1f ms, min %.1f ms, max %.1f ms%n", model,
        file, m.numItems(), t[3], t[0], t[6]);
  }
}
