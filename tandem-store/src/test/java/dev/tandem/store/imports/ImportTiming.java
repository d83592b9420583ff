package dev.tandem.store.imports;

import dev.tandem.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reproducible import timing on the shared data sets (not a test). Each run imports into a
 * fresh temporary store, then scans the feedback log once.
 *
 * <pre>
 * mvn -q -o -pl tandem-store -am test-compile
 * mvn -q -o -pl tandem-store dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp tandem-store/target/classes:tandem-store/target/test-classes:$(cat /tmp/cp.txt) \
 *   dev.tandem.store.imports.ImportTiming ../shared/data
 * </pre>
 */
public final class ImportTiming {
  private ImportTiming() {}

  /** Args: the shared data folder, then optionally dataset names (goodbooks, ml-1m, ml-100k, amazon). */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    String[] which = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
        : new String[] {"goodbooks", "ml-1m", "ml-100k", "amazon"};
    for (String w : which) {
      Importer imp = switch (w) {
        case "goodbooks" -> new GoodbooksImporter(data.resolve("goodbooks-10k"));
        case "ml-1m" -> new MovieLensImporter(data.resolve("ml-1m"));
        case "ml-100k" -> new MovieLensImporter(data.resolve("ml-100k"));
        case "amazon" -> new AmazonImporter(data.resolve("amazon-scientific"));
        default -> throw new IllegalArgumentException("unknown data set " + w);
      };
      Path tmp = Files.createTempDirectory("tandem-timing");
      Path db = tmp.resolve("t.db");
      try (Store store = Store.open(db)) {
        long t0 = System.nanoTime();
        ImportSummary s = imp.importInto(store, ImportOptions.DEFAULT.withProgress((phase, done, total) -> {
          if (done == total) {
            System.out.printf("  %-28s done at %.2f s%n", phase, (System.nanoTime() - t0) / 1e9);
          }
        }));
        double importS = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        long[] n = new long[1];
        double[] sum = new double[1];
        store.feedback().scan((u, i, t, v, ts) -> {
          n[0]++;
          sum[0] += v;
        });
        double scanS = (System.nanoTime() - t1) / 1e9;
        System.out.printf("%-10s import %.2f s | scan %,d rows %.2f s | %s%n", w, importS, n[0], scanS, s.describe());
      } finally {
        for (String f : new String[] {"t.db", "t.db-wal", "t.db-shm"}) {
          Files.deleteIfExists(tmp.resolve(f));
        }
        Files.deleteIfExists(tmp);
      }
    }
  }
}
